/**
 * The Markdown side: one rule per element the cleanup pass can leave, as a named table the
 * writer (`writer.ts`) goes through in order — the first rule that takes an element writes it.
 *
 * The cleanup pass has already reduced the DOM to what these rules expect (see `structure.ts`):
 * no blocks or `<br>` inside inline elements, plain table grids with at most a header row in
 * `<thead>`, `<pre><code class="language-x">` code blocks, embeds and the jump break as markers.
 */
import type { ChildNode, Element } from 'domhandler';
import { isBlank, isElement } from './dom.js';
import type { MarkdownDialect } from '../dialect.js';
import { escapeAlt, escapeDestination, escapeText, escapeTitle } from './escape.js';
import { MARKER_ATTR, MARKER_HTML_ATTR, MORE_HTML } from './markers.js';
import { replaceRules } from './ruleTable.js';
import { betweenLineBreaks, createMarkdownWriter, isSpace, type MarkdownRule, type MarkdownWriter, type WriteContext } from './writer.js';
import { lookupTable } from '../../model/table.js';

export type { MarkdownRule, WriteContext } from './writer.js';

/** `content` between the delimiters decided for `el`, or plain when it gets none. */
function delimit(content: string, el: Element, context: WriteContext): string {
  let start = 0;
  while (start < content.length && isSpace(content.charCodeAt(start))) start++;
  if (start === content.length) return content;
  const d = context.delimiter(el);
  if (d === '') return content;
  let end = content.length;
  while (isSpace(content.charCodeAt(end - 1))) end--;
  return content.slice(0, start) + d + content.slice(start, end) + d + content.slice(end);
}

/** A code span, or escaped text where it would touch another code span. */
function codeSpan(content: string, el: Element, context: WriteContext): string {
  const code = /[\r\n]/.test(content) ? content.replace(/\r?\n|\r/g, ' ') : content;
  if (code === '') return '';
  if (context.delimiter(el) === '') return escapeText(code, context.dialect);
  const padding = /^`|^ .*?[^ ].* $|`$/.test(code) ? ' ' : '';
  const fence = '`'.repeat(longestRun(code, '`') + 1);
  return fence + padding + code + padding + fence;
}

/** How many elements named in `names` come before `el` among its siblings. */
function elementIndex(el: Element, names: ReadonlySet<string>): number {
  let index = 0;
  for (let s = el.prev; s; s = s.prev) {
    if (isElement(s) && names.has(s.name)) index++;
  }
  return index;
}

/** Whether an element named in `names` comes before `el` among its siblings. */
function hasElementBefore(el: Element, names: ReadonlySet<string>): boolean {
  for (let s = el.prev; s; s = s.prev) {
    if (isElement(s) && names.has(s.name)) return true;
  }
  return false;
}

const LIST_ITEM = new Set(['li']);
const TABLE_CELLS = new Set(['td', 'th']);

function longestRun(text: string, char: string): number {
  if (!text.includes(char)) return 0;
  const code = char.charCodeAt(0);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === code ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** `s` without the line breaks at its start and end. */
function trimNewlines(s: string): string {
  let start = 0;
  while (s.charCodeAt(start) === 0x0a) start++;
  let end = s.length;
  while (end > start && s.charCodeAt(end - 1) === 0x0a) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** The table a cell, row or section belongs to. */
function tableOf(el: Element): Element | undefined {
  for (let p = el.parent; p; p = p.parent) if (isElement(p) && p.name === 'table') return p;
  return undefined;
}

/** The rows of a table (in its sections), each as its list of cells. */
function rowsOf(table: Element): Element[][] {
  const rows: Element[][] = [];
  const addRow = (tr: Element) => rows.push(tr.children.filter(isElement));
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') addRow(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const row of child.children) if (isElement(row) && row.name === 'tr') addRow(row);
    }
  }
  return rows;
}

const ALIGNMENT_BORDER: Readonly<Record<string, string>> = lookupTable({ left: ':---', right: '---:', center: ':---:' });

/** The delimiter row cell for a column: the alignment most of its cells ask for. */
function columnBorder(rows: readonly Element[][], column: number): string {
  const votes: Record<string, number> = { left: 0, right: 0, center: 0, '': 0 };
  let align = '';
  for (const row of rows) {
    const cell = row[column];
    if (!cell) continue;
    const cellAlign = (cell.attribs.align ?? '').toLowerCase();
    if (!(cellAlign in votes)) continue;
    votes[cellAlign]!++;
    if (votes[cellAlign]! > votes[align]!) align = cellAlign;
  }
  return ALIGNMENT_BORDER[align] ?? '---';
}

function isHeaderRow(tr: Element): boolean {
  const parent = tr.parent;
  return isElement(parent) && parent.name === 'thead';
}

/** A delimiter row `| --- | :---: |` for a table's columns. */
function delimiterRow(table: Element): string {
  const rows = rowsOf(table);
  const columns = Math.max(0, ...rows.map((r) => r.length));
  let out = '';
  for (let c = 0; c < columns; c++) out += `${c === 0 ? '| ' : ' '}${columnBorder(rows, c)} |`;
  return out;
}

export const markdownRules: readonly MarkdownRule[] = [
  {
    name: 'marker',
    why: 'the cleanup pass left the jump break and sanitised embeds as markers; write them as raw HTML blocks',
    filter: ['hr'],
    when: (el) => el.attribs[MARKER_ATTR] !== undefined,
    usesContent: false,
    replacement: (_content, el) => {
      const html = el.attribs[MARKER_ATTR] === 'more' ? MORE_HTML : (el.attribs[MARKER_HTML_ATTR] ?? '');
      return html === '' ? '' : `\n\n${html}\n\n`;
    },
  },
  {
    name: 'codeBlock',
    why: 'every <pre> (normalised to <pre><code class="language-x">) is fenced, longer than any backtick run inside',
    filter: ['pre'],
    usesContent: false,
    replacement: (_content, el, context) => {
      const code = el.children[0];
      const className = code && isElement(code) ? (code.attribs.class ?? '') : '';
      const language = /(?:^|\s)language-(\S+)/.exec(className)?.[1] ?? '';
      const text = context.text(el).replace(/\n+$/, '');
      if (text.trim() === '') return '\n\n';
      const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
      return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
    },
  },
  {
    name: 'heading',
    why: 'ATX headings on one line, with a trailing # escaped so it is not read as a closing sequence',
    filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    replacement: (content, el) => {
      let text = content.includes('\n') ? content.replace(/\s*\n\s*/g, ' ') : content;
      text = text.trim();
      if (text.endsWith('#')) text = text.replace(/(^|[ \t])(#+)$/, '$1\\$2');
      if (text === '') return '\n\n';
      return `\n\n${'#'.repeat(Number(el.name.charAt(1)))} ${text}\n\n`;
    },
  },
  {
    name: 'paragraph',
    why: 'a paragraph is its lines with a blank line before and after',
    filter: ['p'],
    ...betweenLineBreaks(2, 2),
  },
  {
    name: 'lineBreak',
    why: 'a hard line break as a backslash at the end of the line (trailing spaces would be trimmed)',
    filter: ['br'],
    usesContent: false,
    replacement: () => '\\\n',
  },
  {
    name: 'blockquote',
    why: 'every line of a quote starts with "> "',
    filter: ['blockquote'],
    replacement: (content) => `\n\n${trimNewlines(content).replace(/^/gm, '> ')}\n\n`,
  },
  {
    name: 'thematicBreak',
    why: 'a horizontal rule as ---',
    filter: ['hr'],
    usesContent: false,
    replacement: () => '\n\n---\n\n',
  },
  {
    name: 'list',
    why: 'a list is a block, except a nested list that ends its item (it continues the item)',
    filter: ['ul', 'ol'],
    replacement: (content, el) => {
      let last = true;
      for (let s: ChildNode | null = el.next; s && last; s = s.next) {
        const shows = isElement(s) || (s.type === 'text' && !isBlank(s.data));
        if (shows) last = false;
      }
      const parent = el.parent;
      return isElement(parent) && parent.name === 'li' && last ? `\n${content}` : `\n\n${content}\n\n`;
    },
  },
  {
    name: 'listItem',
    why: 'compact markers ("- ", "1. ", numbered from <ol start>) with continuation lines indented to match',
    filter: ['li'],
    replacement: (content, el) => {
      const parent = el.parent;
      let prefix = '- ';
      if (isElement(parent) && parent.name === 'ol') {
        const start = Number.parseInt(parent.attribs.start ?? '', 10);
        const first = Number.isFinite(start) && start >= 0 && start < 1e9 ? start : 1;
        prefix = `${Math.min(first + elementIndex(el, LIST_ITEM), 999_999_999)}. `;
      }
      const isParagraph = content.charCodeAt(content.length - 1) === 0x0a;
      let body = trimNewlines(content);
      // "- ---" would be a thematic break, not an item holding one.
      if (body.startsWith('---')) body = body.replace(/^---(?=\n|$)/, '***');
      if (isParagraph) body += '\n';
      // Most items are one line: nothing to indent.
      const indented = body.includes('\n') ? body.replace(/\n/g, `\n${' '.repeat(prefix.length)}`) : body;
      return prefix + indented + (el.next ? '\n' : '');
    },
  },
  {
    name: 'table',
    why: 'a GFM table; one without a header row gets an empty one (GFM requires it)',
    filter: ['table'],
    replacement: (content, el) => {
      const rows = content.replace(/\n+/g, '\n').trim();
      const hasHeader = rowsOf(el).length > 0 && el.children.some((c) => isElement(c) && c.name === 'thead');
      let header = '';
      if (!hasHeader) {
        const columns = Math.max(0, ...rowsOf(el).map((r) => r.length));
        if (columns > 0) header = `|${'     |'.repeat(columns)}\n${delimiterRow(el)}\n`;
      }
      return `\n\n${header}${rows}\n\n`;
    },
  },
  {
    name: 'tableSection',
    why: 'thead, tbody and tfoot are only their rows',
    filter: ['thead', 'tbody', 'tfoot'],
    ...betweenLineBreaks(0, 0),
  },
  {
    name: 'tableRow',
    why: 'one line per row; the header row is followed by the delimiter row, with column alignment',
    filter: ['tr'],
    replacement: (content, el) => {
      const table = tableOf(el);
      const delimiter = table && isHeaderRow(el) ? `\n${delimiterRow(table)}` : '';
      return `\n${content}${delimiter}`;
    },
  },
  {
    name: 'tableCell',
    why: 'a GFM cell is one line with | escaped',
    filter: ['td', 'th'],
    replacement: (content, el) => {
      // Pipes the text escaping left unescaped (for kramdown it escapes them all).
      // Each replacement only where its character is (most cells hold neither).
      let text = content.includes('\n') ? content.replace(/\s*\n\s*/g, ' ') : content;
      text = text.trim();
      if (text.includes('|')) text = text.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');
      const first = !hasElementBefore(el, TABLE_CELLS);
      return `${first ? '| ' : ' '}${text === '' ? ' ' : text} |`;
    },
  },
  {
    name: 'tableParts',
    why: 'captions were moved before the table by the cleanup; column groups show nothing',
    filter: ['caption', 'colgroup', 'col'],
    usesContent: false,
    replacement: () => '',
  },
  {
    name: 'strong',
    why: '** only where CommonMark will read it as strong; otherwise the text alone',
    filter: ['strong', 'b'],
    replacement: delimit,
    edgeLineBreaks: 'content',
  },
  {
    name: 'emphasis',
    why: '_ (or * inside a word) only where CommonMark will read it as emphasis',
    filter: ['em', 'i'],
    replacement: delimit,
    edgeLineBreaks: 'content',
  },
  {
    name: 'strikethrough',
    why: 'GFM ~~ only where it will be read as strikethrough',
    filter: ['del', 's', 'strike'],
    replacement: delimit,
    edgeLineBreaks: 'content',
  },
  {
    name: 'inlineCode',
    why: 'a code span with a fence longer than any backtick run; right after another one, plain text',
    filter: ['code'],
    replacement: codeSpan,
    edgeLineBreaks: 'none',
  },
  {
    name: 'link',
    why: 'inline links whose destination and title read back exactly',
    filter: ['a'],
    when: (el) => !!el.attribs.href,
    edgeLineBreaks: 'none',
    replacement: (content, el, { dialect }) => {
      const title = el.attribs.title;
      const titlePart = title && title.trim() ? ` "${escapeTitle(title)}"` : '';
      return `[${content}](${escapeDestination(el.attribs.href ?? '', dialect)}${titlePart})`;
    },
  },
  {
    name: 'image',
    why: 'images keep src, alt and title, escaped to read back exactly',
    filter: ['img'],
    usesContent: false,
    edgeLineBreaks: 'none',
    replacement: (_content, el, { dialect }) => {
      const src = el.attribs.src;
      if (!src) return '';
      const title = el.attribs.title;
      const titlePart = title && title.trim() ? ` "${escapeTitle(title)}"` : '';
      return `![${escapeAlt(el.attribs.alt ?? '', dialect)}](${escapeDestination(src, dialect)}${titlePart})`;
    },
  },
];

/** `rules` with entries replaced by name (`null` removes one); new names are appended. */
export function withMarkdownRules(
  overrides: Record<string, MarkdownRule | null>,
  rules: readonly MarkdownRule[] = markdownRules,
): MarkdownRule[] {
  return replaceRules(rules, overrides);
}

/** A writer for `rules` (default: the table above), writing Markdown for `dialect`. */
export function markdownWriter(
  rules: readonly MarkdownRule[] = markdownRules,
  dialect: MarkdownDialect = 'commonmark',
): MarkdownWriter {
  return createMarkdownWriter(rules, dialect);
}
