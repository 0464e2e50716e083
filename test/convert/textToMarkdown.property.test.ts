import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { textToMarkdown } from '../../src/convert/textToMarkdown.js';
import { renderedTexts, sameTextEverywhere } from '../helpers/renderText.js';

/**
 * The round trip: whatever the text, the converted Markdown rendered by commonmark (reference)
 * and by markdown-it (`html: true`, tables, strikethrough) has the text content of the source,
 * whitespace collapsed. markdown-it with linkify gets its own properties below.
 *
 * `PROPERTY_RUNS=20000 npx vitest run test/convert/textToMarkdown.property` to dig deeper.
 */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const STRICT = ['commonmark', 'markdown-it'] as const;

/** Things Markdown gives meaning to, alone and in the combinations that form constructs. */
const SNIPPETS = [
  '*', '**', '***', '_', '__', '___', '`', '``', '```', '````', '~', '~~', '~~~',
  '[', ']', '](', ']:', '![', '[a](b)', '[x]: /u', '[^1]',
  '<', '>', '> ', '<a', '</p>', '<div>', '<!--', '-->', '<?', '<![CDATA[', '<a@b.co>', 'x@y.z',
  '<http://a.b>', '<1@x.io>', '<_a@b.c>', '<=', '<-',
  '&', '&amp;', '&#123;', '&#x41;', '&copy;', '&nbsp;', '&bogus;',
  '#', '# ', '## ', '#######', '-', '- ', '--', '---', '+', '+ ', '=', '==', '===',
  '|', '| ', '|-', '|-|', '---|---', ':-:', ':', '!', '\\', '\\\\', '.', '(', ')',
  '1.', '1. ', '1)', '2. ', '0.', '123456789.', '1234567890. ',
  'http://x.y/a_b*c', 'https://example.com/(x)', 'http://a.b/x', 'ftp://h/', 'www.example.com',
  'www.a.b/', 'mailto:a@b.c',
  'snake_case', 'x_call.c', '__init__', 'f()', 'a*b', '2*3', ' * ', ' _ ', 'a~b~c',
  ';', '{', '}', '$ ', '$ make', '#include <stdio.h>', 'int main(void) {', 'this->pid = pid;',
  'def f():', 'import os', 'printf("%d", x);', 'x = y;', 'return 0;',
];
const SPACES = [' ', ' ', '  ', '\t', '\n', '\n', '\n', '\n\n', '\n\n\n', '\n  \n', '    ', '\r\n', '\r', '\u00a0', '\u3000', '\u2003', '\f', '\v'];
const WORDS = ['a', 'b', 'Z', 'x', 'foo', 'é', 'e\u0301', '日本語', 'Ω', 'ǅ', '²', '½', '😀', '𝐀', '٣', 'ـ', '\u200b', '\ufeff', '€', '§', '¡', '\ud800', '\udc00'];
const PUNCTUATION = [...'*_`[]<>&#-+=~|!\\.()0123456789:;{}"\'/@$%^?,'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SNIPPETS) },
  { weight: 4, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 4, arbitrary: fc.constantFrom(...PUNCTUATION) },
  // Anything else Unicode has, except NUL (which CommonMark turns into U+FFFD).
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 3 }).map((s) => s.replaceAll('\0', '')),
  },
);
const text = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
/** Text dense in bare URLs directly followed by markup (markdown-it's linkify ends URLs early). */
const urlText = fc
  .array(
    fc.oneof(
      piece,
      fc.constantFrom('http://a.b/x', 'https://e.com/', 'www.a.b/', 'x@y.z', '<b>', '<p>x</p>', '<!--'),
    ),
    { maxLength: 30 },
  )
  .map((pieces) => pieces.join(''));
/** Unicode whitespace other than space, tab and line breaks. */
const UNICODE_SPACE = /(?![\t\n\r ])\s/gu;

/** What block constructs start with. */
const LINE_STARTS = [
  '', '', '', '', '#', '# ', '###### ', '> ', '>', '- ', '-', '* ', '*', '+ ', '+', '1. ', '1.', '2) ',
  '01. ', '---', '- - -', '***', '* * *', '** *', '___', '_ _ _', '__', '===', '=', '|-|', '| --- |',
  ':-', '```', '```c', '~~~', '<div>', '<!-- ', '[a]: ', '[a]:', '    ', '\t',
];
/** Hard-wrapped "posts": lines of pieces, sometimes indented, with blank lines between blocks. */
const line = fc
  .tuple(
    fc.constantFrom('', '', '', ' ', '    ', '\t', '  '),
    fc.constantFrom(...LINE_STARTS),
    fc.array(piece, { maxLength: 10 }),
  )
  .map(([indent, start, pieces]) => indent + start + pieces.join('').replace(/[\r\n]/g, ' '));
const post = fc.array(line, { maxLength: 25 }).map((lines) => lines.join('\n'));

describe('textToMarkdown round trip (property)', () => {
  for (const detectCode of [true, false]) {
    for (const [name, arbitrary] of [
      ['arbitrary text', text],
      ['line-structured text', post],
    ] as const) {
      it(`${name} renders back to the same text (detectCode: ${detectCode})`, () => {
        fc.assert(
          fc.property(arbitrary, (source) => {
            const markdown = textToMarkdown(source, { detectCode });
            expect(renderedTexts(markdown, STRICT)).toEqual(sameTextEverywhere(source, STRICT));
          }),
          { numRuns: NUM_RUNS },
        );
      });
    }
  }

  it('output is normalised: one trailing newline, no blank-line runs, no trailing spaces', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (source, detectCode) => {
        const markdown = textToMarkdown(source, { detectCode });
        if (source.trim() === '') {
          expect(markdown).toBe('');
          return;
        }
        expect(markdown.endsWith('\n')).toBe(true);
        expect(markdown.endsWith('\n\n')).toBe(false);
        expect(markdown.startsWith('\n')).toBe(false);
        const lines = markdown.slice(0, -1).split('\n');
        for (const l of lines) expect(l).toBe(l.trimEnd());
        if (!detectCode) expect(markdown).not.toContain('\n\n\n');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('leaves no raw HTML, even for markdown-it with linkify (html on and off render alike)', () => {
    const withHtml = new MarkdownIt({ html: true, linkify: true });
    const withoutHtml = new MarkdownIt({ html: false, linkify: true });
    fc.assert(
      fc.property(fc.oneof(text, urlText), fc.boolean(), (source, detectCode) => {
        const markdown = textToMarkdown(source, { detectCode });
        expect(withHtml.render(markdown)).toBe(withoutHtml.render(markdown));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('renders back to the same text with linkify when there are no scheme URLs', () => {
    // Known limits of linkify itself: it shows a bare `scheme://` URL as written, so backslash
    // escapes inside one become visible; it rewrites punycode and percent-escapes; and it can
    // swallow Unicode whitespace next to a link.
    const noSchemeUrls = fc
      .oneof(text, urlText)
      .map((s) => s.replace(UNICODE_SPACE, ' '))
      .filter((s) => !/:\/\/|xn--|%/i.test(s));
    fc.assert(
      fc.property(noSchemeUrls, fc.boolean(), (source, detectCode) => {
        const markdown = textToMarkdown(source, { detectCode });
        expect(renderedTexts(markdown, ['markdown-it+linkify'])).toEqual(
          sameTextEverywhere(source, ['markdown-it+linkify']),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
