/**
 * Markdown escaping for text that came from HTML text nodes, and for the parts of links and
 * images (destinations, titles).
 *
 * Unlike prose from a text dump (see `../text/escape.ts`), an HTML text node is a fragment of a
 * line: what sits before and after it is markup the writer writes (`**`, `[`, `](url)`…). So the
 * inline characters that can take part in markup are escaped wherever they are, and the
 * block-level ones wherever the node could start a line. Only `_` between two letters or digits
 * is left alone (it can never open or close emphasis there, and `snake_case` and URLs stay
 * readable).
 */

import type { MarkdownDialect } from '../dialect.js';

/** Always escaped: backslash, code span, emphasis, strikethrough, link brackets. */
const INLINE_SPECIAL = /[\\`*~[\]]/g;
/** `_` that is not between two letters/digits. */
const LOOSE_UNDERSCORE = /(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
/**
 * `&` that would be read as a character reference — also one at the end of the node, where the
 * next node's text could complete it (`&am` + `p;`) once emphasis between them is dropped.
 */
const ENTITY_LIKE = /&(?=#?[A-Za-z0-9]*(?:;|$))/g;
/**
 * `<` that could start raw HTML or an autolink (`<a`, `</`, `<!`, `<?`, `<1@x.io>`…), here or
 * with the next node's text.
 */
const OPENING_ANGLE = /<(?=\S|$)/g;
/**
 * Stands for a `!` right before a link (`Wow!<a>` would write `Wow![…](…)`, an image). The
 * cleanup pass puts it there; it is a Unicode noncharacter, and input text never keeps one.
 */
export const BANG_BEFORE_LINK = '\ufdd0';
const BANG_SENTINEL = /\ufdd0/g;

/**
 * Block constructs a line can start with, and how to defuse each. "Space" is any Unicode space:
 * the writer trims those at the end of the output, which can turn `---\u3000` into `---`.
 */
const LINE_START: readonly [RegExp, string][] = [
  [/^(#{1,6})(?=\s|$)/, '\\$1'], // ATX heading
  [/^>/, '\\>'], // block quote
  [/^([-+])(?=\s|$)/, '\\$1'], // bullet
  [/^-(?=[-\s]*$)/, '\\-'], // setext underline, thematic break
  [/^=(?=[=\s]*$)/, '\\='], // setext underline
  [/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2'], // ordered list item
  [/^([|:])(?=[-|:\s]*-[-|:\s]*$)/, '\\$1'], // GFM table delimiter row
];

/** Any character an escape below applies to (a fast test for the common case: none). */
const NEEDS_ESCAPE = /[\\`*~[\]_&<\ufdd0]/;
/** Whether `s` starts with a character one of the line-start patterns needs (`#>+-=|:` or a digit). */
function startsLikeBlock(s: string): boolean {
  if (s === '') return false; // (checked, not read past the end: that throws away compiled code)
  const code = s.charCodeAt(0);
  return (
    code === 0x23 || code === 0x3e || code === 0x2b || code === 0x2d || code === 0x3d || code === 0x7c ||
    code === 0x3a || (code >= 0x30 && code <= 0x39)
  );
}

/**
 * kramdown only (see `../dialect.ts`): a table cell separator, a `$` of a math delimiter, a `{`
 * opening an attribute list, extension or header id.
 */
const KRAMDOWN_SPECIAL = /\||\$(?=\$)|(?<=\$)\$|\{(?=[:#])/g;
/** A character a kramdown-only escape applies to (the fast test's complement for kramdown). */
const KRAMDOWN_CHAR = /[|${]/;

/**
 * Escape one text node (whitespace already collapsed, no line breaks) so it renders as exactly
 * its characters wherever the writer places it, in CommonMark — and in kramdown too with
 * `dialect: 'kramdown'`.
 */
export function escapeText(text: string, dialect: MarkdownDialect = 'commonmark'): string {
  const kramdown = dialect === 'kramdown';
  if (!NEEDS_ESCAPE.test(text) && !startsLikeBlock(text) && !(kramdown && KRAMDOWN_CHAR.test(text))) {
    return text;
  }
  let s = text.replace(INLINE_SPECIAL, '\\$&');
  // Each replacement only where its character is there (the `_` one is a costly Unicode scan).
  if (s.includes('_')) s = s.replace(LOOSE_UNDERSCORE, '\\_');
  // kramdown has no `\&` escape; the entity works in both.
  if (s.includes('&')) s = s.replace(ENTITY_LIKE, kramdown ? '&amp;' : '\\&');
  if (s.includes('<')) s = s.replace(OPENING_ANGLE, '&lt;');
  if (s.includes(BANG_BEFORE_LINK)) s = s.replace(BANG_SENTINEL, '\\!');
  if (kramdown) s = s.replace(KRAMDOWN_SPECIAL, '\\$&');
  // The escapes above put only `\\` or `&` first, which no line-start pattern takes.
  if (!startsLikeBlock(s)) return s;
  for (const [pattern, replacement] of LINE_START) {
    if (pattern.test(s)) {
      s = s.replace(pattern, replacement);
      break;
    }
  }
  return s;
}

/** Characters a URL may not carry (browsers strip them too). */
const URL_NOISE = /[\t\n\r]/g;

/** A URL as browsers read an attribute value: tabs and line breaks removed, trimmed. */
export function cleanUrl(url: string): string {
  return url.replace(URL_NOISE, '').trim();
}

/** A character `escapeDestination` removes, escapes or wraps the URL for (white space, controls, `\()<>`). */
const DESTINATION_SPECIAL = /[\s\u0000-\u001f\\()<>]/;
/** The same, and `|` (percent-encoded for kramdown). */
const DESTINATION_SPECIAL_KRAMDOWN = /[\s\u0000-\u001f\\()<>|]/;

/**
 * A link or image destination, written so CommonMark reads back exactly `url`: punctuation that
 * would end or nest it is backslash-escaped, and a URL with spaces goes in `<…>`. For kramdown a
 * `|` (a table cell separator to it) is percent-encoded, which means the same URL.
 */
export function escapeDestination(url: string, dialect: MarkdownDialect = 'commonmark'): string {
  // Most URLs hold none of the characters the steps below act on: one scan tells.
  if (url !== '' && !(dialect === 'kramdown' ? DESTINATION_SPECIAL_KRAMDOWN : DESTINATION_SPECIAL).test(url)) return url;
  const cleaned = dialect === 'kramdown' ? cleanUrl(url).replace(/\|/g, '%7C') : cleanUrl(url);
  const escaped = cleaned.replace(/[\\()<>]/g, '\\$&');
  return escaped === '' || /[\s\u0000-\u001f]/.test(escaped) ? `<${escaped}>` : escaped;
}

/** A link or image title in `"…"`, whitespace collapsed (a blank line would end the paragraph). */
export function escapeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').trim().replace(/[\\"]/g, '\\$&');
}

/** Image alt text: parsed as inline Markdown, so escaped like text, on one line. */
export function escapeAlt(alt: string, dialect: MarkdownDialect = 'commonmark'): string {
  return escapeText(alt.replace(/\s+/g, ' ').trim(), dialect);
}

/** How CommonMark classifies a character next to a delimiter run. */
export const CharClass = { Space: 0, Punctuation: 1, Word: 2 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const UNICODE_SPACE = /^\s$/u;
const UNICODE_PUNCTUATION = /^[\p{P}\p{S}]$/u;

/** Class of an ASCII character, by its code (below 0x80). */
export function classifyAscii(code: number): CharClass {
  return ASCII_CLASS[code]!;
}

/** Class of one character (a code point); `undefined` means the edge of a line. */
export function classify(char: string | undefined): CharClass {
  if (char === undefined || char === '') return CharClass.Space;
  if (char.length === 1) {
    const code = char.charCodeAt(0);
    if (code < 0x80) return ASCII_CLASS[code]!;
  }
  return classifyByPattern(char);
}

function classifyByPattern(char: string): CharClass {
  if (UNICODE_SPACE.test(char)) return CharClass.Space;
  if (UNICODE_PUNCTUATION.test(char)) return CharClass.Punctuation;
  return CharClass.Word;
}

/** `classifyByPattern` of each ASCII character, worked out once (most text is ASCII). */
const ASCII_CLASS: readonly CharClass[] = Array.from({ length: 0x80 }, (_, code) =>
  classifyByPattern(String.fromCharCode(code)),
);

export function firstChar(s: string): string | undefined {
  const cp = s.codePointAt(0);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

export function lastChar(s: string): string | undefined {
  if (s.length === 0) return undefined;
  const low = s.charCodeAt(s.length - 1);
  if (low >= 0xdc00 && low <= 0xdfff && s.length >= 2) return s.slice(-2);
  return s.slice(-1);
}

function leftFlanking(before: CharClass, after: CharClass): boolean {
  return after !== CharClass.Space && (after !== CharClass.Punctuation || before !== CharClass.Word);
}

function rightFlanking(before: CharClass, after: CharClass): boolean {
  return before !== CharClass.Space && (before !== CharClass.Punctuation || after !== CharClass.Word);
}

/**
 * Whether `delimiter` + content + `delimiter` parses as one span, given the classes of the
 * characters outside the opening run, at both ends of the content, and outside the closing run
 * (CommonMark's flanking rules; `~~` follows the `*` rules in GFM and markdown-it).
 */
export function delimiterFits(
  delimiter: '*' | '_' | '~',
  outsideBefore: CharClass,
  contentFirst: CharClass,
  contentLast: CharClass,
  outsideAfter: CharClass,
): boolean {
  const openLeft = leftFlanking(outsideBefore, contentFirst);
  const closeRight = rightFlanking(contentLast, outsideAfter);
  if (delimiter !== '_') return openLeft && closeRight;
  const openRight = rightFlanking(outsideBefore, contentFirst);
  const closeLeft = leftFlanking(contentLast, outsideAfter);
  const canOpen = openLeft && (!openRight || outsideBefore === CharClass.Punctuation);
  const canClose = closeRight && (!closeLeft || outsideAfter === CharClass.Punctuation);
  return canOpen && canClose;
}
