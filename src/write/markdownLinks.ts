/**
 * Where a Markdown document's link destinations are, to the character, so they can be replaced
 * without touching anything else. Found by micromark, the reference CommonMark tokenizer: a
 * destination inside a code span, a fenced or indented code block or raw HTML is not a link, and
 * micromark knows that exactly where a hand-written scanner would guess.
 */
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

const DESTINATION = new Set(['resourceDestination', 'definitionDestination']);
const STRING = new Set(['resourceDestinationString', 'definitionDestinationString']);

/**
 * Every link, image and link-definition destination of `markdown`, in document order. The
 * order (and so the index of each) is the same for two documents that differ only in their
 * destinations, which is what `sameButDestinations` relies on.
 */
export function linkDestinations(markdown: string): Destination[] {
  const events = postprocess(parse().document().write(preprocess()(markdown, undefined, true)));
  const found: Destination[] = [];
  let images = 0;
  let current: Destination | undefined;
  for (const [kind, token] of events) {
    if (token.type === 'image') images += kind === 'enter' ? 1 : -1;
    if (kind !== 'enter') continue;
    if (DESTINATION.has(token.type)) {
      current = { start: token.start.offset, end: token.end.offset, url: '', image: images > 0 };
      found.push(current);
    } else if (STRING.has(token.type) && current) {
      current.url = decodeString(markdown.slice(token.start.offset, token.end.offset));
    }
  }
  return found;
}

/** `markdown` with the destinations at the given indexes (of `destinations`) replaced by URLs. */
export function replaceDestinations(markdown: string, destinations: readonly Destination[], replacements: ReadonlyMap<number, string>): string {
  let out = '';
  let at = 0;
  for (const [index, url] of [...replacements].sort(([a], [b]) => a - b)) {
    const destination = destinations[index];
    if (!destination) throw new RangeError(`no link destination #${index}`);
    out += markdown.slice(at, destination.start) + escapeDestination(url);
    at = destination.end;
  }
  return out + markdown.slice(at);
}

/**
 * Whether two documents are the same but for the destinations at `indexes`: same number of
 * destinations, and the same text everywhere else. Returns the other document's URLs at those
 * indexes, or `undefined` when the documents differ elsewhere.
 */
export function sameButDestinations(
  a: string,
  aDestinations: readonly Destination[],
  b: string,
  indexes: readonly number[],
): string[] | undefined {
  const bDestinations = linkDestinations(b);
  if (bDestinations.length !== aDestinations.length) return undefined;
  let aAt = 0;
  let bAt = 0;
  for (const index of indexes) {
    const da = aDestinations[index]!;
    const db = bDestinations[index]!;
    if (a.slice(aAt, da.start) !== b.slice(bAt, db.start)) return undefined;
    aAt = da.end;
    bAt = db.end;
  }
  if (a.slice(aAt) !== b.slice(bAt)) return undefined;
  return indexes.map((index) => bDestinations[index]!.url);
}
