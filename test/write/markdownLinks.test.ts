import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { linkDestinations, replaceDestinations, sameButDestinations } from '../../src/write/markdownLinks.js';

const markdownIt = new MarkdownIt({ html: true });
/** Every link href markdown-it renders (a second CommonMark parser, to check against). */
const renderedLinks = (markdown: string) => [...markdownIt.render(markdown).matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!);

/** A post about linking, as blogport writes one: links in prose, and the same syntax in code. */
const DOC = [
  'See [the tram](https://blog.example/2019/05/tram.html "Tram 28") and [a \\(bracketed\\) one](https://blog.example/a\\(1\\).html).',
  '',
  'Inline code is not a link: `[x](https://blog.example/code-span.html)`, nor is ``[y](https://blog.example/double.html)``.',
  '',
  '```',
  '[z](https://blog.example/fenced.html)',
  '```',
  '',
  '~~~~md',
  '[tilde](https://blog.example/tilde.html)',
  '~~~~',
  '',
  '    [w](https://blog.example/indented.html)',
  '',
  '[![photo](https://img.example/p.jpg)](https://blog.example/photo-page.html)',
  '',
  '[spaced](<https://blog.example/with space.html>) and [entity](https://blog.example/a?x=1&amp;y=2)',
  '',
  '[ref]: https://blog.example/definition.html',
  '',
  '<div><a href="https://blog.example/raw-html.html">raw</a></div>',
  '',
].join('\n');

describe('linkDestinations', () => {
  it('finds link, image and definition destinations, decoded, and nothing inside code or raw HTML', () => {
    const found = linkDestinations(DOC);
    expect(found.map((d) => [d.url, d.image])).toEqual([
      ['https://blog.example/2019/05/tram.html', false],
      ['https://blog.example/a(1).html', false],
      ['https://img.example/p.jpg', true],
      ['https://blog.example/photo-page.html', false],
      ['https://blog.example/with space.html', false],
      ['https://blog.example/a?x=1&y=2', false],
      ['https://blog.example/definition.html', false],
    ]);
    // The offsets cover the destination as written, `<…>` and escapes included.
    expect(found.map((d) => DOC.slice(d.start, d.end))).toEqual([
      'https://blog.example/2019/05/tram.html',
      'https://blog.example/a\\(1\\).html',
      'https://img.example/p.jpg',
      'https://blog.example/photo-page.html',
      '<https://blog.example/with space.html>',
      'https://blog.example/a?x=1&amp;y=2',
      'https://blog.example/definition.html',
    ]);
  });

  it('agrees with markdown-it on which links there are (raw HTML aside)', () => {
    const ours = linkDestinations(DOC).filter((d) => !d.image && !d.url.includes('definition')).map((d) => d.url);
    const theirs = renderedLinks(DOC).filter((href) => !href.includes('raw-html')).map((href) => decodeURI(href.replace(/&amp;/g, '&')));
    expect(ours).toEqual(theirs);
  });

  it('reads offsets right after tabs, CRLF line ends and astral characters', () => {
    const doc = 'a\tb 😀\r\n[x](https://e.example/1) \t[y](<https://e.example/2>)\r\n';
    expect(linkDestinations(doc).map((d) => doc.slice(d.start, d.end))).toEqual(['https://e.example/1', '<https://e.example/2>']);
  });
});

describe('replaceDestinations', () => {
  it('replaces only the chosen destinations, written so they parse back to the new URLs', () => {
    const found = linkDestinations(DOC);
    const out = replaceDestinations(DOC, found, new Map([[0, '/posts/tram/'], [3, '/posts/photo page (2)/'], [4, '/posts/spaced/#a b']]));
    expect(linkDestinations(out).map((d) => d.url)).toEqual([
      '/posts/tram/',
      'https://blog.example/a(1).html',
      'https://img.example/p.jpg',
      '/posts/photo page (2)/',
      '/posts/spaced/#a b',
      'https://blog.example/a?x=1&y=2',
      'https://blog.example/definition.html',
    ]);
    // The title stays, the code keeps its text.
    expect(out).toContain('[the tram](/posts/tram/ "Tram 28")');
    expect(out).toContain('[z](https://blog.example/fenced.html)');
    expect(out.split('\n').slice(2)).toEqual(
      DOC.split('\n')
        .slice(2)
        .map((line) => line.replace('](https://blog.example/photo-page.html)', '](</posts/photo page \\(2\\)/>)').replace('](<https://blog.example/with space.html>)', '](</posts/spaced/#a b>)')),
    );
  });
});

describe('sameButDestinations', () => {
  const found = linkDestinations(DOC);
  const relinked = replaceDestinations(DOC, found, new Map([[0, '/posts/tram/'], [6, '/posts/definition/']]));

  it('sees a file that differs only at the given destinations, and gives its URLs there', () => {
    expect(sameButDestinations(DOC, found, relinked, [0, 6])).toEqual(['/posts/tram/', '/posts/definition/']);
    expect(sameButDestinations(DOC, found, DOC, [0, 6])).toEqual(['https://blog.example/2019/05/tram.html', 'https://blog.example/definition.html']);
  });

  it('refuses a file that differs anywhere else: text, another destination, a link more or less', () => {
    expect(sameButDestinations(DOC, found, relinked.replace('Inline code', 'Inline Code'), [0, 6])).toBeUndefined();
    expect(sameButDestinations(DOC, found, relinked, [0])).toBeUndefined();
    expect(sameButDestinations(DOC, found, `${relinked}\n[new](https://x.example/)\n`, [0, 6])).toBeUndefined();
    expect(sameButDestinations(DOC, found, relinked.replace('[![photo]', '![photo]'), [0, 6])).toBeUndefined();
  });
});
