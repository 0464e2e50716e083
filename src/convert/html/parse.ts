/**
 * Parsing a post body: htmlparser2 builds the DOM (domhandler nodes) the cleanup rules edit and
 * the writer walks — once per body, several times faster than a full HTML5 tree builder.
 *
 * htmlparser2 tokenises like a browser (entities, raw-text elements, void elements, implied end
 * tags for `<p>`, `<li>`, cells and rows) but does not rebuild the tree the way the HTML
 * standard's tree construction does. Where the difference would lose text in Markdown, the
 * rule below does what a browser's parser does: tables get rows around their cells, and what
 * sits in a table outside any cell is shown before the table.
 */
import { DomHandler, type ChildNode, type Document, type Element } from 'domhandler';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { Parser, parseDocument, Tokenizer } from 'htmlparser2';
import { flattenDeepNesting, MAX_NESTING } from './depth.js';
import { BANG_BEFORE_LINK } from './escape.js';
import type { CleanupContext, CleanupRule } from './cleanup.js';
import { ancestorNamed, append, createElement, descendants, descendantsNamed, insertBefore, isBlank, isElement, remove, replaceWith, unwrap } from './dom.js';

/**
 * Whether the texts of a parsed body may hold a no-break space (U+00A0) or the sentinel that
 * stands for a `!` before a link (which a body must not bring): two characters a cleanup rule
 * looks for in every text, and only there. Most bodies hold neither, which one search of the
 * source tells (and the decoding, for references). False means none does; the cleanup rules
 * make texts only from pieces of others and fixed strings without these characters.
 */
export interface TextNotes {
  nbsp: boolean;
  sentinel: boolean;
}

/**
 * A post body parsed into a DOM (a fragment: no html/body elements added). Markup nested
 * deeper than `MAX_NESTING` is flattened (see depth.ts); `onFlattened` hears how many elements
 * were unwrapped, when any were. `notes`, when given, is filled in (see `TextNotes`).
 */
export function parseHtml(html: string, onFlattened?: (count: number) => void, notes?: TextNotes): Document {
  let source = html;
  // What the HTML standard's input preprocessing does: line breaks are LF; NUL shows nothing.
  if (source.includes('\r')) source = source.replace(/\r\n?/g, '\n');
  if (source.includes('\0')) source = source.replace(/\0/g, '');
  const { root, deep, holds } = parseSource(source);
  if (notes) Object.assign(notes, holds);
  // Only a body with an element that deep can have anything to flatten (a walk of every body
  // to find out cost as much as a cleanup rule).
  const flattened = deep ? flattenDeepNesting(root) : 0;
  if (flattened > 0) onFlattened?.(flattened);
  return root;
}

/**
 * The DOM of `source`, as `parseDocument(source)` builds it, with character references decoded
 * by `BodyHandler` rather than by htmlparser2's tokenizer: the tokenizer, when it decodes,
 * steps through every character of text and attribute values one call at a time; when it does
 * not, it jumps to the next `<` or quote.
 */
function parseSource(source: string): { root: Document; deep: boolean; holds: TextNotes } {
  const decode = source.includes('&');
  const handler = new BodyHandler(decode ? source : undefined);
  // A text holds a character when the source does, or when decoding made one (seen there).
  handler.holds.nbsp = source.includes('\u00a0');
  handler.holds.sentinel = source.includes(BANG_BEFORE_LINK);
  const parser = new Parser(handler, { decodeEntities: false, Tokenizer: BodyTokenizer });
  parser.write(source);
  // What the tokenizer still has when the input ends (an unfinished comment, declaration or
  // `</…`) comes as text, which it never decodes.
  handler.decoding = false;
  parser.end();
  if (!decode || !handler.sawRawText) return { root: handler.root, deep: handler.deep, holds: handler.holds };
  // Raw text (a <script>'s…) is never decoded, a <title>'s always: the tokenizer knows which is
  // which, the handler does not. Bodies rarely hold them; those are parsed again, decoded by it.
  // (What their texts hold is not known then.)
  const decoded = new BodyHandler(undefined);
  new Parser(decoded, { Tokenizer: BodyTokenizer }).end(source);
  return { root: decoded.root, deep: decoded.deep, holds: { nbsp: true, sentinel: true } };
}

/**
 * htmlparser2's tokenizer, but for its search for the next `<` after text, or the closing quote
 * after an attribute value (when it does not decode references): `String.prototype.indexOf`, a
 * native search, instead of a JavaScript loop over the characters (parsing about an eighth
 * cheaper). The parser takes a tokenizer class as an option; the method replaced is internal to
 * htmlparser2 (and unchanged since version 7): a version without it keeps its own way, and the
 * property test of `parseHtml` against htmlparser2's own parse would see any difference.
 */
class BodyTokenizer extends Tokenizer {}

/** What `fastForwardTo` reads and moves of the tokenizer. */
interface TokenizerPosition {
  buffer: string;
  index: number;
  offset: number;
}

const CHARACTERS = Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code));

if (typeof (Tokenizer.prototype as unknown as Record<string, unknown>).fastForwardTo === 'function') {
  Object.defineProperty(BodyTokenizer.prototype, 'fastForwardTo', {
    /** Move to the next `c` after the current position (true), or to the end (false). */
    value: function fastForwardTo(this: TokenizerPosition, c: number): boolean {
      const at = this.buffer.indexOf(CHARACTERS[c] ?? String.fromCharCode(c), this.index + 1 - this.offset);
      if (at >= 0) {
        this.index = at + this.offset;
        return true;
      }
      this.index = this.buffer.length + this.offset - 1;
      return false;
    },
  });
}

/**
 * The DOM handler a body is parsed with: each element gets the program's string for its name
 * (see `TAG_NAMES`), and, given the `source` (which holds a `&`), character references are
 * decoded as htmlparser2's tokenizer does, for a parser told not to. Each text and attribute
 * value arrives in one piece (the whole body is parsed in one call, so the tokenizer cuts none),
 * and is decoded by the decoder the tokenizer uses (the `entities` package), in its modes: legacy
 * for text, attribute for attribute values. A test compares the two parses.
 */
class BodyHandler extends DomHandler {
  /** Whether texts and attribute values are decoded. */
  decoding: boolean;
  /** An element whose content may be raw text was opened (see `parseSource`). */
  sawRawText = false;
  /** An element was opened `MAX_NESTING` levels deep or deeper (see `flattenDeepNesting`). */
  deep = false;
  /** What a text may hold (see `parseSource`, `TextNotes`). */
  readonly holds: TextNotes = { nbsp: false, sentinel: false };
  /** Where the parser is: the span of the tag being opened, when `onopentag` hears of it. */
  private at: Span = { startIndex: 0, endIndex: 0 };
  /** The position of the first `&` in `source` not before the last tag opened (-1: none). */
  private nextReference: number;

  constructor(private readonly source: string | undefined) {
    super();
    this.decoding = source !== undefined;
    this.nextReference = source === undefined ? -1 : source.indexOf('&');
  }

  override onparserinit(parser: Span): void {
    super.onparserinit(parser);
    this.at = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    const tag = TAG_NAMES.get(name) ?? name;
    // The stack holds the document and the open elements: its length is the new one's depth.
    if (this.tagStack.length >= MAX_NESTING) this.deep = true;
    if (this.decoding) {
      if (tag === 'script' || tag === 'style' || tag === 'title' || tag === 'textarea' || tag === 'xmp') {
        this.sawRawText = true;
      }
      if (this.tagHoldsReference()) this.decodeAttributes(attribs);
    }
    super.onopentag(tag, attribs);
  }

  private decodeAttributes(attribs: Record<string, string>): void {
    for (const key in attribs) {
      const value = attribs[key]!;
      // With the character that ended it (a quote, a space, `>`: all alike to the decoder),
      // as the tokenizer's decoder sees it: a reference cut by the end of the string reads
      // differently ('&notin' then a quote is '¬in'; at the end, '&notin').
      if (value.includes('&')) attribs[key] = decodeHTMLAttribute(`${value}"`).slice(0, -1);
    }
  }

  /**
   * Whether the markup of the tag being opened holds a `&`. Tags come in the order of the
   * source, so one forward search, taken up again past each tag, finds them all: no callback
   * per attribute, no loop over every tag's attributes.
   */
  private tagHoldsReference(): boolean {
    const start = this.at.startIndex ?? 0;
    if (this.nextReference >= 0 && this.nextReference < start) this.nextReference = this.source!.indexOf('&', start);
    return this.nextReference >= 0 && this.nextReference <= (this.at.endIndex ?? Number.MAX_SAFE_INTEGER);
  }

  override ontext(data: string): void {
    if (!this.decoding || !data.includes('&')) {
      super.ontext(data);
      return;
    }
    const text = decodeHTML(data);
    if (!this.holds.nbsp && text.includes('\u00a0')) this.holds.nbsp = true;
    if (!this.holds.sentinel && text.includes(BANG_BEFORE_LINK)) this.holds.sentinel = true;
    super.ontext(text);
  }
}

/** The parser's position, as a DOM handler sees it. */
interface Span {
  startIndex: number | null;
  endIndex: number | null;
}

/**
 * Every HTML element name (and Word's `o:p`), each the one string of the program's code. The
 * parser makes a new string for each tag's name; put in its place, the name is the very string
 * the rules' tables and tests hold, and every comparison and set lookup of it (the cleanup rules
 * and the writer make dozens per element) is a pointer check instead of a character one.
 */
const TAG_NAMES: ReadonlyMap<string, string> = new Map(
  [
    'a', 'abbr', 'acronym', 'address', 'applet', 'area', 'article', 'aside', 'audio', 'b', 'base', 'basefont',
    'bdi', 'bdo', 'bgsound', 'big', 'blink', 'blockquote', 'body', 'br', 'button', 'canvas', 'caption', 'center',
    'cite', 'code', 'col', 'colgroup', 'command', 'data', 'datalist', 'dd', 'del', 'details', 'dfn', 'dialog',
    'dir', 'div', 'dl', 'dt', 'em', 'embed', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'form',
    'frame', 'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'i',
    'iframe', 'image', 'img', 'input', 'ins', 'isindex', 'kbd', 'keygen', 'label', 'legend', 'li', 'link',
    'listing', 'main', 'map', 'mark', 'marquee', 'math', 'menu', 'menuitem', 'meta', 'meter', 'nav', 'nobr',
    'noembed', 'noframes', 'noscript', 'o:p', 'object', 'ol', 'optgroup', 'option', 'output', 'p', 'param',
    'picture', 'plaintext', 'pre', 'progress', 'q', 'rb', 'rp', 'rt', 'rtc', 'ruby', 's', 'samp', 'script',
    'search', 'section', 'select', 'slot', 'small', 'source', 'spacer', 'span', 'strike', 'strong', 'style',
    'sub', 'summary', 'sup', 'svg', 'table', 'tbody', 'td', 'template', 'textarea', 'tfoot', 'th', 'thead',
    'time', 'title', 'tr', 'track', 'tt', 'u', 'ul', 'var', 'video', 'wbr', 'xml', 'xmp',
  ].map((name) => [name, name]),
);

const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);
const CELLS = new Set(['td', 'th']);
/** Table parts that only mean something inside a table. */
const TABLE_PARTS = new Set(['tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'col']);

function isBlankText(node: ChildNode): boolean {
  return node.type === 'text' && isBlank(node.data);
}

/** Whether `node` holds a table part (a row or cell that a wrapper put out of place). */
function holdsTablePart(node: ChildNode): boolean {
  return isElement(node) && descendants(node).some((d) => d.name === 'tr' || CELLS.has(d.name));
}

/**
 * Bring the children of a table, a table section or a row to what a browser builds: `kept`
 * children stay; cells outside a row get one (in a table or section); wrappers around rows or
 * cells (`<form>`, stray `<span>`) are unwrapped; anything else moves before the table.
 */
/** What stays where it is in a table, a row, and a section. */
const KEPT_IN_TABLE: ReadonlySet<string> = new Set(['caption', 'colgroup', 'col', 'tr', ...SECTIONS]);
const KEPT_IN_ROW: ReadonlySet<string> = CELLS;
const KEPT_IN_SECTION: ReadonlySet<string> = new Set(['tr']);

function fixTablePart(part: Element, table: Element): void {
  const kept = part.name === 'table' ? KEPT_IN_TABLE : part.name === 'tr' ? KEPT_IN_ROW : KEPT_IN_SECTION;
  let row: Element | undefined;
  for (let i = 0; i < part.children.length; ) {
    const child = part.children[i]!;
    if (isBlankText(child)) {
      i++;
      continue;
    }
    if (isElement(child) && kept.has(child.name)) {
      row = undefined;
      i++;
    } else if (isElement(child) && CELLS.has(child.name) && part.name !== 'tr') {
      // A cell straight in a table or section: it and the cells after it form a row.
      if (!row) {
        row = createElement('tr');
        replaceWith(child, [row]);
        append(row, [child]);
        i++;
      } else {
        append(row, [child]); // moves it out of `part`: the next child is at `i` now
      }
    } else if (holdsTablePart(child)) {
      unwrap(child as Element); // its children are looked at in its place
    } else {
      remove(child);
      insertBefore(table, [child]); // foster parenting: shown before the table
    }
  }
}

function fixTables(ctx: CleanupContext): void {
  for (const el of descendantsNamed(ctx.root, TABLE_PARTS)) {
    if (!el.parent || ancestorNamed(el, 'table')) continue;
    // A row or cell with no table around it: a browser ignores the tag, the content stays.
    if (el.name === 'colgroup' || el.name === 'col') remove(el);
    else unwrap(el);
  }
  for (const table of descendants(ctx.root, 'table')) {
    if (!table.parent) continue;
    fixTablePart(table, table);
    for (const section of [...table.children]) {
      if (!isElement(section) || !SECTIONS.has(section.name)) continue;
      fixTablePart(section, table);
    }
    for (const child of [...table.children]) {
      if (!isElement(child)) continue;
      const rows = child.name === 'tr' ? [child] : SECTIONS.has(child.name) ? child.children.filter(isElement) : [];
      for (const row of rows) if (row.name === 'tr') fixTablePart(row, table);
    }
  }
}

export const parseRules: readonly CleanupRule[] = [
  {
    name: 'tableStructure',
    why: 'cells outside rows, rows outside tables and text between rows, as a browser would place them',
    onlyWith: ['table', ...TABLE_PARTS],
    creates: ['tr'],
    apply: fixTables,
  },
];

