import { describe, expect, it } from 'vitest';
import { renderPost } from '../../../src/layouts/toMarkdown.js';
import { layoutNames } from '../../../src/layouts/index.js';
import { bestCandidate, collectReferences } from '../../../src/write/assets/collect.js';
import { rewriteDocument } from '../../../src/write/assets/rewrite.js';
import { makePost } from '../../helpers/makePost.js';

const doc = (body: string, yaml = 'title: T\n') => `---\n${yaml}---\n\n${body}\n`;
const found = (document: string) => collectReferences(document).map((r) => [r.kind, r.url, document.slice(r.start, r.end)]);

describe('collectReferences', () => {
  it.each([
    ['an image', '![a](https://x.test/a.jpg)', [['image', 'https://x.test/a.jpg', 'https://x.test/a.jpg']]],
    ['a title after the destination', '![a](https://x.test/a.jpg "Title")', [['image', 'https://x.test/a.jpg', 'https://x.test/a.jpg']]],
    ['escapes in the destination', '![a](https://x.test/a\\(1\\).jpg)', [['image', 'https://x.test/a(1).jpg', 'https://x.test/a\\(1\\).jpg']]],
    ['an angle-bracket destination', '![a](<https://x.test/a b.jpg>)', [['image', 'https://x.test/a b.jpg', 'https://x.test/a b.jpg']]],
    ['a character reference', '![a](https://x.test/a.jpg?x=1&amp;y=2)', [['image', 'https://x.test/a.jpg?x=1&y=2', 'https://x.test/a.jpg?x=1&amp;y=2']]],
    ['brackets in the alt text', '![a \\] [b]](https://x.test/a.jpg)', [['image', 'https://x.test/a.jpg', 'https://x.test/a.jpg']]],
    [
      "a thumbnail linked to Blogger's original",
      '[![](https://1.bp.blogspot.com/-x/s320/a.jpg)](https://1.bp.blogspot.com/-x/s1600/a.jpg)',
      [
        ['image', 'https://1.bp.blogspot.com/-x/s320/a.jpg', 'https://1.bp.blogspot.com/-x/s320/a.jpg'],
        ['original', 'https://1.bp.blogspot.com/-x/s1600/a.jpg', 'https://1.bp.blogspot.com/-x/s1600/a.jpg'],
      ],
    ],
    [
      'a googleusercontent =s0 original',
      '[![](https://blogger.googleusercontent.com/img/a/AVvX=w400-h300)](https://blogger.googleusercontent.com/img/a/AVvX=s0)',
      [
        ['image', 'https://blogger.googleusercontent.com/img/a/AVvX=w400-h300', 'https://blogger.googleusercontent.com/img/a/AVvX=w400-h300'],
        ['original', 'https://blogger.googleusercontent.com/img/a/AVvX=s0', 'https://blogger.googleusercontent.com/img/a/AVvX=s0'],
      ],
    ],
    ['an image linking to a page (the page is not saved)', '[![](https://x.test/a.jpg)](https://x.test/about.html)', [['image', 'https://x.test/a.jpg', 'https://x.test/a.jpg']]],
    ['a link with text besides its image', '[see ![](https://x.test/a.jpg)](https://x.test/b.jpg)', [['image', 'https://x.test/a.jpg', 'https://x.test/a.jpg']]],
    ['a plain link to an image (not displayed, not saved)', '[photo](https://x.test/a.jpg)', []],
    ['an image inside a code span', '`![a](https://x.test/a.jpg)`', []],
    ['an image inside a fenced code block', '```\n![a](https://x.test/a.jpg)\n```', []],
    ['an escaped image', '\\![a](https://x.test/a.jpg)', []],
    ['a data: image', '![p](data:image/png;base64,iVBORw0KGgo=)', [['image', 'data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo=']]],
  ])('finds %s', (_, body, expected) => {
    expect(found(doc(body))).toEqual(expected);
  });

  it('finds <img src> and the best srcset candidate in raw HTML, decoding entities', () => {
    const html = '<figure><img src="https://x.test/a.jpg?w=1&amp;h=2" srcset="https://x.test/a-400.jpg 400w, https://x.test/a-1600.jpg 1600w, https://x.test/a-800.jpg 800w"></figure>\n\ntext <img alt=\'x\' src=\'https://x.test/inline.png\'> more';
    expect(found(doc(html))).toEqual([
      ['image', 'https://x.test/a.jpg?w=1&h=2', 'https://x.test/a.jpg?w=1&amp;h=2'],
      ['srcset', 'https://x.test/a-1600.jpg', 'https://x.test/a-400.jpg 400w, https://x.test/a-1600.jpg 1600w, https://x.test/a-800.jpg 800w'],
      ['image', 'https://x.test/inline.png', 'https://x.test/inline.png'],
    ]);
  });

  it("finds a video's poster but not the video itself", () => {
    expect(found(doc('<video controls poster="https://x.test/poster.jpg"><source src="https://x.test/film.mp4" type="video/mp4"></video>'))).toEqual([
      ['image', 'https://x.test/poster.jpg', 'https://x.test/poster.jpg'],
    ]);
  });

  it.each([
    ['a.jpg 1x, b.jpg 2x', { url: 'b.jpg', descriptor: '2x' }],
    ['a.jpg, b.jpg 1.5x', { url: 'b.jpg', descriptor: '1.5x' }],
    ['https://cdn.test/i.jpg?w=1,h=2 100w, https://cdn.test/j.jpg 50w', { url: 'https://cdn.test/i.jpg?w=1,h=2', descriptor: '100w' }],
    ['only.jpg', { url: 'only.jpg', descriptor: '' }],
    ['', undefined],
  ])('picks the best srcset candidate of %j', (srcset, best) => {
    expect(bestCandidate(srcset)).toEqual(best);
  });

  it.each(layoutNames)("finds the cover image in the %s layout's front matter", (layout) => {
    const post = makePost({ image: 'https://x.test/cover.jpg', body: { format: 'html', value: '<p>no images</p>' } });
    const document = renderPost(post, { layout }).document;
    expect(found(document)).toEqual([['cover', 'https://x.test/cover.jpg', 'https://x.test/cover.jpg']]);
    const rewritten = rewriteDocument(document, collectReferences(document).map((ref) => ({ ref, link: '/images/cover.jpg' })));
    expect(rewritten).toBe(document.replace('https://x.test/cover.jpg', '/images/cover.jpg'));
  });

  it('finds a quoted cover URL and writes the replacement as YAML', () => {
    const document = doc('', 'title: T\nimage: "https://x.test/a b.jpg"\nimages:\n  - \'https://x.test/c.jpg\'\n');
    const refs = collectReferences(document);
    expect(refs.map((r) => [r.url, document.slice(r.start, r.end)])).toEqual([
      ['https://x.test/a b.jpg', '"https://x.test/a b.jpg"'],
      ['https://x.test/c.jpg', "'https://x.test/c.jpg'"],
    ]);
    expect(rewriteDocument(document, refs.map((ref, i) => ({ ref, link: `/images/${i}.jpg` })))).toBe(doc('', 'title: T\nimage: /images/0.jpg\nimages:\n  - /images/1.jpg\n'));
  });
});

describe('rewriteDocument', () => {
  it('replaces only the spans, each in its own syntax', () => {
    const document = doc('[![x](https://x.test/t.jpg "T")](https://x.test/o.jpg)\n\n<img src="https://x.test/h.png" srcset="https://x.test/h1.png 1x, https://x.test/h2.png 2x">', 'title: T\nimage: https://x.test/t.jpg\n');
    const links: Record<string, string> = {
      'https://x.test/t.jpg': '/img/t.jpg',
      'https://x.test/o.jpg': '/img/o(1).jpg',
      'https://x.test/h.png': '/img/h&.png',
      'https://x.test/h2.png': '/img/h2.png',
    };
    const refs = collectReferences(document);
    expect(rewriteDocument(document, refs.map((ref) => ({ ref, link: links[ref.url]! })))).toBe(
      doc('[![x](/img/t.jpg "T")](/img/o\\(1\\).jpg)\n\n<img src="/img/h&amp;.png" srcset="/img/h2.png 2x">', 'title: T\nimage: /img/t.jpg\n'),
    );
  });
});
