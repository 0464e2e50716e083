/**
 * The Markdown side: turndown's rules as a named table. Each entry replaces turndown's rule for
 * the same elements (turndown's `addRule` forgets names, so the table is the one place a rule is
 * looked up or swapped by name). Earlier entries win over later ones, and all of them over
 * turndown's own CommonMark rules and the GFM table rules of `@joplin/turndown-plugin-gfm`.
 *
 * The cleanup pass has already reduced the DOM to what these rules expect (see `structure.ts`):
 * no blocks or `<br>` inside inline elements, plain table grids, `<pre><code>` code blocks.
 */
import { tables } from '@joplin/turndown-plugin-gfm';
import { replaceRules } from './ruleTable.js';
import TurndownService from 'turndown';
import {
  BANG_BEFORE_LINK,
  CharClass,
  classify,
  delimiterFits,
  escapeAlt,
  escapeDestination,
  escapeText,
  escapeTitle,
  firstChar,
  lastChar,
} from './escape.js';
import type { MarkdownDialect } from '../dialect.js';
import { MARKER_ATTR, MARKER_HTML_ATTR, MORE_HTML } from './markers.js';

/** The part of the DOM (turndown's domino nodes) the rules read. */
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly previousSibling: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
  getAttribute(name: string): string | null;
}

/** What a rule may need besides the node: the parser the Markdown is written for. */
export interface RuleContext {
  readonly dialect: MarkdownDialect;
}

export type Replacement = (content: string, node: DomNode, context: RuleContext) => string;

export interface MarkdownRule {
  /** Stable name; the table is keyed by it. */
  readonly name: string;
  /** One line: why turndown's default is not enough. */
  readonly why: string;
  /** Upper-case element names, or a test on the node. */
  readonly filter: readonly string[] | ((node: DomNode) => boolean);
  readonly replacement: Replacement;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements turndown writes as blocks (a line starts or ends at them). */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'AUDIO', 'BLOCKQUOTE', 'BODY', 'CANVAS', 'CENTER', 'DD', 'DIR', 'DIV',
  'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'FRAMESET', 'H1', 'H2', 'H3', 'H4',
  'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'ISINDEX', 'LI', 'MAIN', 'MENU', 'NAV', 'NOFRAMES',
  'NOSCRIPT', 'OL', 'OUTPUT', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD',
  'TR', 'UL', 'X-TURNDOWN', 'BR',
]);
/** Inline elements whose Markdown starts and ends with punctuation (`**`, `_`, `[`…`)`, `` ` ``). */
const MARKUP_INLINE = new Set(['A', 'STRONG', 'B', 'EM', 'I', 'DEL', 'S', 'STRIKE', 'CODE', 'IMG']);

/** Emphasis elements and the delimiters each may use, in order of preference. */
const DELIMITERS: Readonly<Record<string, readonly string[]>> = {
  STRONG: ['**'],
  B: ['**'],
  EM: ['_', '*'],
  I: ['_', '*'],
  DEL: ['~~'],
  S: ['~~'],
  STRIKE: ['~~'],
  /** A code span never fails to parse, but two side by side would merge their backticks. */
  CODE: ['`'],
};

/** Which delimiter each emphasis element of one document gets ('' = none, text only). */
type Decisions = Map<DomNode, string>;

const decisionsByRoot = new WeakMap<DomNode, Decisions>();

function rootOf(node: DomNode): DomNode {
  let root = node;
  while (root.parentNode) root = root.parentNode;
  return root;
}

function classOfText(text: string, side: 'first' | 'last'): CharClass {
  const char = side === 'first' ? firstChar(text) : lastChar(text);
  return char === BANG_BEFORE_LINK ? CharClass.Punctuation : classify(char);
}

function writesDelimiter(node: DomNode, decisions: Decisions): boolean {
  return node.nodeName in DELIMITERS ? !!decisions.get(node) : MARKUP_INLINE.has(node.nodeName);
}

function childAt(node: DomNode, side: 'first' | 'last', i: number): DomNode {
  const kids = node.childNodes;
  return kids[side === 'first' ? i : kids.length - 1 - i]!;
}

/**
 * Class of the first (or last) character `el`'s content writes, whitespace skipped (turndown
 * writes an element's edge whitespace outside it); `undefined` when it writes nothing.
 */
function contentEdge(el: DomNode, side: 'first' | 'last', decisions: Decisions): CharClass | undefined {
  for (let i = 0; i < el.childNodes.length; i++) {
    const child = childAt(el, side, i);
    if (child.nodeType === TEXT_NODE) {
      const text = (child.nodeValue ?? '').trim();
      if (text !== '') return classOfText(text, side);
    } else if (child.nodeType === ELEMENT_NODE) {
      if (BLOCKS.has(child.nodeName)) return CharClass.Space;
      if (writesDelimiter(child, decisions)) return CharClass.Punctuation;
      const inner = contentEdge(child, side, decisions);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Class of the character a neighbour of an element writes at its edge next to it;
 * `undefined` when the neighbour writes nothing.
 */
function neighbourEdge(node: DomNode, side: 'first' | 'last', decisions: Decisions): CharClass | undefined {
  if (node.nodeType === TEXT_NODE) {
    const text = node.nodeValue ?? '';
    return text === '' ? undefined : classOfText(text, side);
  }
  if (node.nodeType !== ELEMENT_NODE) return undefined;
  if (BLOCKS.has(node.nodeName)) return CharClass.Space;
  const text = node.textContent ?? '';
  const edge = side === 'first' ? text.charAt(0) : text.charAt(text.length - 1);
  if (edge !== '' && /\s/.test(edge)) return CharClass.Space; // written outside its delimiters
  if (writesDelimiter(node, decisions)) return CharClass.Punctuation;
  return contentEdge(node, side, decisions);
}

/**
 * What is written just outside `node` on one side: the class of that character, and the
 * delimiter an adjacent emphasis element writes there (two runs of the same character side by
 * side merge into one, `**a****b**`, and must be avoided).
 */
function outside(
  node: DomNode,
  side: 'before' | 'after',
  decisions: Decisions,
): { cls: CharClass; delimiter: string } {
  const edge = side === 'before' ? 'last' : 'first';
  let current: DomNode = node;
  for (;;) {
    const sibling = side === 'before' ? current.previousSibling : current.nextSibling;
    if (sibling) {
      const cls = neighbourEdge(sibling, edge, decisions);
      if (cls !== undefined) return { cls, delimiter: adjacentDelimiter(sibling, edge, decisions) };
      current = sibling; // writes nothing: look past it
      continue;
    }
    const parent = current.parentNode;
    if (!parent || BLOCKS.has(parent.nodeName)) return { cls: CharClass.Space, delimiter: '' };
    if (writesDelimiter(parent, decisions)) return { cls: CharClass.Punctuation, delimiter: '' };
    current = parent;
  }
}

/** The delimiter an inline element writes at one edge (its own, or a first/last child's). */
function adjacentDelimiter(node: DomNode, side: 'first' | 'last', decisions: Decisions): string {
  if (node.nodeType !== ELEMENT_NODE || !(node.nodeName in DELIMITERS)) return '';
  const own = decisions.get(node);
  if (own) return own;
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const child = kids[side === 'first' ? i : kids.length - 1 - i]!;
    if (child.nodeType === TEXT_NODE && (child.nodeValue ?? '').trim() === '') continue;
    return adjacentDelimiter(child, side, decisions);
  }
  return '';
}

function emphasisElements(root: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const walk = (node: DomNode): void => {
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i]!;
      if (child.nodeType !== ELEMENT_NODE) continue;
      if (child.nodeName === 'PRE') continue;
      if (child.nodeName in DELIMITERS) out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/**
 * Decide, for every emphasis element of the document at once, whether CommonMark will read its
 * delimiters as emphasis, given what is written around them — including whether the
 * neighbouring and enclosing emphasis keeps its own delimiters. Every element starts out
 * delimited; one that does not fit falls back to its next delimiter, then to plain text, and
 * the check repeats until nothing changes (each step only gives up delimiters, so it ends).
 */
function decideEmphasis(root: DomNode): Decisions {
  const elements = emphasisElements(root);
  const decisions: Decisions = new Map(elements.map((el) => [el, DELIMITERS[el.nodeName]![0]!]));
  for (let changed = true, rounds = 0; changed && rounds <= elements.length; rounds++) {
    changed = false;
    for (const el of elements) {
      const current = decisions.get(el)!;
      if (current === '') continue;
      // Where turndown puts the element's edge whitespace (all of it before, when that is all).
      const text = el.textContent ?? '';
      const blank = text.trim() === '';
      const spaceBefore = /^\s/.test(text);
      const spaceAfter = !blank && /\s$/.test(text);
      decisions.set(el, ''); // as if this element wrote no delimiters itself
      const left = outside(el, 'before', decisions);
      const right = outside(el, 'after', decisions);
      const before = spaceBefore ? CharClass.Space : left.cls;
      const after = spaceAfter ? CharClass.Space : right.cls;
      const first = contentEdge(el, 'first', decisions) ?? CharClass.Space;
      const last = contentEdge(el, 'last', decisions) ?? CharClass.Space;
      const options = DELIMITERS[el.nodeName]!;
      let chosen = '';
      if (el.nodeName === 'CODE') {
        // Right after another code span (emphasis between them dropped): plain text instead.
        chosen = !spaceBefore && left.delimiter === '`' ? '' : '`';
        decisions.set(el, chosen);
        if (chosen !== current) changed = true;
        continue;
      }
      for (const d of options.slice(options.indexOf(current))) {
        const char = d.charAt(0);
        const merges =
          (!spaceBefore && left.delimiter.charAt(0) === char) ||
          (!spaceAfter && right.delimiter.charAt(0) === char);
        if (!merges && delimiterFits(char as '*' | '_' | '~', before, first, last, after)) {
          chosen = d;
          break;
        }
      }
      decisions.set(el, chosen);
      if (chosen !== current) changed = true;
    }
  }
  return decisions;
}

function decisionFor(node: DomNode): string {
  const root = rootOf(node);
  let decisions = decisionsByRoot.get(root);
  if (!decisions) {
    decisions = decideEmphasis(root);
    decisionsByRoot.set(root, decisions);
  }
  return decisions.get(node) ?? '';
}

/** `content` between the delimiters decided for `node`, or plain when it gets none. */
function delimit(content: string, node: DomNode): string {
  const lead = /^\s*/.exec(content)![0];
  const trail = /\s*$/.exec(content)![0];
  const inner = content.slice(lead.length, content.length - trail.length);
  if (inner === '') return content;
  const d = decisionFor(node);
  return d === '' ? content : lead + d + inner + d + trail;
}

/** A code span (turndown's rule), or escaped text where it would touch another code span. */
function codeSpan(content: string, node: DomNode, context: RuleContext): string {
  const code = content.replace(/\r?\n|\r/g, ' ');
  if (code === '') return '';
  if (decisionFor(node) === '') return escapeText(code, context.dialect);
  const padding = /^`|^ .*?[^ ].* $|`$/.test(code) ? ' ' : '';
  const fence = '`'.repeat(longestRun(code, '`') + 1);
  return fence + padding + code + padding + fence;
}

function elementIndex(node: DomNode, names: ReadonlySet<string>): number {
  let index = 0;
  for (let s = node.previousSibling; s; s = s.previousSibling) {
    if (s.nodeType === ELEMENT_NODE && names.has(s.nodeName)) index++;
  }
  return index;
}

const LIST_ITEM = new Set(['LI']);
const TABLE_CELLS = new Set(['TD', 'TH']);

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

export const markdownRules: readonly MarkdownRule[] = [
  {
    name: 'marker',
    why: 'the cleanup pass left the jump break and sanitised embeds as markers; write them as raw HTML blocks',
    filter: (node) => node.nodeName === 'HR' && node.getAttribute(MARKER_ATTR) !== null,
    replacement: (_content, node) => {
      const html = node.getAttribute(MARKER_ATTR) === 'more' ? MORE_HTML : (node.getAttribute(MARKER_HTML_ATTR) ?? '');
      return html === '' ? '' : `\n\n${html}\n\n`;
    },
  },
  {
    name: 'codeBlock',
    why: 'every <pre> (normalised to <pre><code class="language-x">) is fenced, longer than any backtick run inside',
    filter: ['PRE'],
    replacement: (_content, node) => {
      const code = node.firstChild;
      const className = code && code.nodeType === ELEMENT_NODE ? (code.getAttribute('class') ?? '') : '';
      const language = /(?:^|\s)language-(\S+)/.exec(className)?.[1] ?? '';
      const text = (node.textContent ?? '').replace(/\n+$/, '');
      if (text.trim() === '') return '\n\n';
      const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
      return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
    },
  },
  {
    name: 'heading',
    why: 'ATX headings on one line, with a trailing # escaped so it is not read as a closing sequence',
    filter: ['H1', 'H2', 'H3', 'H4', 'H5', 'H6'],
    replacement: (content, node) => {
      const text = content.replace(/\s*\n\s*/g, ' ').trim().replace(/(^|[ \t])(#+)$/, '$1\\$2');
      if (text === '') return '\n\n';
      return `\n\n${'#'.repeat(Number(node.nodeName.charAt(1)))} ${text}\n\n`;
    },
  },
  {
    name: 'list',
    why: "turndown glues text that follows a nested list onto the list's last item",
    filter: ['UL', 'OL'],
    replacement: (content, node) => {
      let last = true;
      for (let s = node.nextSibling; s && last; s = s.nextSibling) {
        const shows = s.nodeType === ELEMENT_NODE || (s.nodeType === TEXT_NODE && (s.nodeValue ?? '').trim() !== '');
        if (shows) last = false;
      }
      return node.parentNode?.nodeName === 'LI' && last ? `\n${content}` : `\n\n${content}\n\n`;
    },
  },
  {
    name: 'listItem',
    why: 'compact markers ("- ", "1. ") with continuation lines indented to match',
    filter: ['LI'],
    replacement: (content, node) => {
      const parent = node.parentNode;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number.parseInt(parent.getAttribute('start') ?? '', 10);
        const first = Number.isFinite(start) && start >= 0 && start < 1e9 ? start : 1;
        prefix = `${Math.min(first + elementIndex(node, LIST_ITEM), 999_999_999)}. `;
      }
      const isParagraph = /\n$/.test(content);
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '')
        // "- ---" would be a thematic break, not an item holding one.
        .replace(/^---(?=\n|$)/, '***') + (isParagraph ? '\n' : '');
      const indented = body.replace(/\n/g, `\n${' '.repeat(prefix.length)}`);
      return prefix + indented + (node.nextSibling ? '\n' : '');
    },
  },
  {
    name: 'tableCell',
    why: 'a GFM cell is one line with | escaped (the plugin would write <br> for line breaks)',
    filter: ['TD', 'TH'],
    replacement: (content, node) => {
      // Pipes the text escaping left unescaped (for kramdown it escapes them all).
      const text = content.replace(/\s*\n\s*/g, ' ').trim().replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');
      const first = elementIndex(node, TABLE_CELLS) === 0;
      return `${first ? '| ' : ' '}${text === '' ? ' ' : text} |`;
    },
  },
  {
    name: 'strong',
    why: '** only where CommonMark will read it as strong; otherwise the text alone',
    filter: ['STRONG', 'B'],
    replacement: delimit,
  },
  {
    name: 'emphasis',
    why: '_ (or * inside a word) only where CommonMark will read it as emphasis',
    filter: ['EM', 'I'],
    replacement: delimit,
  },
  {
    name: 'strikethrough',
    why: 'GFM ~~ only where it will be read as strikethrough',
    filter: ['DEL', 'S', 'STRIKE'],
    replacement: delimit,
  },
  {
    name: 'inlineCode',
    why: 'a code span right after another one would merge their backticks',
    filter: (node) => node.nodeName === 'CODE' && node.parentNode?.nodeName !== 'PRE',
    replacement: codeSpan,
  },
  {
    name: 'link',
    why: 'inline links whose destination and title read back exactly',
    filter: (node) => node.nodeName === 'A' && !!node.getAttribute('href'),
    replacement: (content, node, { dialect }) => {
      const title = node.getAttribute('title');
      const titlePart = title && title.trim() ? ` "${escapeTitle(title)}"` : '';
      return `[${content}](${escapeDestination(node.getAttribute('href') ?? '', dialect)}${titlePart})`;
    },
  },
  {
    name: 'image',
    why: 'images keep src, alt and title, escaped to read back exactly',
    filter: ['IMG'],
    replacement: (_content, node, { dialect }) => {
      const src = node.getAttribute('src');
      if (!src) return '';
      const title = node.getAttribute('title');
      const titlePart = title && title.trim() ? ` "${escapeTitle(title)}"` : '';
      return `![${escapeAlt(node.getAttribute('alt') ?? '', dialect)}](${escapeDestination(src, dialect)}${titlePart})`;
    },
  },
];

/**
 * A TurndownService with `rules` over turndown's CommonMark rules and the GFM tables plugin,
 * writing Markdown for `dialect`. Building one is slow (and its plugin keeps module state), so
 * build it once and reuse it.
 */
export function createTurndown(rules: readonly MarkdownRule[] = markdownRules, dialect: MarkdownDialect = 'commonmark'): TurndownService {
  const context: RuleContext = { dialect };
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    fence: '```',
    emDelimiter: '_',
    strongDelimiter: '**',
    linkStyle: 'inlined',
    br: '\\',
  });
  service.use(tables);
  // addRule puts a rule first, so add in reverse to let earlier table entries win.
  for (const rule of [...rules].reverse()) {
    const filter = rule.filter;
    service.addRule(rule.name, {
      filter:
        typeof filter === 'function'
          ? (node) => filter(node as unknown as DomNode)
          : (node) => filter.includes((node as unknown as DomNode).nodeName),
      replacement: (content, node) => rule.replacement(content, node as unknown as DomNode, context),
    });
  }
  service.escape = (text) => escapeText(text, dialect);
  return service;
}

/** `rules` with entries replaced by name (`null` removes one); new names are appended. */
export function withMarkdownRules(
  overrides: Record<string, MarkdownRule | null>,
  rules: readonly MarkdownRule[] = markdownRules,
): MarkdownRule[] {
  return replaceRules(rules, overrides);
}
