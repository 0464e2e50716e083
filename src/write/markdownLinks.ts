/**
 * Where a Markdown document's link destinations are, to the character, so they can be replaced
 * without touching anything else.
 *
 * micromark, the reference CommonMark tokenizer, finds them: a destination inside a code span, a
 * fenced or indented code block or raw HTML is not a link, and micromark knows that exactly where a
 * hand-written scanner would guess. It is also slow (about 1.5 MB/s), so a document is first cut
 * into its top-level blocks by markdown-it's block parser (some 50 MB/s), and only the blocks that
 * mention the blog at all are tokenized by micromark. A top-level block parses the same alone as
 * in its document: containers, fences and lazy lines stay inside it, and a destination always
 * lies in one block (a reference link's is in its definition).
 */
import MarkdownIt from 'markdown-it';
import { parse, postprocess, preprocess } from 'micromark';
import { decodeString } from 'micromark-util-decode-string';
import { escapeDestination } from '../convert/html/escape.js';

export interface Destination {
  /** Offsets of the destination as written (with `<…>` and backslash escapes) in the document. */
  start: number;
  end: number;
  /** The URL it stands for: escapes and character references decoded. */
  url: string;
  /** An image's source rather than a link's target. */
  image: boolean;
}

const parser = parse();
const DESTINATION = new Set(['resourceDestination', 'definitionDestination']);
const STRING = new Set(['resourceDestinationString', 'definitionDestinationString']);

/**
 * Every link, image and link-definition destination of `markdown` (the whole of it, with
 * micromark), in document order; offsets plus `offset`.
 */
export function linkDestinations(markdown: string, offset = 0): Destination[] {
  // One parser for all calls (building one combines every construct: a third of the time on
  // short blocks); only the link definitions it has seen are per document, so forget them.
  parser.defined.length = 0;
  const events = postprocess(parser.document().write(preprocess()(markdown, undefined, true)));
  const found: Destination[] = [];
  let images = 0;
  let current: Destination | undefined;
  for (const [kind, token] of events) {
    if (token.type === 'image') images += kind === 'enter' ? 1 : -1;
    if (kind !== 'enter') continue;
    if (DESTINATION.has(token.type)) {
      current = { start: offset + token.start.offset, end: offset + token.end.offset, url: '', image: images > 0 };
      found.push(current);
    } else if (STRING.has(token.type) && current) {
      current.url = decodeString(markdown.slice(token.start.offset, token.end.offset));
    }
  }
  return found;
}

const blocks = new MarkdownIt('commonmark', { html: true });

/**
 * The destinations in the body of a document (after its front matter, which is YAML, not
 * Markdown) that lie in a top-level block matching `mention` — a quick test for "may link to the
 * blog" — in document order. Every destination in such a block is returned; blocks without a
 * mention are not tokenized.
 */
export function destinationsNear(document: string, mention: RegExp): Destination[] {
  const bodyStart = frontMatterEnd(document);
  const body = document.slice(bodyStart);
  if (!mention.test(body)) return [];
  // markdown-it's block parser expects normalised input; anything else is tokenized whole.
  if (/[\r\0]/.test(body)) return linkDestinations(body, bodyStart);
  const lineStarts = [0];
  for (let at = body.indexOf('\n'); at >= 0; at = body.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const tokens: ReturnType<typeof blocks.parse> = [];
  blocks.block.parse(body, blocks, {}, tokens);
  const found: Destination[] = [];
  const visit = (fromLine: number, toLine: number) => {
    const start = lineStarts[fromLine] ?? body.length;
    const end = lineStarts[toLine] ?? body.length;
    const block = body.slice(start, end);
    if (end > start && mention.test(block)) found.push(...linkDestinations(block, bodyStart + start));
  };
  // Each top-level block, and whatever lies between them that no block covers (blank lines, or
  // anything a markdown-it version would leave out of its tokens).
  let covered = 0;
  for (const token of tokens) {
    if (token.level !== 0 || token.nesting === -1 || !token.map || token.map[0] < covered) continue;
    if (token.map[0] > covered) visit(covered, token.map[0]);
    visit(token.map[0], token.map[1]);
    covered = token.map[1];
  }
  visit(covered, lineStarts.length);
  return found;
}

/** Where the body starts: after a leading `---` … `---` front matter block, if there is one. */
function frontMatterEnd(document: string): number {
  if (!document.startsWith('---\n')) return 0;
  if (document.startsWith('---\n---\n')) return 8;
  const close = document.indexOf('\n---\n', 3);
  return close < 0 ? 0 : close + 5;
}

/** A span of a document and the text it holds. */
export interface Span {
  start: number;
  end: number;
  raw: string;
}

/** `text` with each span (in order, not overlapping) replaced by a destination for its URL. */
export function replaceSpans(text: string, spans: readonly Span[], urls: readonly (string | undefined)[]): string {
  let out = '';
  let at = 0;
  spans.forEach((span, i) => {
    const url = urls[i];
    if (url === undefined) return;
    out += text.slice(at, span.start) + escapeDestination(url);
    at = span.end;
  });
  return out + text.slice(at);
}

/** How a URL is written as a destination (what `replaceSpans` puts in). */
export const destinationText = escapeDestination;

/**
 * Whether `b` is `a` with other text at `spans` (single lines, as destinations are): everything
 * before, between and after them the same. Returns where those texts are in `b`, or `undefined`
 * when `b` differs anywhere else.
 */
export function matchAround(a: string, spans: readonly Span[], b: string): Span[] | undefined {
  if (spans.length === 0) return a === b ? [] : undefined;
  const head = a.slice(0, spans[0]!.start);
  if (!b.startsWith(head)) return undefined;
  const found: Span[] = [];
  let at = head.length;
  for (let i = 0; i < spans.length; i++) {
    const last = i === spans.length - 1;
    const after = a.slice(spans[i]!.end, last ? a.length : spans[i + 1]!.start);
    const next = last ? (b.endsWith(after) ? b.length - after.length : -1) : b.indexOf(after, at + 1);
    if (next < at + 1) return undefined;
    const raw = b.slice(at, next);
    if (raw.includes('\n')) return undefined;
    found.push({ start: at, end: next, raw });
    at = next + after.length;
  }
  return found;
}
