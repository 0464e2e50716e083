/**
 * Structural cleanup: after it, the DOM has only elements the writer has a rule for, inline
 * formatting never holds a block or a line break, tables are plain grids of inline cells, and
 * `<br><br>` soup has become paragraphs. That is what it takes for every Markdown rule to write
 * valid CommonMark for every input.
 */
import type { AnyNode, ChildNode, Element, ParentNode, Text } from 'domhandler';
import type { CleanupContext, CleanupRule } from './cleanup.js';
import {
  ancestorNamed,
  append,
  BLOCK_ELEMENTS,
  closest,
  createElement,
  createText,
  descendants,
  detachChildren,
  descendantsNamed,
  HEADINGS,
  insertAfter,
  insertBefore,
  isBlank,
  isBlock,
  isElement,
  isMeaningful,
  isText,
  remove,
  replaceWith,
  rowCells,
  setChildren,
  splitAround,
  styleOf,
  tableRows,
  textOf,
  unwrap,
} from './dom.js';
import { BANG_BEFORE_LINK } from './escape.js';
import { isMarker } from './markers.js';

type Retag =
  | { readonly to: string }
  | { readonly action: 'drop' | 'caption' | 'quote' };

/** Elements renamed or treated specially; any other element not in `KEPT_ELEMENTS` is unwrapped. */
export const RETAGGED_ELEMENTS: readonly { names: readonly string[]; retag: Retag; why: string }[] = [
  { names: ['b'], retag: { to: 'strong' }, why: 'bold: one name per meaning for the rules after this one' },
  { names: ['i', 'cite', 'dfn', 'var'], retag: { to: 'em' }, why: 'shown in italics' },
  { names: ['s', 'strike'], retag: { to: 'del' }, why: 'strikethrough' },
  {
    names: [
      'center', 'section', 'article', 'header', 'footer', 'aside', 'nav', 'main', 'figure', 'address',
      'details', 'summary', 'fieldset', 'legend', 'hgroup', 'dialog', 'marquee', 'form', 'search',
    ],
    retag: { to: 'div' },
    why: 'layout and alignment containers: the block stays, the styling goes',
  },
  { names: ['dir', 'menu'], retag: { to: 'ul' }, why: 'obsolete names of a bulleted list' },
  {
    names: ['figcaption'],
    retag: { action: 'caption' },
    why: 'an image caption: an emphasised paragraph, as for Blogger captions',
  },
  {
    names: ['q'],
    retag: { action: 'quote' },
    why: 'browsers show <q> in quotation marks; Markdown has no <q>',
  },
  {
    names: ['wbr', 'param', 'source', 'track', 'option', 'optgroup'],
    retag: { action: 'drop' },
    why: 'word-break hints, and media or form parts outside their element: nothing to show',
  },
];

/** Elements that have a Markdown form (or are table structure) and stay as they are. */
export const KEPT_ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'strong', 'em', 'del', 'code', 'img', 'br', 'hr', 'pre', 'p', 'div', 'blockquote', 'ul', 'ol',
  'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot',
  'tr', 'td', 'th', 'caption', 'colgroup', 'col',
]);

const RETAG_BY_NAME = new Map<string, Retag>();
for (const group of RETAGGED_ELEMENTS) for (const name of group.names) RETAG_BY_NAME.set(name, group.retag);
/** The names retagging gives the elements named in `present`: a `to`, or a caption's p > em. */
function retagCreates(present: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const name of present) {
    const retag = RETAG_BY_NAME.get(name);
    if (retag === undefined) continue;
    if ('to' in retag) out.push(retag.to);
    else if (retag.action === 'caption') out.push('p', 'em');
  }
  return out;
}

function retagElements(ctx: CleanupContext): void {
  retagChildren(ctx.root);
}

/**
 * Retag the elements under `parent` in document order, walking the live tree: what takes an
 * element's place (its children when unwrapped, the caption's new p > em, the quote's marks)
 * is looked at next, so every element is looked at once (the new p and em are kept as they are).
 * A `<pre>`'s content is code and stays as it is.
 */
function retagChildren(parent: ParentNode): void {
  const kids = parent.children;
  for (let i = 0; i < kids.length; ) {
    const el = kids[i]!;
    if (!isElement(el)) {
      i++;
      continue;
    }
    const retag = RETAG_BY_NAME.get(el.name);
    if (retag === undefined) {
      if (!KEPT_ELEMENTS.has(el.name)) {
        unwrap(el); // span, font, u, sup, sub, small, o:p, …
        continue;
      }
    } else if ('to' in retag) {
      el.name = retag.to;
      el.attribs = {};
    } else if (retag.action === 'drop') {
      remove(el);
      continue;
    } else if (retag.action === 'caption') {
      const p = createElement('p');
      const em = createElement('em');
      append(em, [...el.children]);
      append(p, [em]);
      replaceWith(el, [p]);
      continue;
    } else {
      replaceWith(el, [createText('"'), ...el.children, createText('"')]);
      continue;
    }
    if (el.name !== 'pre' && el.children.length > 0) retagChildren(el);
    i++;
  }
}

const LISTS = new Set(['ul', 'ol']);

/**
 * `<ul><li>a</li><ul><li>a.1</li></ul></ul>`: the old editor nested lists directly in lists, and
 * left `<br>` and stray text between items. A nested list (or text) joins the item before it;
 * what comes before the first item goes before the list. An item
 * that is a single `<p>` (Google Docs, WordPress) is an ordinary, tight item; a stray `<li>`
 * outside any list gets one.
 */
function fixListChildren(ctx: CleanupContext): void {
  for (const item of descendants(ctx.root, 'li')) {
    if (!isElement(item.parent) || !LISTS.has(item.parent.name)) {
      // A stray <li> (tag soup): it and the items right after it form a bulleted list.
      const list = createElement('ul');
      insertBefore(item, [list]);
      let next: ChildNode | null = item;
      while (next && ((isElement(next) && next.name === 'li') || isBlankText(next))) {
        const after: ChildNode | null = next.next;
        append(list, [next]);
        next = after;
      }
    }
    // <li><p>text</p></li> (Google Docs, WordPress): one paragraph is not a loose list item.
    const only = onlyShownChild(item);
    if (isElement(only) && only.name === 'p') unwrap(only);
  }
  for (const list of descendantsNamed(ctx.root, LISTS)) {
    let lastItem: Element | undefined;
    for (const child of [...list.children]) {
      if (isElement(child) && child.name === 'li') {
        lastItem = child;
      } else if (isBlankText(child)) {
        remove(child); // between items (a U+3000 there would start the line before "- ")
      } else if (isElement(child) && child.name === 'br') {
        remove(child);
      } else if (lastItem) {
        append(lastItem, [child]);
      } else {
        insertBefore(list, [child]); // before the first item: not an item (no bullet shows)
      }
    }
  }
}

/** The one child of `el` that is not blank text, if it has exactly one. */
function onlyShownChild(el: Element): ChildNode | undefined {
  let only: ChildNode | undefined;
  for (const child of el.children) {
    if (isBlankText(child)) continue;
    if (only !== undefined) return undefined;
    only = child;
  }
  return only;
}

function isInPre(node: AnyNode): boolean {
  return ancestorNamed(node, 'pre') !== undefined;
}

/** The texts outside `<pre>` under `root` that hold a line break and something else. */
function textsWithLineBreaks(root: ParentNode): Text[] {
  const out: Text[] = [];
  const walk = (node: ParentNode): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        if (child.data.includes('\n') && !isBlank(child.data)) out.push(child);
      } else if (isElement(child) && child.name !== 'pre') walk(child);
    }
  };
  walk(root);
  return out;
}

/** With Blogger's "convert line breaks" on, a newline typed in the HTML is a `<br>`. */
function newlinesToBreaks(ctx: CleanupContext): void {
  if (!ctx.convertLineBreaks) return;
  for (const text of textsWithLineBreaks(ctx.root)) {
    const parts = text.data.replace(/\r\n?/g, '\n').split('\n');
    const nodes: ChildNode[] = [];
    parts.forEach((part, i) => {
      if (i > 0) nodes.push(createElement('br'));
      if (part !== '') nodes.push(createText(part));
    });
    replaceWith(text, nodes);
  }
}

/**
 * `&nbsp;` runs: editors pad with them, and at a line start or end they would show as stray
 * characters (or, in a list, shift the indentation). Outside code they are ordinary spaces.
 */
function nbspToSpaces(ctx: CleanupContext): void {
  const walk = (node: ParentNode): void => {
    for (const child of node.children) {
      if (child.type === 'text') {
        if (child.data.includes('\u00a0')) child.data = child.data.replace(/\u00a0/g, ' ');
      } else if (isElement(child) && child.name !== 'pre' && child.children.length > 0) {
        walk(child);
      }
    }
  };
  walk(ctx.root);
}

/** A table's `<caption>`: a paragraph before the table (GFM tables have no caption). */
function moveTableCaptions(ctx: CleanupContext): void {
  for (const caption of descendants(ctx.root, 'caption')) {
    const table = closest(caption, (a) => a.name === 'table');
    if (!table) continue;
    const p = createElement('p');
    append(p, [...caption.children]);
    remove(caption);
    if (isMeaningful(p)) insertBefore(table, [p]);
  }
}

function spanOf(cell: Element, attr: 'colspan' | 'rowspan', max: number): number {
  const n = Number.parseInt(cell.attribs[attr] ?? '1', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, max) : 1;
}

/** Column count of a table, colspans counted. */
function columnCount(rows: readonly Element[]): number {
  let max = 0;
  for (const row of rows) {
    let n = 0;
    for (const cell of rowCells(row)) n += spanOf(cell, 'colspan', MAX_COLUMNS);
    max = Math.max(max, n);
  }
  return max;
}

const MAX_COLUMNS = 64;

/**
 * Tables used for layout — a table in a table, one cell, one column — are not data: their
 * cells become blocks in reading order.
 */
function unwrapLayoutTables(ctx: CleanupContext): void {
  for (const table of descendants(ctx.root, 'table')) {
    if (!table.parent) continue;
    const rows = tableRows(table);
    const cells = rows.flatMap(rowCells);
    const nested = descendants(table, 'table').length > 0;
    if (!nested && cells.length > 1 && columnCount(rows) > 1) continue;
    const parts: ChildNode[] = [];
    for (const cell of cells) {
      if (!isMeaningful(cell)) continue;
      const div = createElement('div');
      append(div, [...cell.children]);
      parts.push(div);
    }
    replaceWith(table, parts);
  }
}

function cellAttributes(cell: Element): Record<string, string> {
  const align = cell.attribs.align ?? styleOf(cell).get('text-align');
  return align === 'left' || align === 'right' || align === 'center' ? { align } : {};
}

/**
 * Data tables become a plain grid GFM can write: colspan and rowspan expanded into empty cells,
 * every row as wide as the widest, one header row (the first, when it is a header) in thead.
 */
function normaliseTableGrids(ctx: CleanupContext): void {
  for (const table of descendants(ctx.root, 'table')) {
    if (!table.parent) continue;
    const rows = tableRows(table);
    if (rows.length === 0) {
      remove(table);
      continue;
    }
    const width = columnCount(rows);
    const grid: (Element | null)[][] = rows.map(() => []);
    rows.forEach((row, r) => {
      let c = 0;
      for (const cell of rowCells(row)) {
        while (grid[r]![c] !== undefined) c++;
        const colspan = spanOf(cell, 'colspan', MAX_COLUMNS);
        const rowspan = spanOf(cell, 'rowspan', rows.length - r);
        for (let dr = 0; dr < rowspan; dr++) {
          for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? cell : null;
        }
        c += colspan;
      }
    });
    const headerFirst =
      (isElement(rows[0]!.parent) && rows[0]!.parent.name === 'thead') ||
      rowCells(rows[0]!).every((cell) => cell.name === 'th');
    const newRows = rows.map((row, r) => {
      const tr = createElement('tr');
      const cells: Element[] = [];
      for (let c = 0; c < width; c++) {
        const cell = grid[r]![c];
        if (cell) {
          cell.attribs = cellAttributes(cell);
          cells.push(cell);
        } else {
          cells.push(createElement(r === 0 && headerFirst ? 'th' : 'td'));
        }
      }
      append(tr, cells);
      if (r === 0 && headerFirst) for (const cell of cells) cell.name = 'th';
      return tr;
    });
    const sections: Element[] = [];
    if (headerFirst) {
      const thead = createElement('thead');
      append(thead, [newRows.shift()!]);
      sections.push(thead);
    } else {
      // Only a first row inside thead is a header for the GFM writer: no th row elsewhere.
      for (const tr of newRows) for (const cell of tr.children) if (isElement(cell)) cell.name = 'td';
    }
    if (newRows.length > 0) {
      const tbody = createElement('tbody');
      append(tbody, newRows);
      sections.push(tbody);
    }
    setChildren(table, sections);
    table.attribs = {};
  }
}

/** Make `el`'s content inline: blocks become their content between spaces, `<br>` a space. */
function flattenToInline(el: Element): void {
  for (const d of descendants(el)) {
    if (!d.parent) continue;
    if (d.name === 'br') {
      replaceWith(d, [createText(' ')]);
    } else if (d.name === 'pre') {
      const code = createElement('code');
      append(code, [createText(textOf(d).replace(/\s+/g, ' ').trim())]);
      replaceWith(d, [createText(' '), code, createText(' ')]);
    } else if (d.name === 'hr') {
      remove(d); // (markers were moved out first)
    } else if (BLOCK_ELEMENTS.has(d.name)) {
      replaceWith(d, [createText(' '), ...d.children, createText(' ')]);
    }
  }
}

/**
 * GFM table cells hold one line of inline content: lists, paragraphs and breaks are flattened;
 * embeds and the jump break (blocks) move after the table.
 */
function inlineTableCells(ctx: CleanupContext): void {
  for (const table of descendants(ctx.root, 'table')) {
    const markers = descendants(table, 'hr').filter((hr) => isMarker(hr));
    if (markers.length > 0) insertAfter(table, markers);
    for (const cell of descendants(table)) {
      if (cell.name === 'td' || cell.name === 'th') flattenToInline(cell);
    }
  }
}

/**
 * An ATX heading is one line: blocks and `<br>` inside it are flattened, embeds and the jump
 * break move after it, and bold inside it goes (a heading is bold already).
 */
function inlineHeadings(ctx: CleanupContext): void {
  for (const heading of descendantsNamed(ctx.root, HEADINGS)) {
    if (!heading.parent) continue;
    const markers = descendants(heading, 'hr').filter((hr) => isMarker(hr));
    if (markers.length > 0) insertAfter(heading, markers);
    flattenToInline(heading);
    for (const strong of descendants(heading, 'strong')) unwrap(strong);
  }
}

/** Inline elements that write Markdown delimiters around their content. */
const INLINE_CONTAINERS = new Set(['strong', 'em', 'del', 'code', 'a']);

function isInlineContainer(node: AnyNode | null): node is Element {
  return isElement(node) && INLINE_CONTAINERS.has(node.name);
}

/**
 * `el`'s children with `el` pushed down into its block children:
 * `<b><div>x</div></b>` → `<div><b>x</b></div>`.
 */
function distribute(el: Element, clones = { count: 0 }): ChildNode[] {
  const out: ChildNode[] = [];
  let run: ChildNode[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    if (run.some(isMeaningful)) {
      const clone = el.cloneNode(false);
      append(clone, run);
      out.push(clone);
      clones.count++;
    } else {
      out.push(...run);
    }
    run = [];
  };
  for (const child of [...el.children]) {
    if (!isBlock(child)) {
      run.push(child);
      continue;
    }
    flush();
    if (child.name !== 'pre' && child.name !== 'hr') {
      const inner = el.cloneNode(false);
      append(inner, [...child.children]);
      setChildren(child, distribute(inner, clones));
    }
    out.push(child);
  }
  flush();
  return out;
}

/** Emphasis or a link around blocks (`<b><div>…</div></b>`) cannot be written; push it inside. */
function distributeInlineOverBlocks(ctx: CleanupContext): void {
  const containers = descendantsNamed(ctx.root, INLINE_CONTAINERS);
  for (const el of containers.reverse()) {
    if (!el.parent || isInPre(el) || !el.children.some(isBlock)) continue;
    const clones = { count: 0 };
    const out = distribute(el, clones);
    // A link around empty blocks still keeps its target.
    if (clones.count === 0 && el.name === 'a' && el.attribs.href !== undefined) {
      out.unshift(el.cloneNode(false));
    }
    replaceWith(el, out);
  }
}

function isLink(el: Element): boolean {
  return el.name === 'a';
}

/**
 * A link inside a link (tag soup, or a link pushed into blocks that held links) cannot be
 * written: Markdown would read the outer brackets as text. As an HTML parser does, the outer
 * link ends where the inner one starts and resumes after it.
 */
function splitNestedLinks(ctx: CleanupContext): void {
  for (const a of descendants(ctx.root, 'a')) {
    while (a.parent && closest(a, isLink)) splitAround(a.parent as Element, a);
  }
}

const LEADING_SPACE = /^\s+/;
const TRAILING_SPACE = /\s+$/;

/**
 * `<b>text<br></b>` and `<b> text </b>`: a line break or space at the edge of emphasis would
 * break the delimiters (`**text\` … `**`, `** text **`). Breaks move up to the enclosing
 * block, splitting the emphasis around them; edge spaces move outside.
 */
function hoistLineBreaks(ctx: CleanupContext): void {
  for (const br of descendants(ctx.root, 'br')) {
    while (isInlineContainer(br.parent)) splitAround(br.parent, br);
  }
  // Innermost and last first (reverse document order), so a space moves out through every
  // level. Moving spaces edits only texts: the list stays right.
  const emphasis = descendantsNamed(ctx.root, EDGE_SPACED);
  for (let i = emphasis.length - 1; i >= 0; i--) moveEdgeSpacesOut(emphasis[i]!);
}

/** Emphasis that must not start or end with white space. */
const EDGE_SPACED = new Set(['strong', 'em', 'del']);

/** The white space at the edges of `el` (an emphasis element), put just before and after it. */
function moveEdgeSpacesOut(el: Element): void {
  if (el.children.length < 2 && isBlank(textOf(el))) return; // left to removeEmpty
  const first = el.children[0];
  if (isText(first) && LEADING_SPACE.test(first.data)) {
    const space = LEADING_SPACE.exec(first.data)![0];
    first.data = first.data.slice(space.length);
    if (first.data === '') remove(first);
    insertBefore(el, [createText(space)]);
  }
  const last = el.children[el.children.length - 1];
  if (isText(last) && TRAILING_SPACE.test(last.data)) {
    const space = TRAILING_SPACE.exec(last.data)![0];
    last.data = last.data.slice(0, last.data.length - space.length);
    if (last.data === '') remove(last);
    insertAfter(el, [createText(space)]);
  }
}

const MERGEABLE = new Set(['strong', 'em', 'del', 'code']);

/**
 * `<b>a</b><b>b</b>` would write `**a****b**`, `<code>a</code><code>b</code>` one code span
 * `` `a``b` ``, and `<i><i>x</i></i>` `__x__` (bold): adjacent twins merge, nested twins unwrap.
 */
function mergeAdjacentEmphasis(ctx: CleanupContext): void {
  for (const el of descendantsNamed(ctx.root, MERGEABLE)) {
    if (!el.parent) continue;
    if (ancestorNamed(el, el.name)) {
      unwrap(el);
      continue;
    }
    while (isElement(el.next) && el.next.name === el.name) {
      const twin = el.next;
      append(el, [...twin.children]);
      remove(twin);
    }
  }
  // Merging can nest twins (`<b>a</b><b><b>x</b></b>`).
  for (const el of descendantsNamed(ctx.root, MERGEABLE)) {
    if (el.parent && ancestorNamed(el, el.name)) unwrap(el);
  }
}

const EMPTY_REMOVABLE_BLOCKS = new Set([
  'div', 'p', 'blockquote', 'dl', 'dt', 'dd', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);

/** Whether there is inline content right before or after `el` among its siblings. */
function separatesInline(el: Element): boolean {
  for (const dir of ['prev', 'next'] as const) {
    let s = el[dir];
    while (s && isBlankText(s)) s = s[dir];
    if (s && !isBlock(s)) return true;
  }
  return false;
}

/**
 * Empty `<div>`, `<span>`, `<b> </b>` and anchors without a target show nothing, but would
 * leave stray delimiters or blank paragraphs behind.
 */
function removeEmptyElements(ctx: CleanupContext): void {
  removeEmptyIn(ctx.root);
}

/**
 * The elements under `parent` innermost and last first (reverse document order), walking the
 * live tree backwards: an element is only ever replaced by what it held, which was looked at
 * already, and the siblings before it are not touched. A `<pre>`'s content stays as it is.
 */
function removeEmptyIn(parent: ParentNode): void {
  const kids = parent.children;
  for (let i = kids.length - 1; i >= 0; i--) {
    const el = kids[i]!;
    if (!isElement(el)) continue;
    if (el.name !== 'pre' && el.children.length > 0) removeEmptyIn(el);
    if (el.name === 'a' && el.attribs.href === undefined) {
      unwrap(el); // <a name="…"> anchors
    } else if (INLINE_CONTAINERS.has(el.name) && el.name !== 'a' && !isMeaningful(el)) {
      replaceWith(el, textOf(el) === '' ? [] : [createText(' ')]);
    } else if (EMPTY_REMOVABLE_BLOCKS.has(el.name) && !isMeaningful(el)) {
      // Between inline content an empty block still ends a line (`a<p></p>b` is two lines):
      // it stays, and the writer writes it as a paragraph break.
      if (!separatesInline(el)) remove(el);
    }
  }
}

/** Blocks whose inline content can hold `<br>` soup. */
const PARAGRAPH_CONTAINERS = new Set(['div', 'p', 'blockquote', 'li', 'dd', 'dt', 'dl']);

function isBreak(node: ChildNode): node is Element {
  return isElement(node) && node.name === 'br';
}

function isBlankText(node: ChildNode): boolean {
  return isText(node) && isBlank(node.data);
}

type Group = { inline: ChildNode[] } | { block: Element };

/**
 * `text<br><br>text` without `<p>`: runs of two or more `<br>` end a paragraph; a single `<br>`
 * stays a hard line break; `<br>` at the start or end of a block is dropped (it would be a
 * literal backslash in Markdown).
 */
function splitParagraphs(container: ParentNode): void {
  const groups: Group[] = [];
  let piece: ChildNode[] = [];
  /** Whether `piece` shows anything yet. */
  let started = false;
  let breaks = 0;
  /** The last `<br>` of the run being counted. */
  let lastBreak: Element | undefined;
  let split = false;
  let changed = false;
  const endPiece = (): void => {
    if (started) groups.push({ inline: piece });
    else if (piece.length > 0) changed = true;
    piece = [];
    started = false;
  };
  for (const child of container.children) {
    if (isBlock(child)) {
      if (breaks > 0) changed = true;
      breaks = 0;
      endPiece();
      groups.push({ block: child });
    } else if (isBreak(child)) {
      breaks++;
      lastBreak = child;
    } else if (breaks > 0 && isBlankText(child)) {
      changed = true; // space between breaks
    } else {
      if (breaks >= 2 && started) {
        endPiece();
        split = true;
      } else if (breaks === 1 && started) {
        piece.push(lastBreak!); // where it was: a lone break between lines changes nothing
      } else if (breaks > 0) {
        changed = true; // breaks at the start of a block
      }
      breaks = 0;
      piece.push(child);
      if (!started && isMeaningful(child)) started = true;
    }
  }
  if (breaks > 0) changed = true;
  endPiece();
  if (!split && !changed) return;

  // A split leaves two or more inline pieces: each becomes a block of its own. The children are
  // detached all at once first (moving them one by one searched the container's list for each).
  const isParagraph = isElement(container) && container.name === 'p';
  detachChildren(container);
  const out: ChildNode[] = [];
  for (const group of groups) {
    if ('block' in group) {
      out.push(group.block);
    } else if (split) {
      const block = createElement(isParagraph ? 'p' : 'div');
      append(block, group.inline);
      out.push(block);
    } else {
      out.push(...group.inline);
    }
  }
  if (isParagraph && split) replaceWith(container as Element, out);
  else setChildren(container, out);
}

/**
 * Whether `splitParagraphs` could change `container`: only a `<br>` or a run of inline nodes
 * that shows nothing (between blocks or at an edge) makes it. Most blocks hold neither, and this
 * check allocates nothing.
 */
function mayNeedSplit(container: ParentNode): boolean {
  let run = false;
  let shown = false;
  for (const child of container.children) {
    if (isBlock(child)) {
      if (run && !shown) return true;
      run = false;
      shown = false;
    } else if (isBreak(child)) {
      return true;
    } else {
      run = true;
      if (!shown && isMeaningful(child)) shown = true;
    }
  }
  return run && !shown;
}

function paragraphsFromBreaks(ctx: CleanupContext): void {
  const containers = descendantsNamed(ctx.root, PARAGRAPH_CONTAINERS);
  if (mayNeedSplit(ctx.root)) splitParagraphs(ctx.root);
  for (const el of containers) if (el.parent && mayNeedSplit(el) && !isInPre(el)) splitParagraphs(el);
}

/** The text node written right before `node` on its line, if any (through inline elements). */
function textBefore(node: ChildNode): Text | undefined {
  let current: ChildNode = node;
  for (;;) {
    let prev: ChildNode | null = current.prev;
    if (!prev) {
      const parent = current.parent;
      if (!isInlineContainer(parent) || parent.name === 'code') return undefined;
      current = parent;
      continue;
    }
    // The last thing written inside `prev`.
    while (isInlineContainer(prev) && prev.name !== 'code' && prev.children.length > 0) {
      prev = prev.children[prev.children.length - 1]!;
    }
    if (isText(prev)) {
      if (prev.data !== '') return prev;
      current = prev;
      continue;
    }
    if (isInlineContainer(prev) && prev.name !== 'code') {
      current = prev; // empty emphasis writes nothing (or is dropped)
      continue;
    }
    return undefined; // an image, code span, line break or block
  }
}

/**
 * `Wow!<a href>` would write `Wow![link](url)`, an image: that `!` gets escaped. Also through
 * emphasis that may lose its delimiters (`<b>!</b><a>`), and with space between (the writer trims
 * it before an empty link at the end of a post).
 */
function markBangBeforeLinks(ctx: CleanupContext): void {
  for (const a of descendants(ctx.root, 'a')) {
    if (!a.attribs.href) continue;
    const text = textBefore(a);
    const bang = text ? /!(\s*)$/.exec(text.data) : null;
    if (text && bang) text.data = text.data.slice(0, bang.index) + BANG_BEFORE_LINK + bang[1];
  }
}

export const structureRules: readonly CleanupRule[] = [
  {
    name: 'retagElements',
    why: 'one element per Markdown construct; presentational wrappers go, their text stays',
    creates: retagCreates,
    apply: retagElements,
  },
  {
    name: 'inlineOverBlocks',
    why: 'editors wrap blocks in <b>, <span> and <a>; Markdown emphasis and links cannot span blocks',
    onlyWith: [...INLINE_CONTAINERS],
    creates: [], // copies of the elements it pushes down
    apply: distributeInlineOverBlocks,
  },
  {
    name: 'nestedLinks',
    why: 'a link inside a link cannot be written; the outer one ends where the inner one starts',
    onlyWith: ['a'],
    creates: [],
    apply: splitNestedLinks,
  },
  {
    name: 'listChildren',
    why: 'lists nested directly in lists, and <br> between items, from the old editor',
    onlyWith: ['li', ...LISTS],
    creates: ['ul'],
    apply: fixListChildren,
  },
  {
    name: 'convertLineBreaks',
    why: "Blogger's 'convert line breaks' setting shows typed newlines as <br>",
    creates: (_present, ctx) => (ctx.convertLineBreaks ? ['br'] : []),
    apply: newlinesToBreaks,
  },
  {
    name: 'nbspToSpace',
    why: 'editors pad with &nbsp;, which would be stray characters at line starts and ends',
    onlyWith: ['[nbsp]'],
    creates: [],
    apply: nbspToSpaces,
  },
  {
    name: 'tableCaption',
    why: 'GFM tables have no caption: it becomes a paragraph before the table',
    onlyWith: ['caption'],
    creates: ['p'],
    apply: moveTableCaptions,
  },
  {
    name: 'layoutTable',
    why: 'tables in tables, one-cell and one-column tables are layout, not data',
    onlyWith: ['table'],
    creates: ['div'],
    apply: unwrapLayoutTables,
  },
  {
    name: 'tableGrid',
    why: 'GFM needs a rectangular grid with at most one header row: spans expand to empty cells',
    onlyWith: ['table'],
    creates: ['tr', 'th', 'td', 'thead', 'tbody'],
    apply: normaliseTableGrids,
  },
  {
    name: 'tableCellInline',
    why: 'a GFM cell is one line: blocks and breaks inside cells are flattened, embeds move after the table',
    onlyWith: ['table'],
    creates: ['code'],
    apply: inlineTableCells,
  },
  {
    name: 'headingInline',
    why: 'an ATX heading is one line; bold inside a heading is redundant',
    onlyWith: [...HEADINGS],
    creates: ['code'],
    apply: inlineHeadings,
  },
  {
    name: 'breakOutOfEmphasis',
    why: '<br> or spaces at the edge of <b>/<i> would break the emphasis delimiters',
    onlyWith: ['br', 'strong', 'em', 'del'],
    creates: [], // copies of the emphasis it splits
    apply: hoistLineBreaks,
  },
  {
    name: 'removeEmpty',
    why: 'empty spans, divs and anchors show nothing but would leave stray delimiters or blank lines',
    creates: [],
    apply: removeEmptyElements,
  },
  {
    name: 'mergeEmphasis',
    why: 'adjacent or nested twins (<b>a</b><b>b</b>, <i><i>x</i></i>) would write broken delimiters',
    onlyWith: [...MERGEABLE],
    creates: [],
    apply: mergeAdjacentEmphasis,
  },
  {
    name: 'paragraphsFromBreaks',
    why: 'the old editor wrote paragraphs as text separated by <br><br>',
    creates: ['br', 'p', 'div'],
    apply: paragraphsFromBreaks,
  },
  {
    name: 'bangBeforeLink',
    why: 'a "!" right before a link would turn the link into an image',
    onlyWith: ['a'],
    creates: [],
    apply: markBangBeforeLinks,
  },
];
