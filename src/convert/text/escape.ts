/**
 * Escaping of plain-text prose so that CommonMark (and markdown-it with its GFM-ish extras)
 * renders exactly the characters of the source and no markup, while staying readable: only
 * characters that could take part in markup where they stand get a backslash.
 *
 * The input is one paragraph: its lines with leading and trailing whitespace already removed and
 * no blank lines. Rules, inline:
 * - `*`, `_`, `~~`, `~` runs: escaped only when the paragraph has a run that might open
 *   followed by one that might close (then all such runs are escaped). `snake_case` never is.
 * - backticks: a lone run stays; with two or more runs (or a fence) all are escaped.
 * - `]` before `(` or `:` (inline links/images, reference definitions; with no definitions no
 *   other bracket can link); `<` before a letter, `/`, `!`, `?` or an email autolink (raw HTML,
 *   autolinks — as `&lt;` inside a bare URL, see below); `&` that forms an entity; `\` before
 *   punctuation or at a line end (escape, hard break).
 * Line starts: `#` headings, `>` quotes, `-`/`+`/`*` bullets, `1.`/`1)` ordered lists (any
 * number on the first line, 1 later), `---`/`***`/`___` breaks, `=`/`-` setext underlines,
 * ``` ``` ```/`~~~` fences and GFM table delimiter rows.
 *
 * Flanking decisions (emphasis, strikethrough) depend on how a renderer classifies the
 * neighbouring characters, and implementations disagree at the edges (Unicode spaces, symbols,
 * astral characters). Neighbours are therefore sorted into three classes: certainly whitespace
 * (space, tab, line break, start/end of paragraph), certainly a letter or digit (Unicode L/N),
 * and anything else — treated as "could be either". A delimiter is left unescaped only when
 * its neighbours put it beyond doubt.
 */

import type { MarkdownDialect } from '../dialect.js';

/** Certain whitespace: space, tab, line feed, or the edge of the paragraph. */
const SPACE = 0;
/** Certainly neither whitespace nor punctuation in any renderer: a Unicode letter or digit. */
const WORD = 1;
/** Punctuation, symbols, other whitespace, unpaired surrogates… treated as unknown. */
const OTHER = 2;
type CharClass = typeof SPACE | typeof WORD | typeof OTHER;

const NON_ASCII_WORD = /^[\p{L}\p{N}]$/u;

/**
 * Escape marks: a backslash before the character, or an entity instead of it (`&lt;` for `<`;
 * `&amp;` for `&`, for kramdown, which has no `\&` escape).
 */
const BACKSLASH = 1;
const ENTITY_LT = 2;
const ENTITY_AMP = 3;

const C_TAB = 0x09;
const C_LF = 0x0a;
const C_SPACE = 0x20;
const C_AMP = 0x26;
const C_LPAREN = 0x28;
const C_STAR = 0x2a;
const C_COLON = 0x3a;
const C_LT = 0x3c;
const C_BACKSLASH = 0x5c;
const C_RBRACKET = 0x5d;
const C_UNDERSCORE = 0x5f;
const C_BACKTICK = 0x60;
const C_TILDE = 0x7e;
const C_PIPE = 0x7c;
const C_DOLLAR = 0x24;
const C_LBRACE = 0x7b;
const C_HASH = 0x23;

function classifyCodePoint(cp: number): CharClass {
  if (cp === C_SPACE || cp === C_TAB || cp === C_LF) return SPACE;
  if (cp < 0x80) {
    const lower = cp | 0x20;
    if ((cp >= 0x30 && cp <= 0x39) || (lower >= 0x61 && lower <= 0x7a)) return WORD;
    return OTHER;
  }
  return NON_ASCII_WORD.test(String.fromCodePoint(cp)) ? WORD : OTHER;
}

/** Class of the character that ends just before index `i`. */
function classBefore(s: string, i: number): CharClass {
  if (i <= 0) return SPACE;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) {
      return classifyCodePoint(((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
    }
  }
  return classifyCodePoint(low);
}

/** Class of the character that starts at index `i`. */
function classAt(s: string, i: number): CharClass {
  if (i >= s.length) return SPACE;
  return classifyCodePoint(s.codePointAt(i) ?? C_SPACE);
}

/** ASCII punctuation: the characters a backslash can escape in CommonMark. */
function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Characters allowed in the local part of an email autolink (`<local@domain>`). */
function isEmailLocalChar(code: number): boolean {
  if (code >= 0x30 && code <= 0x39) return true;
  if (isAsciiLetter(code)) return true;
  // . ! # $ % & ' * + / = ? ^ _ ` { | } ~ -
  return ".!#$%&'*+/=?^_`{|}~-".includes(String.fromCharCode(code));
}

/** `&` that would be read as an entity or numeric character reference. Superset of the spec. */
const ENTITY_AT = /&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/y;
/** `<` that could start an email autolink (superset: the domain is only glanced at). */
const EMAIL_AUTOLINK_AT = /<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]/y;

/** The characters the inline passes act on (pass 1: delimiter runs; pass 2: the rest). */
const INLINE_SPECIAL = /[`*_~\\\]<&]/;
/** For kramdown also: `|` (table cells), `$$` (math), `{:` / `{#` (attributes, header ids). */
const KRAMDOWN_INLINE_SPECIAL = /[`*_~\\\]<&|]|\$\$|\{[:#]/;

/** Pass 1: a run of one delimiter character. */
const DELIMITER_RUN = /([`*_~])\1*/g;
/** Pass 2's characters; `:` only with a `<` in the paragraph; `|`, `$`, `{` for kramdown only. */
const PASS2 = /[\\`\]&]/g;
const PASS2_WITH_LT = /[:\\`\]<&]/g;
const KRAMDOWN_PASS2 = /[\\`\]&|${]/g;
const KRAMDOWN_PASS2_WITH_LT = /[:\\`\]<&|${]/g;

/** Whether a space, tab or line feed lies strictly between `from` and `to`. */
function hasSpaceBetween(s: string, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) {
    const code = s.charCodeAt(k);
    if (code === C_SPACE || code === C_TAB || code === C_LF) return true;
  }
  return false;
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const ORDERED_MARKER = /^([0-9]{1,9})[.)](?:[ \t]|$)/;
/** Setext `-` underline, `- - -` thematic break, or a GFM table delimiter row. */
const DASH_PIPE_COLON_LINE = /^[-|:][-|: \t]*$/;
const STAR_BREAK = /^(?:\*[ \t]*){3,}$/;
const UNDERSCORE_BREAK = /^(?:_[ \t]*){3,}$/;
const EQUALS_UNDERLINE = /^=+[ \t]*$/;
const TILDE_FENCE = /^~{3,}/;

function markRun(marks: Uint8Array, s: string, from: number): void {
  const code = s.charCodeAt(from);
  for (let k = from; k < s.length && s.charCodeAt(k) === code; k++) marks[k] = BACKSLASH;
}

function isSpaceTabOrEnd(line: string, i: number): boolean {
  if (i >= line.length) return true;
  const code = line.charCodeAt(i);
  return code === C_SPACE || code === C_TAB;
}

/** Delimiter runs of one kind (`*`, `_`, `~~`, `~`) that might open or close a span. */
class DelimiterRuns {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private openerSeen = false;
  /** Some run that might open comes before some run that might close. */
  private paired = false;

  add(start: number, end: number, canOpen: boolean, canClose: boolean): void {
    if (!canOpen && !canClose) return;
    this.starts.push(start);
    this.ends.push(end);
    if (canClose && this.openerSeen) this.paired = true;
    if (canOpen) this.openerSeen = true;
  }

  /**
   * A span needs an opening run followed by a different closing run. Without such a pair every
   * run stays literal on its own; with one, all runs that might take part are escaped.
   */
  markIfPaired(marks: Uint8Array): void {
    if (!this.paired) return;
    for (let r = 0; r < this.starts.length; r++) {
      marks.fill(BACKSLASH, this.starts[r], this.ends[r]);
    }
  }
}

/**
 * Mark the characters of the paragraph `p` (lines joined with "\n") that need a backslash in
 * front of them (or an entity instead). Linear in the length of `p`.
 */
function markEscapes(p: string, kramdown: boolean): Uint8Array {
  const n = p.length;
  const marks = new Uint8Array(n);

  // Most paragraphs hold none of the characters the inline passes look at: skip to line starts.
  if (!(kramdown ? KRAMDOWN_INLINE_SPECIAL : INLINE_SPECIAL).test(p)) {
    markLineStarts(p, marks, kramdown);
    return marks;
  }

  // Pass 1: runs of delimiter characters, found by the regex engine's scan (prose holds few).
  let backtickRuns = 0;
  let fenceLike = false;
  const stars = new DelimiterRuns();
  const underscores = new DelimiterRuns();
  const doubleTildes = new DelimiterRuns();
  const singleTildes = new DelimiterRuns();
  DELIMITER_RUN.lastIndex = 0;
  for (let run = DELIMITER_RUN.exec(p); run; run = DELIMITER_RUN.exec(p)) {
    const i = run.index;
    const j = i + run[0].length;
    const code = p.charCodeAt(i);
    if (code === C_BACKTICK) {
      backtickRuns++;
      if (j - i >= 3 && (i === 0 || p.charCodeAt(i - 1) === C_LF)) fenceLike = true;
      continue;
    }
    // Left-flanking (may open) needs something other than whitespace after the run,
    // right-flanking (may close) something other than whitespace before it.
    const before = classBefore(p, i);
    const after = classAt(p, j);
    const leftFlanking = after !== SPACE;
    const rightFlanking = before !== SPACE;
    if (code === C_STAR) {
      stars.add(i, j, leftFlanking, rightFlanking);
    } else if (code === C_UNDERSCORE) {
      // `snake_case`: an underscore run cannot open after a letter or close before one.
      underscores.add(i, j, leftFlanking && before !== WORD, rightFlanking && after !== WORD);
    } else if (j - i >= 2) {
      doubleTildes.add(i, j, leftFlanking, rightFlanking); // `~~x~~`: markdown-it and GFM
    } else {
      singleTildes.add(i, j, leftFlanking, rightFlanking); // `~x~`: GFM only
    }
  }
  stars.markIfPaired(marks);
  underscores.markIfPaired(marks);
  doubleTildes.markIfPaired(marks);
  singleTildes.markIfPaired(marks);
  // A lone backtick run cannot find a closer, so it stays literal. With two or more runs every
  // backtick is escaped: an escaped backtick still counts as a closer for a code span opened
  // before it, so escaping only some runs is not safe.
  const escapeBackticks = backtickRuns >= 2 || fenceLike;

  // Pass 2: everything else inline, visiting only the characters it acts on. `:` matters only
  // as the start of a bare URL (`scheme://`) a later `<` may sit in, so only when there is one.
  const hasLt = p.includes('<');
  const candidates = kramdown ? (hasLt ? KRAMDOWN_PASS2_WITH_LT : KRAMDOWN_PASS2) : hasLt ? PASS2_WITH_LT : PASS2;
  // Where the last `scheme://` began (its `:`), while no white space has followed it: the
  // characters after it up to the next white space are a bare URL.
  let urlAt = -1;
  // Up to where the URL is known to hold no white space (each character is looked at once).
  let urlCleanTo = -1;
  candidates.lastIndex = 0;
  for (let found = candidates.exec(p); found; found = candidates.exec(p)) {
    const i = found.index;
    const code = p.charCodeAt(i);
    switch (code) {
      case C_COLON:
        // `scheme://`: markdown-it's linkify may take this word as a URL (see C_LT below).
        if (p.charCodeAt(i + 1) === 0x2f && p.charCodeAt(i + 2) === 0x2f && i > 0) {
          const prev = p.charCodeAt(i - 1);
          if (isAsciiLetter(prev) || (prev >= 0x30 && prev <= 0x39)) urlAt = urlCleanTo = i;
        }
        break;
      case C_BACKSLASH: {
        const next = i + 1 < n ? p.charCodeAt(i + 1) : C_LF;
        // Before punctuation it would escape; before a line end it would be a hard break.
        if (next === C_LF || isAsciiPunctuation(next)) marks[i] = BACKSLASH;
        break;
      }
      case C_BACKTICK:
        if (escapeBackticks) marks[i] = BACKSLASH;
        break;
      case C_RBRACKET: {
        // `](` would close an inline link or image, `]:` a link reference definition label.
        // Without definitions and inline destinations, no other bracket can become a link.
        const next = p.charCodeAt(i + 1);
        if (next === C_LPAREN || next === C_COLON) marks[i] = BACKSLASH;
        break;
      }
      case C_LT: {
        // Raw HTML (inline or block) and URI autolinks start with `<` plus a letter, `/`, `!`
        // or `?`; email autolinks with `<` plus a local-part character.
        // Inside a bare URL the escape is an entity: markdown-it's linkify ends a URL at a
        // backslash before `<`, which would leave the `<` live, and with it raw HTML.
        if (urlAt >= 0) {
          if (hasSpaceBetween(p, urlCleanTo, i)) urlAt = -1;
          else urlCleanTo = i;
        }
        const next = p.charCodeAt(i + 1);
        const mark = urlAt >= 0 ? ENTITY_LT : BACKSLASH;
        if (isAsciiLetter(next) || next === 0x2f || next === 0x21 || next === 0x3f) {
          marks[i] = mark;
        } else if (i + 1 < n && isEmailLocalChar(next)) {
          EMAIL_AUTOLINK_AT.lastIndex = i;
          if (EMAIL_AUTOLINK_AT.test(p)) marks[i] = mark;
        }
        break;
      }
      case C_AMP:
        ENTITY_AT.lastIndex = i;
        if (ENTITY_AT.test(p)) marks[i] = kramdown ? ENTITY_AMP : BACKSLASH;
        break;
      // kramdown only (see ../dialect.ts).
      case C_PIPE:
        marks[i] = BACKSLASH;
        break;
      case C_DOLLAR:
        if (p.charCodeAt(i + 1) === C_DOLLAR || (i > 0 && p.charCodeAt(i - 1) === C_DOLLAR)) marks[i] = BACKSLASH;
        break;
      case C_LBRACE: {
        const next = p.charCodeAt(i + 1);
        if (next === C_COLON || next === C_HASH) marks[i] = BACKSLASH;
        break;
      }
    }
  }

  markLineStarts(p, marks, kramdown);
  return marks;
}

/**
 * Line starts: block-level constructs. A line whose first character already carries a
 * backslash cannot start any block.
 */
function markLineStarts(p: string, marks: Uint8Array, kramdown: boolean): void {
  const n = p.length;
  let lineIndex = 0;
  for (let start = 0; start <= n; lineIndex++) {
    let end = p.indexOf('\n', start);
    if (end === -1) end = n;
    if (end > start && marks[start] === 0) markLineStart(p, start, end, lineIndex === 0, marks, kramdown);
    start = end + 1;
  }
}

function markLineStart(
  p: string,
  start: number,
  end: number,
  firstLine: boolean,
  marks: Uint8Array,
  kramdown: boolean,
): void {
  const line = p.slice(start, end);
  switch (line.charCodeAt(0)) {
    case 0x23: // #  ATX heading
      if (ATX_HEADING.test(line)) marks[start] = BACKSLASH;
      return;
    case 0x3e: // >  block quote
      marks[start] = BACKSLASH;
      return;
    case 0x2b: // +  bullet
      if (isSpaceTabOrEnd(line, 1)) marks[start] = BACKSLASH;
      return;
    case 0x2a: // *  bullet or thematic break (the whole run, so no `**` delimiter is left)
      if (isSpaceTabOrEnd(line, 1) || STAR_BREAK.test(line)) markRun(marks, p, start);
      return;
    case 0x2d: // -  bullet, setext underline, thematic break, table delimiter row
      if (isSpaceTabOrEnd(line, 1) || DASH_PIPE_COLON_LINE.test(line)) marks[start] = BACKSLASH;
      return;
    case 0x7c: // |  table delimiter row
    case 0x3a: // :  also a definition (`: text`) in kramdown and in Hugo's Goldmark, by default
      if (DASH_PIPE_COLON_LINE.test(line) && line.includes('-')) marks[start] = BACKSLASH;
      else if (line.charCodeAt(0) === C_COLON && isSpaceTabOrEnd(line, 1)) marks[start] = BACKSLASH;
      return;
    case 0x5f: // _  thematic break
      if (UNDERSCORE_BREAK.test(line)) markRun(marks, p, start);
      return;
    case 0x3d: // =  setext underline
      if (EQUALS_UNDERLINE.test(line)) marks[start] = BACKSLASH;
      return;
    case 0x7e: // ~  fence
      if (TILDE_FENCE.test(line)) markRun(marks, p, start);
      return;
    default: {
      const m = ORDERED_MARKER.exec(line);
      // An ordered list can only interrupt a paragraph when it starts at 1 (in kramdown, at any
      // number).
      if (m && m[1] !== undefined && (firstLine || kramdown || Number(m[1]) === 1)) {
        marks[start + m[1].length] = 1;
      }
    }
  }
}

/**
 * Escape one paragraph of prose. `lines` must be non-empty, without leading or trailing
 * whitespace; the result has the same lines, each with backslashes added where needed. With
 * `dialect: 'kramdown'`, also what kramdown would read as markup (see ../dialect.ts).
 */
export function escapeParagraph(lines: readonly string[], dialect: MarkdownDialect = 'commonmark'): string {
  const p = lines.join('\n');
  const marks = markEscapes(p, dialect === 'kramdown');
  if (marks.indexOf(BACKSLASH) === -1 && marks.indexOf(ENTITY_LT) === -1 && marks.indexOf(ENTITY_AMP) === -1) return p;
  let out = '';
  let from = 0;
  for (let i = 0; i < p.length; i++) {
    const mark = marks[i];
    if (mark === BACKSLASH) {
      out += p.slice(from, i) + '\\';
      from = i;
    } else if (mark === ENTITY_LT) {
      out += p.slice(from, i) + '&lt;';
      from = i + 1;
    } else if (mark === ENTITY_AMP) {
      out += p.slice(from, i) + '&amp;';
      from = i + 1;
    }
  }
  return out + p.slice(from);
}
