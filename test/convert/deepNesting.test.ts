import render from 'dom-serializer';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { flattenDeepNesting, MAX_NESTING } from '../../src/convert/html/depth.js';
import { parseHtml } from '../../src/convert/html/parse.js';
import { htmlToMarkdown } from '../../src/convert/htmlToMarkdown.js';
import { htmlReader } from '../../src/readers/html.js';
import { inputFromBytes } from '../../src/readers/input.js';

const nested = (depth: number, open: string, close: string, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

describe('markup nested thousands deep (a paste accident or an attack)', () => {
  it('converts a body nested 20,000 deep, keeping its words, image and emphasis (it overflowed the stack)', () => {
    const html = `<p>Before.</p>${nested(20_000, '<div><b>', '</b></div>', 'deep words <img src="https://example.com/a.png" alt="pic">')}<p>After.</p>`;
    const { markdown, warnings } = htmlToMarkdown(html);
    expect(warnings).toEqual([{ code: 'NESTING_FLATTENED', message: expect.stringMatching(/^\d+ element\(s\) nested deeper than 256 levels unwrapped/) }]);
    expect(markdown).toContain('Before.');
    expect(markdown).toContain('deep words');
    expect(markdown).toContain('![pic](https://example.com/a.png)');
    expect(markdown).toContain('After.');
  });

  it('leaves ordinary nesting alone: nothing is unwrapped below the limit', () => {
    const html = nested(40, '<ul><li>', '</li></ul>', 'leaf');
    const document = parseHtml(html);
    expect(flattenDeepNesting(document)).toBe(0);
    expect(htmlToMarkdown(html).warnings).toEqual([]);
    // Forty list levels, all kept: forty markers before the leaf.
    expect(htmlToMarkdown(html).markdown.match(/- /g)).toHaveLength(40);
  });

  it('unwraps only what lies deeper than the limit, in document order', () => {
    const document = parseHtml(nested(MAX_NESTING + 3, '<span>', '</span>', 'a<br>b'));
    expect(flattenDeepNesting(document)).toBe(0); // parseHtml already flattened it
    let depth = 0;
    let node = document.children[0];
    while (node && 'children' in node && node.children.length === 1 && node.children[0]!.type === 'tag') {
      node = node.children[0];
      depth++;
    }
    expect(depth).toBeLessThanOrEqual(MAX_NESTING);
    expect(htmlToMarkdown(nested(MAX_NESTING + 3, '<span>', '</span>', 'a<br>b')).markdown).toBe('a\\\nb\n');
  });

  it('flattens exactly what a walk of the whole tree would, at every depth around the limit', () => {
    for (let depth = MAX_NESTING - 3; depth <= MAX_NESTING + 3; depth++) {
      const html = `<p>a</p>${nested(depth, '<div>', '</div>', '<b>deep <i>words</i></b>')}<p>b</p>`;
      const walked = parseDocument(html);
      const unwrapped = flattenDeepNesting(walked);
      let heard = 0;
      const parsed = parseHtml(html, (count) => (heard = count));
      expect(heard, `depth ${depth}`).toBe(unwrapped);
      expect(render(parsed), `depth ${depth}`).toBe(render(walked));
    }
  });

  it('reads a saved page nested 20,000 deep as its post, in well under the test timeout (it took minutes)', async () => {
    const page = `<!doctype html><html><head><title>Deep</title></head><body><article class="post hentry"><h1 class="entry-title">Deep</h1><time class="published" datetime="2020-01-02T10:00:00Z">2 January 2020</time><div class="entry-content"><p>Start.</p>${nested(20_000, '<div>', '</div>', 'deep text')}</div></article></body></html>`;
    const input = inputFromBytes('deep.html', new TextEncoder().encode(page));
    const posts = [];
    const warnings: { code: string; message: string; source?: { file: string } }[] = [];
    for await (const post of htmlReader.read(input, { onWarning: (warning) => warnings.push(warning) })) posts.push(post);
    expect(warnings.map((w) => [w.code, w.source?.file])).toEqual([['NESTING_FLATTENED', 'deep.html']]);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.title).toBe('Deep');
    expect(posts[0]!.body.value).toContain('deep text');
  });
});
