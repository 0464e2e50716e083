import type { MarkdownDialect } from './dialect.js';
import { REMOVAL_MESSAGES, runCleanup, type CleanupContext, type RemovalCode } from './html/cleanup.js';
import { parseHtml, type TextNotes } from './html/parse.js';
import { markdownWriter } from './html/rules.js';

export interface HtmlToMarkdownOptions {
  /** Absolute URL the post lived at; relative links/images are resolved against it when given. */
  baseUrl?: string;
  /**
   * Blogger's "Convert line breaks" blog setting (`BLOG_CONVERT_LINE_BREAKS` in a classic
   * export): when on, Blogger shows every newline typed into the post's HTML as a line break.
   * Default false (HTML semantics: a newline is a space).
   */
  convertLineBreaks?: boolean;
  /** The parser the Markdown is written for (default CommonMark; Jekyll's is kramdown). */
  dialect?: MarkdownDialect;
}

export interface HtmlConversion {
  markdown: string;
  warnings: { code: string; message: string }[];
}

/** Built once per dialect: the rule lookup it caches is shared by every post. */
const writers: Partial<Record<MarkdownDialect, ReturnType<typeof markdownWriter>>> = {};
function writerFor(dialect: MarkdownDialect): ReturnType<typeof markdownWriter> {
  return (writers[dialect] ??= markdownWriter(undefined, dialect));
}

/**
 * A post body in HTML → CommonMark (GFM tables and strikethrough) that renders back to the same
 * words, images and links.
 *
 * One parse (`html/parse.ts`), then two passes over that DOM: the cleanup rules
 * (`html/cleanup.ts`) repair and sanitise it — Blogger's image wrappers and captions, old-editor
 * styling, `<br>` soup, code blocks, embeds — and the writer (`html/writer.ts`) writes it through
 * the Markdown rules (`html/rules.ts`). Embeds (iframes, players, gists, tweets) stay as
 * sanitised raw HTML blocks and the jump break as `<!--more-->`; no other HTML is left.
 * Removed scripts, styles, event handlers and script URLs are reported in `warnings`.
 *
 * The result ends with one "\n", or is "" when the body shows nothing.
 */
export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): HtmlConversion {
  // Most bodies need no warning: the map is made for the first.
  let counts: Map<RemovalCode, number> | undefined;
  const note = (code: RemovalCode, count = 1) => {
    counts ??= new Map();
    counts.set(code, (counts.get(code) ?? 0) + count);
  };
  const textsHold: TextNotes = { nbsp: true, sentinel: true };
  const ctx: CleanupContext = {
    root: parseHtml(html, (count) => note('NESTING_FLATTENED', count), textsHold),
    baseUrl: options.baseUrl,
    convertLineBreaks: options.convertLineBreaks ?? false,
    note,
    textsHold,
  };
  runCleanup(ctx);
  const markdown = tidyMarkdown(writerFor(options.dialect ?? 'commonmark')(ctx.root));
  const warnings =
    counts === undefined
      ? []
      : [...counts].map(([code, count]) => ({ code, message: `${count} ${REMOVAL_MESSAGES[code]}` }));
  return { markdown, warnings };
}

/**
 * Whether tidying leaves `markdown` as it is (but for the final newline), found by looking at
 * the line ends and the colons instead of going line by line: no line ends in white space, no
 * blank line starts it or follows another (every blank line is empty when none ends in white
 * space), no hard break after a bare URL, and no colon with nothing but container-prefix
 * characters before it on its line (a possible definition). Fences only matter for what these
 * exclude.
 */
function isTidy(markdown: string): boolean {
  if (markdown === '' || markdown.charCodeAt(0) === 0x0a) return false;
  const last = markdown.charCodeAt(markdown.length - 1);
  if (last === 0x20 || last === 0x09 || last === 0x0a || last === 0x5c) return false;
  // One search for the (few) line breaks, not one search per pattern for ' \n' (spaces are
  // everywhere: a search for it stops at each), '\t\n' and '\n\n\n'.
  for (let at = markdown.indexOf('\n'); at >= 0; at = markdown.indexOf('\n', at + 1)) {
    const before = markdown.charCodeAt(at - 1); // at > 0: the first character is no line break
    if (before === 0x20 || before === 0x09) return false;
    if (markdown.charCodeAt(at + 1) === 0x0a && markdown.charCodeAt(at + 2) === 0x0a) return false;
    // A hard break: only one right after a bare URL is rewritten (most posts with breaks have
    // links elsewhere, and a test of the whole text for a URL sent them all line by line).
    if (before === 0x5c && HARD_BREAK_AFTER_URL.test(markdown.slice(markdown.lastIndexOf('\n', at - 1) + 1, at))) {
      return false;
    }
  }
  for (let at = markdown.indexOf(':'); at >= 0; at = markdown.indexOf(':', at + 1)) {
    let i = at - 1;
    while (i >= 0 && isPrefixChar(markdown.charCodeAt(i))) i--;
    if (i < 0 || markdown.charCodeAt(i) === 0x0a) return false;
  }
  return true;
}

/** A character CONTAINER_PREFIX can match: space, tab, `>`, `-`, `+`, `*`, a digit, `.`, `)`. */
function isPrefixChar(code: number): boolean {
  return (
    code === 0x20 || code === 0x09 || code === 0x3e || code === 0x2d || code === 0x2b || code === 0x2a ||
    (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x29
  );
}

/** Block quote markers, list markers and indentation in front of a line's content. */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/;
/** A fence opener: a backtick fence's info string holds no backtick (else it is a code span). */
const FENCE = /^(`{3,}(?=[^`]*$)|~{3,})/;
const CLOSING_FENCE = /^(`{3,}|~{3,})$/;

/**
 * A hard break (`\\` at the end of a line: an odd run of backslashes) right after a bare URL.
 * GFM's autolink literals (remark-gfm, so Astro; GitHub) take the backslash into the URL, which
 * then shows, and the break is lost.
 */
const HARD_BREAK_AFTER_URL = /(?<![(<\w])(?:https?:\/\/|www\.)[^\s<>]*?(?<!\\)(?:\\\\)*\\$/;

/**
 * A line starting `: ` is a definition to kramdown and to Hugo's Goldmark (its default
 * extensions). Only here is it known that a text node starts a line, so it is escaped here.
 */
const DEFINITION = /^:(?=[ \t]|$)/;

/**
 * Line-level tidying: no trailing whitespace (it could read as a hard break; code lines have
 * none of their own, so inside code it is only indentation of blank lines), no runs of blank
 * lines outside fenced code, no leading blank lines; one final newline. The one exception: a hard
 * break after a bare URL is written as two trailing spaces instead of `\\` (see
 * HARD_BREAK_AFTER_URL), the one form every parser reads as a break there. A definition-like
 * line start is escaped (see DEFINITION).
 */
function tidyMarkdown(markdown: string): string {
  if (isTidy(markdown)) return markdown + '\n';
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const end = line.charCodeAt(line.length - 1);
    const trimmed = end === 0x20 || end === 0x09 ? line.replace(/[ \t]+$/, '') : line;
    if (fence !== undefined) {
      out.push(trimmed);
      const m = CLOSING_FENCE.exec(trimmed.replace(CONTAINER_PREFIX, ''));
      if (m && m[1]!.charAt(0) === fence.charAt(0) && m[1]!.length >= fence.length) fence = undefined;
      continue;
    }
    if (trimmed.includes('`') || trimmed.includes('~')) {
      const m = FENCE.exec(trimmed.replace(CONTAINER_PREFIX, ''));
      if (m) fence = m[1];
    }
    if (trimmed === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    let tidy =
      trimmed.charCodeAt(trimmed.length - 1) === 0x5c && HARD_BREAK_AFTER_URL.test(trimmed)
        ? `${trimmed.slice(0, -1)}  `
        : trimmed;
    if (trimmed.includes(':')) {
      // Only the prefix's length is needed: no copy of the rest of the line (most lines with a
      // colon hold a link's URL, not a definition).
      const at = CONTAINER_PREFIX.exec(trimmed)![0].length;
      if (trimmed.charCodeAt(at) === 0x3a && DEFINITION.test(trimmed.slice(at, at + 2))) {
        tidy = `${tidy.slice(0, at)}\\${tidy.slice(at)}`;
      }
    }
    out.push(tidy);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length === 0 ? '' : out.join('\n') + '\n';
}
