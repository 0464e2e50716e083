/**
 * Code: `<pre>` blocks in all the shapes blog editors and highlighters left them, and inline
 * code. A block is normalised to `<pre><code class="language-x">text</code></pre>` with every
 * line of the original (a naive `<pre>` rule would join `<br>`-separated lines), so the
 * Markdown rule only has to fence it.
 */
import type { AnyNode, ChildNode, Element, ParentNode } from 'domhandler';
import type { CleanupContext, CleanupRule } from './cleanup.js';
import {
  ancestorNamed,
  append,
  BLOCK_ELEMENTS,
  classesOf,
  closest,
  createElement,
  createText,
  descendants,
  descendantsNamed,
  insertAfter,
  isBlock,
  isElement,
  isMeaningful,
  remove,
  replaceWith,
  setChildren,
  textOf,
  unwrap,
} from './dom.js';
import { isMarker } from './markers.js';
import { lookupTable } from '../../model/table.js';

/** Where highlighters and editors record a code block's language, first match wins. */
export const LANGUAGE_SOURCES: readonly { name: string; read: (el: Element) => string | undefined }[] = [
  {
    name: 'SyntaxHighlighter 2+ (class="brush: js; gutter: false")',
    read: (el) => /(?:^|[\s;])brush\s*:\s*([^\s;]+)/i.exec(el.attribs.class ?? '')?.[1],
  },
  {
    name: 'language-* / lang-* class (HTML5 convention, Prism, highlight.js, prettify "prettyprint lang-js")',
    read: (el) => {
      for (const c of classesOf(el)) {
        const m = /^(?:language|lang)-(.+)$/i.exec(c);
        if (m) return m[1];
      }
      return undefined;
    },
  },
  {
    name: 'GitHub highlight-source-* / highlight-text-* wrapper class',
    read: (el) => {
      for (const c of classesOf(el)) {
        const m = /^highlight-(?:source|text)-(.+)$/i.exec(c);
        if (m) return m[1];
      }
      return undefined;
    },
  },
  {
    name: 'SHJS sh_* class',
    read: (el) => {
      for (const c of classesOf(el)) {
        const m = /^sh_(.+)$/i.exec(c);
        if (m && m[1] !== 'sourceCode') return m[1];
      }
      return undefined;
    },
  },
  {
    name: 'dp.SyntaxHighlighter 1.x (<pre name="code" class="java:nogutter">)',
    read: (el) => (el.attribs.name === 'code' ? classesOf(el)[0]?.split(':')[0] : undefined),
  },
  {
    name: 'data-lang / data-language attribute',
    read: (el) => el.attribs['data-lang'] ?? el.attribs['data-language'],
  },
  {
    name: 'lang attribute (WP-Syntax style), unless it names a human language',
    read: (el) => {
      const lang = el.attribs.lang;
      return lang !== undefined && !HUMAN_LANGUAGE.test(lang) ? lang : undefined;
    },
  },
];

/** `lang="en"`, `lang="pt-BR"`: the text's language, not the code's. */
const HUMAN_LANGUAGE = new RegExp(
  '^(?:[a-z]{2,3}-[a-z0-9]{2,8}|' +
    'en|de|fr|es|it|pt|nl|ru|ja|zh|ko|tr|sv|da|fi|no|nb|nn|el|he|ar|hi|uk|hu|ro|id|th|vi|' +
    'ca|eu|gl|et|lv|lt|sk|sl|hr|bg|sr|fa|ms|tl)$',
  'i',
);

/** Highlighter names that mean "no language". */
const NO_LANGUAGE = new Set([
  'plain', 'text', 'plaintext', 'txt', 'none', 'nohighlight', 'no-highlight', 'code', 'nocode',
]);
/** Highlighter aliases with a more common name. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = lookupTable({
  jscript: 'javascript',
  'c#': 'csharp',
  'c-sharp': 'csharp',
  'c++': 'cpp',
  'obj-c': 'objectivec',
  vb: 'vbnet',
  shell: 'sh',
  ps: 'powershell',
});

/** A language name safe in a fence info string (no backticks, no spaces), or ''. */
export function normaliseLanguage(raw: string | undefined): string {
  if (!raw) return '';
  const lower = raw.trim().toLowerCase();
  const name = LANGUAGE_ALIASES[lower] ?? lower;
  if (NO_LANGUAGE.has(name)) return '';
  return name.replace(/[^a-z0-9_+#.-]/g, '');
}

function languageOf(pre: Element): string {
  const candidates: Element[] = [pre];
  const code = descendants(pre, 'code')[0];
  if (code) candidates.push(code);
  if (isElement(pre.parent) && pre.parent.name === 'div') candidates.push(pre.parent);
  for (const source of LANGUAGE_SOURCES) {
    for (const el of candidates) {
      const language = normaliseLanguage(source.read(el));
      if (language) return language;
    }
  }
  return '';
}

/** Elements inside a `<pre>` that still end a line (line-per-div highlighters, pasted tables). */
const LINE_ELEMENTS = new Set([...BLOCK_ELEMENTS].filter((name) => name !== 'pre'));

/**
 * The text of a code block as it shows: `<br>` and line-per-block markup become newlines,
 * trailing spaces go. `collapse` applies HTML's whitespace rules first, for code that was not
 * preformatted (`<code>` with `<br>` lines): runs of spaces show as one and a line's leading
 * space as none, while `&nbsp;` indentation stays.
 */
export function codeText(el: Element, collapse = false): string {
  let out = '';
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      out += collapse ? node.data.replace(/[ \t\n\r\f]+/g, ' ') : node.data;
    } else if (isElement(node)) {
      if (node.name === 'br') {
        out += '\n';
        return;
      }
      const line = LINE_ELEMENTS.has(node.name);
      if (line && out !== '' && !out.endsWith('\n')) out += '\n';
      for (const child of node.children) walk(child);
      if (line && out !== '' && !out.endsWith('\n')) out += '\n';
    }
  };
  for (const child of el.children) walk(child);
  let text = out.replace(/\r\n?/g, '\n');
  if (collapse) text = text.replace(/^ /gm, '');
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** Elements whose text is shown verbatim like `<pre>`'s. */
const PREFORMATTED = new Set(['pre', 'textarea', 'xmp', 'listing', 'plaintext']);

function normalisePre(pre: Element, language: string, text: string): void {
  if (text.trim() === '') {
    remove(pre);
    return;
  }
  const code = createElement('code', language ? { class: `language-${language}` } : {});
  append(code, [createText(text)]);
  const block = createElement('pre');
  append(block, [code]);
  replaceWith(pre, [block]);
}

/**
 * A `<pre>` holding links or images is preformatted prose (pasted terminal output, poems with
 * links), not code: a code block would lose them. It becomes a block whose lines are kept as
 * line breaks; the monospace and indentation go.
 */
function preformattedProse(pre: Element): void {
  for (const d of [pre, ...descendants(pre)]) {
    for (const child of [...d.children]) {
      if (child.type !== 'text' || !/[\r\n]/.test(child.data)) continue;
      const nodes: ChildNode[] = [];
      child.data.split(/\r\n?|\n/).forEach((part, i) => {
        if (i > 0) nodes.push(createElement('br'));
        if (part !== '') nodes.push(createText(part));
      });
      replaceWith(child, nodes);
    }
  }
  pre.name = 'div';
  pre.attribs = {};
}

function normaliseCodeBlocks(ctx: CleanupContext): void {
  for (const el of descendantsNamed(ctx.root, PREFORMATTED)) {
    if (!el.parent) continue;
    if (closest(el, (a) => PREFORMATTED.has(a.name))) continue; // handled with its outer block
    if (descendants(el).some((d) => d.name === 'img' || (d.name === 'a' && d.attribs.href !== undefined))) {
      preformattedProse(el);
    } else {
      // Embeds and the jump break are not code: they go after the block.
      const markers = descendants(el, 'hr').filter((hr) => isMarker(hr));
      if (markers.length > 0) insertAfter(el, markers);
      normalisePre(el, languageOf(el), codeText(el));
    }
  }
}

/** A line ends at a block or a `<br>`. */
function endsLine(node: AnyNode): boolean {
  return isElement(node) && (node.name === 'br' || BLOCK_ELEMENTS.has(node.name));
}

/**
 * Whether `node` is alone on its lines: between it and the nearest line break or block on each
 * side there is nothing shown.
 */
function standsAlone(node: Element): boolean {
  let current: AnyNode = node;
  for (;;) {
    for (const dir of ['prev', 'next'] as const) {
      for (let s = current[dir]; s && !endsLine(s); s = s[dir]) {
        if (isMeaningful(s)) return false;
      }
    }
    const parent: ParentNode | null = current.parent;
    if (!parent || parent.type === 'root' || isBlock(parent)) return true;
    current = parent;
  }
}

/**
 * `<code>line<br>line</code>` standing alone in its block: the old editor's code block (no
 * `<pre>`). Its lines are kept as a fenced block.
 */
function codeWithBreaksToBlocks(ctx: CleanupContext): void {
  for (const code of descendants(ctx.root, 'code')) {
    if (!code.parent || ancestorNamed(code, 'pre')) continue;
    const inside = descendants(code);
    if (!inside.some((d) => d.name === 'br') || !standsAlone(code)) continue;
    // Links, images and blocks inside: not a code listing (and a code block would lose them).
    if (inside.some((d) => d.name === 'img' || d.name === 'a' || BLOCK_ELEMENTS.has(d.name))) continue;
    normalisePre(code, '', codeText(code, true));
  }
}

/** Inline monospace elements that mean code. */
const CODE_LIKE = new Set(['tt', 'kbd', 'samp']);

/**
 * Inline code holds text only: formatting inside it would show as literal `**`. Code around a
 * link, an image or blocks loses the code styling instead (they must survive).
 */
function flattenInlineCode(ctx: CleanupContext): void {
  for (const el of descendantsNamed(ctx.root, CODE_LIKE)) el.name = 'code';
  for (const code of descendants(ctx.root, 'code')) {
    if (!code.parent || closest(code, (a) => a.name === 'pre' || a.name === 'code')) continue;
    if (descendants(code).some((d) => d.name === 'a' || d.name === 'img' || BLOCK_ELEMENTS.has(d.name))) {
      unwrap(code);
      continue;
    }
    for (const br of descendants(code, 'br')) replaceWith(br, [createText(' ')]);
    const text = textOf(code).replace(/\u00a0/g, ' ');
    if (text.includes(']') && closest(code, (a) => a.name === 'a')) {
      // `[`a]:`](u)` at a paragraph start reads as a link reference definition: plain text.
      replaceWith(code, [createText(text)]);
      continue;
    }
    if (text.trim() === '') replaceWith(code, text === '' ? [] : [createText(' ')]);
    else setChildren(code, [createText(text)]);
  }
}

export const codeRules: readonly CleanupRule[] = [
  {
    name: 'codeBlock',
    why: 'pre blocks come with <br> lines, highlighter spans and language classes: keep every line and the language',
    onlyWith: [...PREFORMATTED],
    creates: ['pre', 'code', 'br', 'div'],
    apply: normaliseCodeBlocks,
  },
  {
    name: 'codeWithBreaks',
    why: 'the old editor wrote code blocks as <code> with <br> lines and no <pre>',
    onlyWith: ['code'],
    creates: ['pre', 'code'],
    apply: codeWithBreaksToBlocks,
  },
  {
    name: 'inlineCode',
    why: 'inline code shows its text verbatim: tt/kbd/samp are code, and markup inside it would show as characters',
    onlyWith: ['code', ...CODE_LIKE],
    creates: ['code'],
    apply: flattenInlineCode,
  },
];
