/**
 * The Markdown writer: walks the cleaned DOM (domhandler nodes, as the cleanup pass left them)
 * once and writes each element through the first rule of the table (`rules.ts`) that takes it.
 *
 * What the writer itself decides, so that every rule sees the same ground:
 * - Whitespace, as a browser shows it: runs of ASCII white space collapse to one space, and the
 *   space at the start or end of a line (next to a block or `<br>`) goes. `<pre>` is left alone.
 * - Blank elements (no text, image, table cell, link or other meaningful element inside) write
 *   nothing, or a paragraph break for a block.
 * - Inline elements write the white space at their edges outside themselves (`<b> x </b>` is
 *   ` **x** `), once when a neighbour has it already.
 * - Outputs are joined so that at most one blank line separates blocks, and the whole has no
 *   leading or trailing blank lines.
 * - Text outside code is escaped (`escape.ts`) so it renders as exactly its characters.
 *
 * These are the conventions of turndown, which blogport used before this writer; keeping them
 * kept every golden output. The difference is cost: one pass over the DOM the cleanup already
 * built, no second parse, no serialising to HTML in between, and text lengths and blank checks
 * computed once per node instead of once per ancestor.
 */
import type { AnyNode, ChildNode, Element, ParentNode, Text } from 'domhandler';
import { BLOCK_ELEMENTS, isBlank, isElement, isSpace } from './dom.js';

export { isSpace } from './dom.js';
import { decideEmphasis, type Decisions } from './emphasis.js';
import type { MarkdownDialect } from '../dialect.js';
import { escapeText } from './escape.js';

/** What a rule can ask about the document being written. */
export interface WriteContext {
  /** The parser the Markdown is written for. */
  readonly dialect: MarkdownDialect;
  /** The text of a node (after white space was collapsed), as the DOM's `textContent`. */
  text(node: AnyNode): string;
  /** The emphasis delimiter decided for an emphasis or code element ('' = write it as text). */
  delimiter(el: Element): string;
}

export interface MarkdownRule {
  /** Stable name; the table is keyed by it. */
  readonly name: string;
  /** One line: why the element is written this way. */
  readonly why: string;
  /** Lower-case element names, or a test on the element. */
  readonly filter: readonly string[] | ((el: Element) => boolean);
  /**
   * With names as `filter`: a further test an element of those names must pass. (A test as
   * `filter` is tried on every element; names let the writer try the rule only on those.)
   */
  readonly when?: (el: Element) => boolean;
  /** False when the replacement never reads `content`: the element's children are not written. */
  readonly usesContent?: boolean;
  /** The Markdown for `el`, given the Markdown of its children. */
  replacement(content: string, el: Element, context: WriteContext): string;
  /**
   * For a rule whose Markdown is its content between line breaks (a paragraph: two before, two
   * after) and nothing else: how many before and after `el`'s content. The writer then joins
   * the content in without reading its characters again (see `Joined.addBetween`); `replacement`
   * must write the same (`betweenLineBreaks` makes both).
   */
  readonly lineBreaksAround?: (el: Element) => readonly [before: number, after: number];
  /**
   * For an inline rule, what its Markdown can have at its edges: `none`, never a line break
   * (a link, an image, a code span); `content`, the line breaks `content` has there and no
   * others (emphasis, whose delimiters go inside them). The writer then joins it in without
   * reading its first and last characters: reading them in a string made by concatenation makes
   * V8 copy it whole, once per inline element. Omitted: the writer reads them.
   */
  readonly edgeLineBreaks?: 'none' | 'content';
}

const LINE_BREAKS = ['', '\n', '\n\n'];

/** `replacement` and `lineBreaksAround` of a rule that writes its content between line breaks. */
export function betweenLineBreaks(
  before: 0 | 1 | 2,
  after: 0 | 1 | 2,
): Pick<MarkdownRule, 'replacement' | 'lineBreaksAround'> {
  const around = [before, after] as const;
  return {
    replacement: (content) => LINE_BREAKS[before] + content + LINE_BREAKS[after],
    lineBreaksAround: () => around,
  };
}

/** Elements that write nothing when they hold nothing else (turndown's "void" list). */
const VOID = new Set([
  'area', 'base', 'br', 'col', 'command', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta',
  'param', 'source', 'track', 'wbr',
]);
/** Elements that write something even when blank. */
const MEANINGFUL_WHEN_BLANK = new Set([
  'a', 'table', 'thead', 'tbody', 'tfoot', 'th', 'td', 'iframe', 'script', 'audio', 'video',
]);

function isAsciiSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

const ASCII_SPACE_RUN = /[ \r\n\t]+/g;
/** Text the collapse changes: a tab or line break, or two spaces in a row. */
const NEEDS_COLLAPSE = /[\r\n\t]| {2}/;

/** Remove `parent.children[index]`, keeping siblings linked. */
function removeAt(parent: ParentNode, index: number): void {
  const kids = parent.children;
  const node = kids[index]!;
  kids.splice(index, 1);
  const prev = kids[index - 1] ?? null;
  const next = kids[index] ?? null;
  if (prev) prev.next = next;
  if (next) next.prev = prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/**
 * Collapse white space as a browser shows it (see the module comment), in document order;
 * text that becomes empty, comments and other non-element nodes are removed. The same walk
 * finds the elements that write nothing but maybe a paragraph break (blank: no text but
 * white space, no void or always-meaningful element inside). Collapsing only shortens runs of
 * ASCII white space and drops some, so a text is blank after it exactly when it was before.
 */
class WhitespaceWalk {
  /** The text written last, whose trailing space a line end removes. */
  private prevText: Text | null = null;
  private keepLeadingSpace = false;
  readonly blank = new Set<Element>();

  run(root: ParentNode): Set<Element> {
    this.visit(root);
    const last = this.prevText as Text | null;
    if (last && last.data.endsWith(' ')) {
      last.data = last.data.slice(0, -1);
      if (last.data === '' && last.parent) removeAt(last.parent, last.parent.children.indexOf(last));
    }
    return this.blank;
  }

  /** An element counts where it starts and, when it has content, again where it ends. */
  private elementEdge(name: string): void {
    if (BLOCK_ELEMENTS.has(name) || name === 'br') {
      const prev = this.prevText;
      if (prev && prev.data.endsWith(' ')) prev.data = prev.data.slice(0, -1);
      this.prevText = null;
      this.keepLeadingSpace = false;
    } else if (VOID.has(name)) {
      this.prevText = null;
      this.keepLeadingSpace = true;
    } else if (this.prevText) {
      this.keepLeadingSpace = false;
    }
  }

  /** Collapses `parent`'s subtree; whether it holds nothing but white space (and blanks). */
  private visit(parent: ParentNode): boolean {
    let empty = true;
    const kids = parent.children;
    for (let i = 0; i < kids.length; ) {
      const node = kids[i]!;
      if (node.type === 'text') {
        // Text the cleanup left in pieces (around a removed element) is one run of text.
        while (kids[i + 1]?.type === 'text') {
          node.data += (kids[i + 1] as Text).data;
          removeAt(parent, i + 1);
        }
        const data = node.data;
        let text = NEEDS_COLLAPSE.test(data) ? data.replace(ASCII_SPACE_RUN, ' ') : data;
        if (text.charCodeAt(0) === 0x20 && !this.keepLeadingSpace) {
          const prev = this.prevText;
          if (!prev || prev.data.endsWith(' ')) text = text.slice(1);
        }
        if (text === '') {
          removeAt(parent, i);
          continue;
        }
        if (text !== data) node.data = text;
        this.prevText = node;
        if (empty && !isBlank(text)) empty = false;
      } else if (isElement(node)) {
        this.elementEdge(node.name);
        let blank: boolean;
        if (node.children.length === 0) {
          blank = true;
        } else if (node.name === 'pre') {
          blank = blankOnly(node, this.blank); // written as it is: not collapsed
        } else {
          blank = this.visit(node);
          this.elementEdge(node.name);
        }
        if (blank && !VOID.has(node.name) && !MEANINGFUL_WHEN_BLANK.has(node.name)) this.blank.add(node);
        else empty = false;
      } else {
        removeAt(parent, i);
        continue;
      }
      i++;
    }
    return empty;
  }
}

/** Whether `parent`'s subtree holds nothing but white space (and blanks), adding its blanks. */
function blankOnly(parent: ParentNode, blanks: Set<Element>): boolean {
  let empty = true;
  for (const child of parent.children) {
    if (child.type === 'text') {
      if (empty && !isBlank(child.data)) empty = false;
    } else if (isElement(child)) {
      const blank = blankOnly(child, blanks) && !VOID.has(child.name) && !MEANINGFUL_WHEN_BLANK.has(child.name);
      if (blank) blanks.add(child);
      else empty = false;
    }
  }
  return empty;
}

function leadingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s.charCodeAt(n) === 0x0a) n++;
  return n;
}

function trailingNewlines(s: string): number {
  let n = 0;
  while (n < s.length && s.charCodeAt(s.length - 1 - n) === 0x0a) n++;
  return n;
}

/**
 * The Markdown of a run of siblings, joined so that between two pieces there are as many
 * newlines (at most two) as the larger of the first's trailing and the second's leading
 * newlines. The first piece keeps its leading newlines (at most two) and the last its trailing
 * ones (the parent's rule may read them).
 *
 * It is kept in three parts, the text between the edge newlines apart, so that a piece that is
 * another `Joined` between line breaks (`addBetween`) is joined without reading its characters:
 * reading the edges of a string made by concatenation makes V8 copy it whole, and every block
 * of a post was copied once more per level it sits at.
 */
class Joined {
  /** Newlines before `text` (when there is text). */
  private lead = 0;
  /** Everything so far but the edge newlines; it neither starts nor ends with one. */
  private text = '';
  /** Newlines at the end of what was added. */
  private pending = 0;

  add(piece: string): void {
    const lead = leadingNewlines(piece);
    if (lead === piece.length) {
      this.addNewlines(lead);
      return;
    }
    const trail = trailingNewlines(piece);
    this.addText(lead, lead === 0 && trail === 0 ? piece : piece.slice(lead, piece.length - trail), trail);
  }

  /** Adds `before` newlines, what `inner` holds, and `after` newlines, as one piece. */
  addBetween(before: number, inner: Joined, after: number): void {
    if (inner.text === '') this.addNewlines(before + inner.pending + after);
    else this.addText(before + inner.lead, inner.text, inner.pending + after);
  }

  /**
   * Adds `piece`, which is not empty and neither starts nor ends with a line break (known
   * without reading it: see `MarkdownRule.edgeLineBreaks`).
   */
  addInline(piece: string): void {
    this.addText(0, piece, 0);
  }

  /** Whether what was added starts or ends with a line break. */
  hasEdgeBreaks(): boolean {
    return this.lead > 0 || this.pending > 0;
  }

  /** A piece of `count` newlines and nothing else. */
  private addNewlines(count: number): void {
    this.pending = Math.min(Math.max(this.pending, count), 2);
  }

  /** A piece of `lead` newlines, `text` (no newline at its edges), and `trail` newlines. */
  private addText(lead: number, text: string, trail: number): void {
    const breaks = Math.min(Math.max(this.pending, lead), 2);
    if (this.text === '') {
      this.lead = breaks;
      this.text = text;
    } else {
      this.text += LINE_BREAKS[breaks]! + text;
    }
    this.pending = trail;
  }

  toString(): string {
    if (this.text === '') return newlines(this.pending);
    const text = this.lead === 0 ? this.text : LINE_BREAKS[this.lead]! + this.text;
    return this.pending === 0 ? text : text + newlines(this.pending);
  }
}

/** `count` line breaks (mostly none, one or two: no new string made for those). */
function newlines(count: number): string {
  return count < LINE_BREAKS.length ? LINE_BREAKS[count]! : '\n'.repeat(count);
}

const NO_SPACE = { leading: '', trailing: '' } as const;

/** Whether the flanking spaces of an element hold a line break (they are short when not ''). */
function hasLineBreak(space: { leading: string; trailing: string }): boolean {
  return (space.leading !== '' && space.leading.includes('\n')) || (space.trailing !== '' && space.trailing.includes('\n'));
}

/** The rule a blank element gets. */
const BLANK_RULE: MarkdownRule = {
  name: 'blank',
  why: 'an element that shows nothing writes nothing (a block: a paragraph break)',
  filter: () => true,
  usesContent: false,
  replacement: (_content, el) => (BLOCK_ELEMENTS.has(el.name) ? '\n\n' : ''),
};

const BLOCK_AROUND = [2, 2] as const;
const INLINE_AROUND = [0, 0] as const;

/** The rule for a block no rule takes: its lines are kept apart from what is around. */
const DEFAULT_BLOCK_RULE: MarkdownRule = {
  name: 'default',
  why: 'an element without a Markdown form writes its content',
  filter: () => true,
  replacement: (content) => `\n\n${content}\n\n`,
  lineBreaksAround: () => BLOCK_AROUND,
};

/** The rule for an inline element no rule takes: its content. */
const DEFAULT_INLINE_RULE: MarkdownRule = {
  name: 'default',
  why: 'an element without a Markdown form writes its content',
  filter: () => true,
  replacement: (content) => content,
  lineBreaksAround: () => INLINE_AROUND,
  edgeLineBreaks: 'content',
};

/** Writes one cleaned DOM as Markdown (not yet tidied into lines: see `htmlToMarkdown`). */
export type MarkdownWriter = (root: ParentNode) => string;

/** A writer over `rules`; earlier entries win. */
export function createMarkdownWriter(
  rules: readonly MarkdownRule[],
  dialect: MarkdownDialect = 'commonmark',
): MarkdownWriter {
  const steps = rules.map(stepOf);
  const byName = new Map<string, Step[]>();
  const candidates = (name: string): Step[] => {
    let list = byName.get(name);
    if (!list) {
      list = steps.filter((step) => step.test !== undefined || step.names!.includes(name));
      byName.set(name, list);
    }
    return list;
  };
  const ruleFor = (el: Element): Step => {
    const list = candidates(el.name);
    for (let i = 0; i < list.length; i++) {
      const step = list[i]!;
      if (step.test !== undefined ? step.test(el) : step.when === undefined || step.when(el)) return step;
    }
    return BLOCK_ELEMENTS.has(el.name) ? DEFAULT_BLOCK_STEP : DEFAULT_INLINE_STEP;
  };
  return (root) => new Writing(root, ruleFor, dialect).run();
}

/**
 * A rule as the writer uses it. The rules are object literals of many shapes (optional fields,
 * names or a test as filter): reading their fields for every element took V8's megamorphic
 * property lookups; these all have one shape.
 */
interface Step {
  readonly names: readonly string[] | undefined;
  readonly test: ((el: Element) => boolean) | undefined;
  readonly when: ((el: Element) => boolean) | undefined;
  readonly usesContent: boolean;
  readonly replacement: (content: string, el: Element, context: WriteContext) => string;
  readonly lineBreaksAround: ((el: Element) => readonly [before: number, after: number]) | undefined;
  readonly edgeLineBreaks: 'none' | 'content' | undefined;
}

function stepOf(rule: MarkdownRule): Step {
  const filter = rule.filter;
  return {
    names: typeof filter === 'function' ? undefined : filter,
    test: typeof filter === 'function' ? filter : undefined,
    when: rule.when,
    usesContent: rule.usesContent !== false,
    replacement: rule.replacement.bind(rule),
    lineBreaksAround: rule.lineBreaksAround,
    edgeLineBreaks: rule.edgeLineBreaks,
  };
}

const BLANK_STEP = stepOf(BLANK_RULE);
const DEFAULT_BLOCK_STEP = stepOf(DEFAULT_BLOCK_RULE);
const DEFAULT_INLINE_STEP = stepOf(DEFAULT_INLINE_RULE);

class Writing implements WriteContext {
  private readonly texts = new Map<AnyNode, string>();
  private decisions: Decisions | undefined;
  private blank!: Set<Element>;

  constructor(
    private readonly root: ParentNode,
    private readonly ruleFor: (el: Element) => Step,
    readonly dialect: MarkdownDialect,
  ) {}

  run(): string {
    this.blank = new WhitespaceWalk().run(this.root);
    const output = this.children(this.root, false).toString();
    let start = 0;
    while (start < output.length && /[\t\r\n]/.test(output.charAt(start))) start++;
    let end = output.length;
    while (end > start && isSpace(output.charCodeAt(end - 1))) end--;
    return output.slice(start, end);
  }

  text(node: AnyNode): string {
    if (node.type === 'text') return node.data;
    if (!('children' in node)) return '';
    // No child, or one text (a link's words, an image): nothing to put together or keep.
    const kids = node.children;
    if (kids.length === 0) return '';
    if (kids.length === 1 && kids[0]!.type === 'text') return kids[0]!.data;
    let text = this.texts.get(node);
    if (text === undefined) {
      text = '';
      for (const child of node.children) text += this.text(child);
      this.texts.set(node, text);
    }
    return text;
  }

  delimiter(el: Element): string {
    this.decisions ??= decideEmphasis(this.root, this);
    return this.decisions.get(el) ?? '';
  }

  private children(parent: ParentNode, inCode: boolean): Joined {
    const output = new Joined();
    for (const child of parent.children) {
      if (child.type === 'text') output.add(inCode ? child.data : escapeText(child.data, this.dialect));
      else if (isElement(child)) this.element(child, inCode, output);
    }
    return output;
  }

  /** Writes `el` at the end of `output`. */
  private element(el: Element, parentInCode: boolean, output: Joined): void {
    const rule = this.blank.has(el) ? BLANK_STEP : this.ruleFor(el);
    const inCode = parentInCode || el.name === 'code';
    const space = this.flankingSpace(el);
    const edgeSpace = space.leading !== '' || space.trailing !== '';
    if (rule.lineBreaksAround !== undefined && rule.usesContent && !edgeSpace) {
      const around = rule.lineBreaksAround(el);
      output.addBetween(around[0], this.children(el, inCode), around[1]);
      return;
    }
    let content = '';
    /** Whether `content` starts or ends with a line break. */
    let contentBreaks = false;
    if (rule.usesContent) {
      const children = this.children(el, inCode);
      content = children.toString();
      if (edgeSpace) content = content.trim();
      else contentBreaks = children.hasEdgeBreaks();
    }
    const piece = space.leading + rule.replacement(content, el, this) + space.trailing;
    // The flanking spaces are collapsed white space (no line break): whether the piece has a
    // line break at an edge is then known from the rule's declaration, without reading it.
    const edges = rule.edgeLineBreaks;
    if (piece.length > 0 && (edges === 'none' || (edges === 'content' && !contentBreaks)) && !hasLineBreak(space)) {
      output.addInline(piece);
    } else {
      output.add(piece);
    }
  }

  /**
   * The white space at the edges of an inline element, written outside it. ASCII space is
   * dropped on a side where the neighbour already has one; other spaces (U+00A0, U+3000…) stay.
   */
  private flankingSpace(el: Element): { leading: string; trailing: string } {
    if (BLOCK_ELEMENTS.has(el.name)) return NO_SPACE;
    // Most inline elements have no space at either edge: their first and last characters tell,
    // without putting their text together.
    const first = edgeCode(el, true);
    if (first < 0 || (!isSpace(first) && !isSpace(edgeCode(el, false)))) return NO_SPACE;
    const text = this.text(el);
    let lead = 0;
    while (lead < text.length && isSpace(text.charCodeAt(lead))) lead++;
    let leadingAscii = 0;
    while (leadingAscii < lead && isAsciiSpace(text.charCodeAt(leadingAscii))) leadingAscii++;
    let leading = text.slice(0, lead);
    let trailing = '';
    if (lead < text.length) {
      let trail = text.length;
      while (trail > lead && isSpace(text.charCodeAt(trail - 1))) trail--;
      let trailingAscii = text.length;
      while (trailingAscii > trail && isAsciiSpace(text.charCodeAt(trailingAscii - 1))) trailingAscii--;
      trailing = text.slice(trail);
      if (trailingAscii < text.length && this.spaceBeside(el, 'right')) trailing = text.slice(trail, trailingAscii);
    }
    if (leadingAscii > 0 && this.spaceBeside(el, 'left')) leading = text.slice(leadingAscii, lead);
    return { leading, trailing };
  }

  /** Whether the sibling on one side ends (or starts) with a space already. */
  private spaceBeside(el: Element, side: 'left' | 'right'): boolean {
    const sibling: ChildNode | null = side === 'left' ? el.prev : el.next;
    if (!sibling) return false;
    let text: string;
    if (sibling.type === 'text') text = sibling.data;
    else if (isElement(sibling) && !BLOCK_ELEMENTS.has(sibling.name)) return edgeCode(sibling, side === 'right') === 0x20;
    else return false;
    return side === 'left' ? text.endsWith(' ') : text.startsWith(' ');
  }
}

/**
 * The code of the first (or last) character of `node`'s text (`WriteContext.text`), found by
 * going down to the first (last) text that is not empty; -1 when the text is empty.
 */
function edgeCode(node: AnyNode, first: boolean): number {
  if (node.type === 'text') {
    const data = node.data;
    return data === '' ? -1 : data.charCodeAt(first ? 0 : data.length - 1);
  }
  if (!('children' in node)) return -1;
  const kids = node.children;
  for (let k = 0; k < kids.length; k++) {
    const code = edgeCode(kids[first ? k : kids.length - 1 - k]!, first);
    if (code >= 0) return code;
  }
  return -1;
}
