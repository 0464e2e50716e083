import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { destinationsNear, linkDestinations, matchAround, replaceSpans, type Span } from '../../src/write/markdownLinks.js';

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

const spansOf = (doc: string, indexes: number[]): Span[] => {
  const found = linkDestinations(doc);
  return indexes.map((i) => ({ start: found[i]!.start, end: found[i]!.end, raw: doc.slice(found[i]!.start, found[i]!.end) }));
};

describe('replaceSpans', () => {
  it('replaces only the chosen destinations, written so they parse back to the new URLs', () => {
    const spans = spansOf(DOC, [0, 3, 4]);
    const out = replaceSpans(DOC, spans, ['/posts/tram/', '/posts/photo page (2)/', '/posts/spaced/#a b']);
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

  it('leaves a span whose URL is undefined', () => {
    const spans = spansOf(DOC, [0, 6]);
    expect(replaceSpans(DOC, spans, [undefined, '/d/'])).toBe(DOC.replace('[ref]: https://blog.example/definition.html', '[ref]: /d/'));
  });
});

describe('matchAround', () => {
  const spans = spansOf(DOC, [0, 6]);
  const relinked = replaceSpans(DOC, spans, ['/posts/tram/', '/posts/definition/']);

  it('sees a file that differs only at the given spans, and says where its text is there', () => {
    const found = matchAround(DOC, spans, relinked)!;
    expect(found.map((s) => s.raw)).toEqual(['/posts/tram/', '/posts/definition/']);
    expect(found.map((s) => relinked.slice(s.start, s.end))).toEqual(['/posts/tram/', '/posts/definition/']);
    expect(matchAround(DOC, spans, DOC)!.map((s) => s.raw)).toEqual(spans.map((s) => s.raw));
  });

  it('refuses a file that differs anywhere else: text, another destination, a line break in a span', () => {
    expect(matchAround(DOC, spans, relinked.replace('Inline code', 'Inline Code'))).toBeUndefined();
    expect(matchAround(DOC, spans, relinked.replace('https://img.example/p.jpg', 'https://img.example/q.jpg'))).toBeUndefined();
    expect(matchAround(DOC, spans, `${relinked}\n[new](https://x.example/)\n`)).toBeUndefined();
    expect(matchAround(DOC, spans, relinked.replace('/posts/tram/', '/posts/\ntram/'))).toBeUndefined();
    expect(matchAround(DOC, spans, relinked.replace('/posts/tram/', ''))).toBeUndefined();
  });
});

describe('destinationsNear', () => {
  const mention = /blog\.example/i;
  const withFrontMatter = `---\ntitle: "[x](https://blog.example/in-front-matter.html)"\n---\n\n${DOC}`;

  it('finds the same destinations as a whole-document parse in the blocks that mention the blog, none in front matter', () => {
    const near = destinationsNear(withFrontMatter, mention);
    const whole = linkDestinations(withFrontMatter).filter((d) => !d.url.includes('in-front-matter'));
    expect(near).toEqual(whole);
    expect(near.map((d) => withFrontMatter.slice(d.start, d.end))).toContain('https://blog.example/2019/05/tram.html');
  });

  it('tokenizes only the blocks that mention the blog', () => {
    const doc = '---\ntitle: t\n---\n\n[a](https://else.example/1)\n\n- item [b](https://blog.example/2)\n  more [c](https://else.example/3)\n\n> [d](https://else.example/4)\n';
    expect(destinationsNear(doc, mention).map((d) => d.url)).toEqual(['https://blog.example/2', 'https://else.example/3']);
    expect(destinationsNear(doc, /nowhere/)).toEqual([]);
  });

  it('agrees with a whole-document parse inside containers and after code, CRLF too', () => {
    const doc = [
      '> quote [q](https://blog.example/q)',
      '> - list [l](https://blog.example/l)',
      '',
      '```',
      '[in code](https://blog.example/code)',
      '```',
      'After [a](https://blog.example/a) the fence.',
      '',
      '1. one',
      '',
      '       indented in a list item [i](https://blog.example/i)',
      '',
      '    code [c](https://blog.example/c)',
      '',
    ].join('\n');
    expect(destinationsNear(doc, mention)).toEqual(linkDestinations(doc));
    const crlf = doc.replace(/\n/g, '\r\n');
    expect(destinationsNear(crlf, mention)).toEqual(linkDestinations(crlf));
  });
});
