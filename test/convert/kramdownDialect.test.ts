/**
 * `dialect: 'kramdown'` (Jekyll's parser): what kramdown would read as markup is escaped too, and
 * every extra escape still renders to the same text under CommonMark. kramdown itself runs in the
 * integration suite (test/integration/jekyll.test.ts), where these cases were found.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/convert/htmlToMarkdown.js';
import { textToMarkdown } from '../../src/convert/textToMarkdown.js';
import { renderedTexts, sameTextEverywhere } from '../helpers/renderText.js';

const STRICT = ['commonmark', 'markdown-it'] as const;
const kramdownText = (text: string) => textToMarkdown(text, { detectCode: false, dialect: 'kramdown' }).replace(/\n$/, '');
const kramdownHtml = (html: string) => htmlToMarkdown(html, { dialect: 'kramdown' }).markdown.replace(/\n$/, '');

describe('kramdown dialect: plain text', () => {
  it.each([
    ['a | b', 'a \\| b'], // a table row to kramdown
    ['costs $$5', 'costs \\$\\$5'], // math
    ['one $ is fine', 'one $ is fine'],
    ['text {: .cls} and {#id}', 'text \\{: .cls} and \\{#id}'], // attribute list, header id
    ['{x} stays', '{x} stays'],
    ['term\n: definition', 'term\n\\: definition'], // definition list
    ['Tom &amp; Jerry', 'Tom &amp;amp; Jerry'], // `\&` is no escape in kramdown
    ['Q&A stays', 'Q&A stays'],
    ['in order:\n1. one\n2. two', 'in order:\n1\\. one\n2\\. two'], // any number starts a list
  ])('%j → %j', (text, markdown) => {
    expect(kramdownText(text)).toBe(markdown);
    expect(renderedTexts(markdown, STRICT)).toEqual(sameTextEverywhere(text, STRICT));
  });

  it('changes nothing for CommonMark, but for a definition line, which Goldmark (Hugo) reads too', () => {
    expect(textToMarkdown('a | b $$ {: x}\n2. z', { detectCode: false })).toBe('a | b $$ {: x}\n2. z\n');
    expect(textToMarkdown('term\n: y', { detectCode: false })).toBe('term\n\\: y\n');
    expect(textToMarkdown('Tom &amp; Jerry', { detectCode: false })).toBe('Tom \\&amp; Jerry\n');
  });

  it('still renders back to the same text in CommonMark, for any text', () => {
    const alphabet = fc.constantFrom('a', ' ', '\n', '|', '$', '{', ':', '#', '&', ';', '1', '.', '*', '_', '`', '\\', '<', '[', ']', '-');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')), (text) => {
        const markdown = textToMarkdown(text, { detectCode: false, dialect: 'kramdown' });
        expect(renderedTexts(markdown, STRICT)).toEqual(sameTextEverywhere(text, STRICT));
      }),
      { numRuns: 300 },
    );
  });
});

describe('kramdown dialect: HTML', () => {
  it.each([
    ['<p>More information | Más información</p>', 'More information \\| Más información'],
    ['<p><a href="https://x.example/a">SOLVE | Guide</a></p>', '[SOLVE \\| Guide](https://x.example/a)'],
    ['<p><a href="https://x.example/a|b">x</a></p>', '[x](https://x.example/a%7Cb)'],
    ['<p>The menu said Tom &amp;amp; Jerry</p>', 'The menu said Tom &amp;amp; Jerry'],
    ['<p>costs $$5</p>', 'costs \\$\\$5'],
    ['<p>{: .x}</p>', '\\{: .x}'],
    ['<p><code>a | b</code> stays a code span</p>', '`a | b` stays a code span'],
    ['<p><img src="https://x.example/i.png" alt="a | b"></p>', '![a \\| b](https://x.example/i.png)'],
  ])('%s → %s', (html, markdown) => {
    expect(kramdownHtml(html)).toBe(markdown);
  });

  it('escapes a pipe in a table cell once', () => {
    const markdown = kramdownHtml('<table><tr><th>a|b</th><th>c</th></tr><tr><td>x \\| y</td><td>z</td></tr></table>');
    expect(markdown).toContain('| a\\|b | c |');
    expect(markdown).toContain('| x \\\\\\| y | z |');
    expect(htmlToMarkdown('<table><tr><th>a|b</th><th>c</th></tr></table>').markdown).toContain('| a\\|b | c |');
  });

  it('escapes a definition line in every dialect, and only at a line start', () => {
    for (const dialect of ['commonmark', 'kramdown'] as const) {
      expect(htmlToMarkdown('<p>term<br>: definition</p><p>: another</p>', { dialect }).markdown).toBe('term\\\n\\: definition\n\n\\: another\n');
      expect(htmlToMarkdown('<p><b>Note</b>: text</p>', { dialect }).markdown).toBe('**Note**: text\n');
      expect(htmlToMarkdown('<pre><code>: code\n</code></pre>', { dialect }).markdown).toBe('```\n: code\n```\n');
    }
  });

  it('keeps CommonMark output as it was', () => {
    expect(htmlToMarkdown('<p>a | b and Tom &amp;amp; Jerry and $$</p>').markdown).toBe('a | b and Tom \\&amp; Jerry and $$\n');
  });
});
