/**
 * Small, allocation-light tree edits on the DOM htmlparser2 parses (domhandler nodes): the
 * cleanup rules move thousands of nodes per long post, so they edit the nodes directly.
 *
 * Invariant kept by every function here: `parent.children` is the truth, and every child's
 * `parent`, `prev` and `next` agree with it. The cleanup rules add, remove and move nodes only
 * through these functions, which is what lets `ElementIndex` know when it is stale.
 */
import { Element, Text, type AnyNode, type ChildNode, type ParentNode } from 'domhandler';

/**
 * Edits made through this module (to any tree) that added, removed or moved an element. A list
 * of a tree's elements made when this read N is still right while it reads N: text edits leave
 * the elements and their order as they were (and a rename, `el.name = …`, changes neither).
 */
let elementEdits = 0;

/** Count an element edit made outside this module's functions (see `elementEdits`). */
export function noteElementEdit(): void {
  elementEdits++;
}

function holdsElement(nodes: readonly ChildNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) if (isElement(nodes[i])) return true;
  return false;
}

export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && (node.type === 'tag' || node.type === 'script' || node.type === 'style');
}

export function isText(node: AnyNode | null | undefined): node is Text {
  return !!node && node.type === 'text';
}

/** A new, detached element. */
export function createElement(name: string, attribs: Record<string, string> = {}): Element {
  return new Element(name, attribs);
}

/** A new, detached text node. */
export function createText(data: string): Text {
  return new Text(data);
}

function relink(parent: ParentNode, from: number, to: number): void {
  const kids = parent.children;
  const start = Math.max(0, from - 1);
  const end = Math.min(kids.length, to + 1);
  for (let i = start; i < end; i++) {
    const child = kids[i]!;
    child.parent = parent;
    child.prev = kids[i - 1] ?? null;
    child.next = kids[i + 1] ?? null;
  }
}

/** Detach `node` from its parent (no-op when already detached). */
export function remove(node: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  if (isElement(node)) elementEdits++;
  const index = parent.children.indexOf(node);
  if (index >= 0) {
    parent.children.splice(index, 1);
    relink(parent, index, index);
  }
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** Put `nodes` (detached first) in place of `old`, which ends up detached. */
export function replaceWith(old: ChildNode, nodes: readonly ChildNode[]): void {
  const parent = old.parent;
  if (!parent) return;
  if (isElement(old) || holdsElement(nodes)) elementEdits++;
  for (const n of nodes) if (n !== old) remove(n);
  const index = parent.children.indexOf(old);
  parent.children.splice(index, 1, ...nodes);
  relink(parent, index, index + nodes.length);
  if (!nodes.includes(old)) {
    old.parent = null;
    old.prev = null;
    old.next = null;
  }
}

/** Insert `nodes` just before `ref`. */
export function insertBefore(ref: ChildNode, nodes: readonly ChildNode[]): void {
  const parent = ref.parent;
  if (!parent) return;
  if (holdsElement(nodes)) elementEdits++;
  for (const n of nodes) remove(n);
  const index = parent.children.indexOf(ref);
  parent.children.splice(index, 0, ...nodes);
  relink(parent, index, index + nodes.length);
}

/** Insert `nodes` just after `ref`. */
export function insertAfter(ref: ChildNode, nodes: readonly ChildNode[]): void {
  const parent = ref.parent;
  if (!parent) return;
  if (holdsElement(nodes)) elementEdits++;
  for (const n of nodes) remove(n);
  const index = parent.children.indexOf(ref) + 1;
  parent.children.splice(index, 0, ...nodes);
  relink(parent, index, index + nodes.length);
}

/** Replace all children of `parent` with `nodes`. */
export function setChildren(parent: ParentNode, nodes: readonly ChildNode[]): void {
  if (holdsElement(parent.children) || holdsElement(nodes)) elementEdits++;
  for (const n of nodes) if (n.parent !== parent) remove(n);
  // Every old child is detached, and those in `nodes` linked again below (a search of `nodes`
  // for each old child instead took a long post's top level quadratic time).
  for (const old of parent.children) {
    old.parent = null;
    old.prev = null;
    old.next = null;
  }
  parent.children = [...nodes];
  relink(parent, 0, nodes.length);
}

/** Detach every child of `parent` (in one pass: no search of the list per child). */
export function detachChildren(parent: ParentNode): void {
  if (holdsElement(parent.children)) elementEdits++;
  for (const old of parent.children) {
    old.parent = null;
    old.prev = null;
    old.next = null;
  }
  parent.children = [];
}

/** Append `nodes` to `parent`. */
export function append(parent: ParentNode, nodes: readonly ChildNode[]): void {
  if (holdsElement(nodes)) elementEdits++;
  for (const n of nodes) remove(n);
  const index = parent.children.length;
  parent.children.push(...nodes);
  relink(parent, index, index + nodes.length);
}

/** Replace `el` by its children. */
export function unwrap(el: Element): void {
  replaceWith(el, [...el.children]);
}

/** Replace `el` by a new element named `name` holding its children (attributes dropped). */
export function rename(el: Element, name: string, attribs: Record<string, string> = {}): Element {
  const next = createElement(name, attribs);
  append(next, [...el.children]);
  replaceWith(el, [next]);
  return next;
}

/** Move all children of `el` into a new `name` element that becomes `el`'s only child. */
export function wrapChildren(el: Element, name: string): Element {
  const wrapper = createElement(name);
  append(wrapper, [...el.children]);
  append(el, [wrapper]);
  return wrapper;
}

/** JavaScript's `\s`: what `trim()` and the blank checks treat as white space. */
export function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Whether `s` is nothing but white space: `s.trim() === ''` without making the trimmed copy
 * (most texts tested start with a letter and are answered at their first character).
 */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Text of a subtree, as browsers' `textContent` (no separators between blocks). */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if ('children' in node) {
    let out = '';
    for (const child of node.children) out += textOf(child);
    return out;
  }
  return '';
}

/** Elements of a subtree in document order (the root excluded), as a snapshot array. */
export function descendants(root: ParentNode, name?: string): Element[] {
  if (activeIndex !== undefined && activeIndex.root === root) return activeIndex.elements(name);
  const out: Element[] = [];
  collect(root, name, out);
  return out;
}

function collect(node: ParentNode, name: string | undefined, out: Element[]): void {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[i]!;
    if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
    if (name === undefined || child.name === name) out.push(child);
    if (child.children.length > 0) collect(child, name, out);
  }
}

/** Elements of a subtree named in `names`, in document order (the root excluded), as a snapshot array. */
export function descendantsNamed(root: ParentNode, names: ReadonlySet<string>): Element[] {
  if (activeIndex !== undefined && activeIndex.root === root) return activeIndex.elementsNamed(names);
  const out: Element[] = [];
  collectNamed(root, names, out);
  return out;
}

function collectNamed(node: ParentNode, names: ReadonlySet<string>, out: Element[]): void {
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[i]!;
    if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
    if (names.has(child.name)) out.push(child);
    if (child.children.length > 0) collectNamed(child, names, out);
  }
}

/**
 * The elements of one tree in document order, for finding them by name. The cleanup rules look
 * for a few names in the whole body, one rule after another, and most rules change no element:
 * the list is made in one walk and kept until an element is added, removed or moved (counted in
 * `elementEdits`), and a search scans the flat list instead of walking the tree again. Names are
 * read when searching, so a renamed element is found under its new name.
 */
export class ElementIndex {
  /** `elementEdits` when `all` was listed; -1: never. */
  private builtAt = -1;
  /** Every element of the tree, in document order. */
  private all: Element[] = [];

  constructor(readonly root: ParentNode) {}

  /** Forget the list (the tree may have been edited outside this module). */
  invalidate(): void {
    this.builtAt = -1;
  }

  /** The names of the elements in the tree, and `[style]` when one has a `style` attribute. */
  names(): Set<string> {
    const names = new Set<string>();
    for (const el of this.update()) {
      names.add(el.name);
      if (el.attribs.style !== undefined) names.add('[style]');
    }
    return names;
  }

  /** As `descendants(root, name)`: a new array. */
  elements(name?: string): Element[] {
    const all = this.update();
    if (name === undefined) return all.slice();
    const out: Element[] = [];
    for (let i = 0; i < all.length; i++) if (all[i]!.name === name) out.push(all[i]!);
    return out;
  }

  /** As `descendantsNamed(root, names)`: a new array. */
  elementsNamed(names: ReadonlySet<string>): Element[] {
    const all = this.update();
    const out: Element[] = [];
    for (let i = 0; i < all.length; i++) if (names.has(all[i]!.name)) out.push(all[i]!);
    return out;
  }

  private update(): Element[] {
    if (this.builtAt !== elementEdits) {
      this.all = [];
      collect(this.root, undefined, this.all);
      this.builtAt = elementEdits;
    }
    return this.all;
  }
}

/** The index `descendants` and `descendantsNamed` answer from for its root (see `withIndex`). */
let activeIndex: ElementIndex | undefined;

/**
 * Run `fn` with `index` answering `descendants(index.root, …)` and `descendantsNamed(index.root, …)`.
 * Every edit of the tree meanwhile must go through this module (or be followed by `index.invalidate()`).
 */
export function withIndex<T>(index: ElementIndex, fn: () => T): T {
  const previous = activeIndex;
  activeIndex = index;
  try {
    return fn();
  } finally {
    activeIndex = previous;
  }
}

/** Nearest ancestor (not `node` itself) named `name` (`closest` without a test function to make). */
export function ancestorNamed(node: AnyNode, name: string): Element | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isElement(p) && p.name === name) return p;
  }
  return undefined;
}

/** Nearest ancestor (not `node` itself) that satisfies `test`. */
export function closest(node: AnyNode, test: (el: Element) => boolean): Element | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (isElement(p) && test(p)) return p;
  }
  return undefined;
}

/** Whether `node` is still in the tree under `root`. */
export function isAttached(node: AnyNode, root: ParentNode): boolean {
  for (let p: AnyNode | null = node; p; p = p.parent) if (p === root) return true;
  return false;
}

/**
 * Split `el` around its child `child`: `<b>x<br>y</b>` with `child` = br becomes
 * `<b>x</b><br><b>y</b>`. Halves that hold nothing are dropped (but a link is never lost).
 */
export function splitAround(el: Element, child: ChildNode): void {
  const kids = el.children;
  const index = kids.indexOf(child);
  const before = kids.slice(0, index);
  const after = kids.slice(index + 1);
  const parts: ChildNode[] = [];
  if (before.length === 0 && after.length === 0 && el.name === 'a' && el.attribs.href !== undefined) {
    parts.push(el.cloneNode(false)); // a link around nothing else still keeps its target
  }
  if (before.length > 0) {
    const first = el.cloneNode(false);
    append(first, before);
    parts.push(first);
  }
  parts.push(child);
  if (after.length > 0) {
    const last = el.cloneNode(false);
    append(last, after);
    parts.push(last);
  }
  replaceWith(el, parts);
}

/** The rows of `table` itself (through thead/tbody/tfoot), not those of nested tables. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'tbody' || child.name === 'thead' || child.name === 'tfoot') {
      for (const row of child.children) if (isElement(row) && row.name === 'tr') rows.push(row);
    }
  }
  return rows;
}

/** The cells (td, th) of one row. */
export function rowCells(row: Element): Element[] {
  const cells: Element[] = [];
  for (const child of row.children) {
    if (isElement(child) && (child.name === 'td' || child.name === 'th')) cells.push(child);
  }
  return cells;
}

/** Parsed inline `style` declarations: lower-cased property → lower-cased value. */
export function styleOf(el: Element): Map<string, string> {
  const out = new Map<string, string>();
  const style = el.attribs.style;
  if (!style) return out;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    if (property) out.set(property, value);
  }
  return out;
}

/** Whether `name` is one of `el`'s class names (most elements' class attribute does not even hold it). */
export function hasClass(el: Element, name: string): boolean {
  const value = el.attribs.class;
  return value !== undefined && value.includes(name) && classesOf(el).includes(name);
}

/** Class names of an element. */
export function classesOf(el: Element): string[] {
  const value = el.attribs.class;
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

/** Elements written as blocks: a line starts and ends at them. */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'audio', 'blockquote', 'body', 'canvas', 'caption', 'center', 'colgroup',
  'dd', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frameset',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'isindex', 'li', 'main',
  'menu', 'nav', 'noframes', 'noscript', 'ol', 'output', 'p', 'pre', 'section', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

export function isBlock(node: AnyNode | null | undefined): node is Element {
  return isElement(node) && BLOCK_ELEMENTS.has(node.name);
}

export const HEADINGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Whether a subtree shows anything: non-blank text, an image, a marker, a link target. */
export function isMeaningful(node: AnyNode): boolean {
  if (node.type === 'text') return !isBlank(node.data);
  if (!isElement(node)) return false;
  if (node.name === 'img' || node.name === 'hr') return true;
  if (node.name === 'a' && node.attribs.href !== undefined) return true;
  const kids = node.children;
  for (let i = 0; i < kids.length; i++) if (isMeaningful(kids[i]!)) return true;
  return false;
}
