/**
 * Which emphasis elements can keep their delimiters. CommonMark reads `**`, `_`, `*` and `~~` as
 * emphasis only when the characters around them allow it (the flanking rules), and two runs of
 * one character side by side merge (`**a****b**`). What surrounds a delimiter depends on whether
 * the neighbouring and enclosing emphasis keeps its own delimiters, so the decision is taken for
 * the whole document at once, before anything is written.
 */
import type { AnyNode, ChildNode, Element, ParentNode } from 'domhandler';
import { BLOCK_ELEMENTS, isBlank, isElement, isSpace } from './dom.js';
import { BANG_BEFORE_LINK, CharClass, classify, classifyAscii, delimiterFits, firstChar, lastChar } from './escape.js';
import { lookupTable } from '../../model/table.js';

/** Which delimiter each emphasis element of one document gets ('' = none, text only). */
export type Decisions = Map<Element, string>;

/** How the decision reads text: the writer's `textContent`, after white space was collapsed. */
export interface TextSource {
  text(node: AnyNode): string;
}

/** Inline elements whose Markdown starts and ends with punctuation (`**`, `_`, `[`…`)`, `` ` ``). */
const MARKUP_INLINE = new Set(['a', 'strong', 'b', 'em', 'i', 'del', 's', 'strike', 'code', 'img']);

/** Emphasis elements and the delimiters each may use, in order of preference. */
const DELIMITERS: Readonly<Record<string, readonly string[]>> = lookupTable({
  strong: ['**'],
  b: ['**'],
  em: ['_', '*'],
  i: ['_', '*'],
  del: ['~~'],
  s: ['~~'],
  strike: ['~~'],
  /** A code span never fails to parse, but two side by side would merge their backticks. */
  code: ['`'],
});

function hasDelimiters(name: string): boolean {
  return Object.hasOwn(DELIMITERS, name);
}

/** A line starts or ends at these (a `<br>` too). */
function endsLine(el: Element): boolean {
  return el.name === 'br' || BLOCK_ELEMENTS.has(el.name);
}

/**
 * Class of the first (or last) character of `text` between `from` and `to` (a code point, which
 * may be two code units). An ASCII one, as most are, is classed by its code: no string is made.
 */
function classOfText(text: string, side: 'first' | 'last', from = 0, to = text.length): CharClass {
  const code = text.charCodeAt(side === 'first' ? from : to - 1);
  if (code < 0x80) return classifyAscii(code);
  const piece = from === 0 && to === text.length ? text : text.slice(from, to);
  const char = side === 'first' ? firstChar(piece) : lastChar(piece);
  return char === BANG_BEFORE_LINK ? CharClass.Punctuation : classify(char);
}

function writesDelimiter(el: Element, decisions: Decisions): boolean {
  return hasDelimiters(el.name) ? !!decisions.get(el) : MARKUP_INLINE.has(el.name);
}

function childAt(node: ParentNode, side: 'first' | 'last', i: number): ChildNode {
  const kids = node.children;
  return kids[side === 'first' ? i : kids.length - 1 - i]!;
}

class Decider {
  constructor(
    private readonly texts: TextSource,
    private readonly decisions: Decisions,
  ) {}

  /**
   * Class of the first (or last) character `el`'s content writes, whitespace skipped (the
   * writer puts an element's edge whitespace outside it); `undefined` when it writes nothing.
   */
  contentEdge(el: Element, side: 'first' | 'last'): CharClass | undefined {
    for (let i = 0; i < el.children.length; i++) {
      const child = childAt(el, side, i);
      if (child.type === 'text') {
        // The text without the white space at its edges (as trim() has it, without the copy).
        const data = child.data;
        let from = 0;
        let to = data.length;
        while (from < to && isSpace(data.charCodeAt(from))) from++;
        while (to > from && isSpace(data.charCodeAt(to - 1))) to--;
        if (from < to) return classOfText(data, side, from, to);
      } else if (isElement(child)) {
        if (endsLine(child)) return CharClass.Space;
        if (writesDelimiter(child, this.decisions)) return CharClass.Punctuation;
        const inner = this.contentEdge(child, side);
        if (inner !== undefined) return inner;
      }
    }
    return undefined;
  }

  /**
   * Class of the character a neighbour of an element writes at its edge next to it;
   * `undefined` when the neighbour writes nothing.
   */
  neighbourEdge(node: ChildNode, side: 'first' | 'last'): CharClass | undefined {
    if (node.type === 'text') return node.data === '' ? undefined : classOfText(node.data, side);
    if (!isElement(node)) return undefined;
    if (endsLine(node)) return CharClass.Space;
    const text = this.texts.text(node);
    const edge = side === 'first' ? text.charAt(0) : text.charAt(text.length - 1);
    if (edge !== '' && /\s/.test(edge)) return CharClass.Space; // written outside its delimiters
    if (writesDelimiter(node, this.decisions)) return CharClass.Punctuation;
    return this.contentEdge(node, side);
  }

  /**
   * What is written just outside `el` on one side: the class of that character, and the
   * delimiter an adjacent emphasis element writes there.
   */
  outside(el: Element, side: 'before' | 'after'): { cls: CharClass; delimiter: string } {
    const edge = side === 'before' ? 'last' : 'first';
    let current: ChildNode = el;
    for (;;) {
      const sibling: ChildNode | null = side === 'before' ? current.prev : current.next;
      if (sibling) {
        const cls = this.neighbourEdge(sibling, edge);
        if (cls !== undefined) return { cls, delimiter: this.adjacentDelimiter(sibling, edge) };
        current = sibling; // writes nothing: look past it
        continue;
      }
      const parent: ParentNode | null = current.parent;
      if (!parent || !isElement(parent) || endsLine(parent)) return { cls: CharClass.Space, delimiter: '' };
      if (writesDelimiter(parent, this.decisions)) return { cls: CharClass.Punctuation, delimiter: '' };
      current = parent as Element;
    }
  }

  /** The delimiter an inline element writes at one edge (its own, or a first/last child's). */
  adjacentDelimiter(node: ChildNode, side: 'first' | 'last'): string {
    if (!isElement(node) || !hasDelimiters(node.name)) return '';
    const own = this.decisions.get(node);
    if (own) return own;
    for (let i = 0; i < node.children.length; i++) {
      const child = childAt(node, side, i);
      if (child.type === 'text' && isBlank(child.data)) continue;
      return this.adjacentDelimiter(child, side);
    }
    return '';
  }
}

function emphasisElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode): void => {
    for (const child of node.children) {
      if (!isElement(child) || child.name === 'pre') continue;
      if (hasDelimiters(child.name)) out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * Decide, for every emphasis element of the document at once, whether CommonMark will read its
 * delimiters as emphasis, given what is written around them. Every element starts out
 * delimited; one that does not fit falls back to its next delimiter, then to plain text, and
 * the check repeats until nothing changes (each step only gives up delimiters, so it ends).
 */
export function decideEmphasis(root: ParentNode, texts: TextSource): Decisions {
  const elements = emphasisElements(root);
  const decisions: Decisions = new Map();
  for (const el of elements) decisions.set(el, DELIMITERS[el.name]![0]!);
  const decider = new Decider(texts, decisions);
  for (let changed = true, rounds = 0; changed && rounds <= elements.length; rounds++) {
    changed = false;
    for (const el of elements) {
      const current = decisions.get(el)!;
      if (current === '') continue;
      // Where the writer puts the element's edge whitespace (all of it before, when that is all).
      const text = texts.text(el);
      const blank = isBlank(text);
      const spaceBefore = text !== '' && isSpace(text.charCodeAt(0));
      const spaceAfter = !blank && isSpace(text.charCodeAt(text.length - 1));
      decisions.set(el, ''); // as if this element wrote no delimiters itself
      const left = decider.outside(el, 'before');
      const right = decider.outside(el, 'after');
      let chosen = '';
      if (el.name === 'code') {
        // Right after another code span (emphasis between them dropped): plain text instead.
        chosen = !spaceBefore && left.delimiter === '`' ? '' : '`';
      } else {
        const before = spaceBefore ? CharClass.Space : left.cls;
        const after = spaceAfter ? CharClass.Space : right.cls;
        const first = decider.contentEdge(el, 'first') ?? CharClass.Space;
        const last = decider.contentEdge(el, 'last') ?? CharClass.Space;
        const options = DELIMITERS[el.name]!;
        for (let k = options.indexOf(current); k < options.length; k++) {
          const d = options[k]!;
          const char = d.charAt(0);
          // (`startsWith`, not `charAt(0)`: most neighbours write no delimiter, and reading past
          // the end of '' made the compiled code be thrown away.)
          const merges = (!spaceBefore && left.delimiter.startsWith(char)) || (!spaceAfter && right.delimiter.startsWith(char));
          if (!merges && delimiterFits(char as '*' | '_' | '~', before, first, last, after)) {
            chosen = d;
            break;
          }
        }
      }
      decisions.set(el, chosen);
      if (chosen !== current) changed = true;
    }
  }
  return decisions;
}
