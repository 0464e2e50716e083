/**
 * Fidelity of an HTML → Markdown conversion, measured against what a reader of each sees: the
 * words, the images and links, and whether any HTML other than the kept embeds is left.
 *
 * - Words: the source HTML's text (what browsers do not show excluded: script, style, noscript,
 *   noembed, template, iframe contents, form options; blocks and `<br>` separate words; alt text not counted) against the text
 *   of the Markdown rendered by markdown-it with `html: true`, extracted the same way. Words are
 *   Unicode word segments (`Intl.Segmenter`), case-sensitive; punctuation does not count. The
 *   score is the F1 of the two word multisets.
 * - Every `<img src>` and `<a href>` of the source must be in the rendered Markdown (resolved
 *   against `baseUrl` when given; URLs compared after the same normalisation on both sides).
 *   URLs no renderer should link are not expected: script URLs (`javascript:`, `vbscript:`),
 *   non-image `data:`, and `file:` (markdown-it's `validateLink` refuses the same).
 * - Leftover HTML: raw HTML in the Markdown (markdown-it's html_block / html_inline tokens)
 *   that is neither a kept embed nor `<!--more-->`.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import MarkdownIt from 'markdown-it';

export interface Fidelity {
  /** F1 of source words vs rendered words (1 when both are empty). */
  wordF1: number;
  /** Source image URLs not found among the rendered images. */
  missingImages: string[];
  /** Source link URLs not found among the rendered links. */
  missingLinks: string[];
  /** Raw HTML left in the Markdown that is not a kept embed. */
  leftoverHtml: string[];
  /** For diagnosis: words the rendering lost (with multiplicity, at most 20). */
  missingWords: string[];
  /** For diagnosis: words the rendering added (with multiplicity, at most 20). */
  extraWords: string[];
}

const markdownIt = new MarkdownIt({ html: true });

/** Elements whose content a reader does not see as text. */
const HIDDEN = new Set([
  'script', 'style', 'noscript', 'noembed', 'noframes', 'template', 'iframe', 'title', 'head',
  'select', 'datalist', 'option', 'optgroup',
]);

/** Elements that separate words (blocks, line breaks, table cells). */
const SEPARATING = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'video',
  'audio', 'object', 'embed', 'img', 'textarea',
]);

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Visible text of a parsed fragment, blocks separated by spaces. */
function visibleText(root: ParentNode): string {
  const parts: string[] = [];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      parts.push(node.data);
    } else if (isElement(node)) {
      if (HIDDEN.has(node.name)) {
        if (node.name === 'iframe') parts.push(' '); // a frame's box separates the words around it
        return;
      }
      const separates = SEPARATING.has(node.name);
      if (separates) parts.push(' ');
      for (const child of node.children) walk(child);
      if (separates) parts.push(' ');
    }
  };
  for (const child of root.children) walk(child);
  return parts.join('');
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

export function words(text: string): string[] {
  const out: string[] = [];
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) out.push(segment.segment);
  return out;
}

function countWords(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of list) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** The leftover of `a` minus `b` as a multiset, at most `limit` entries. */
function difference(a: Map<string, number>, b: Map<string, number>, limit: number): string[] {
  const out: string[] = [];
  for (const [word, n] of a) {
    const extra = n - (b.get(word) ?? 0);
    for (let i = 0; i < extra && out.length < limit; i++) out.push(word);
  }
  return out;
}

export function wordF1(source: readonly string[], rendered: readonly string[]): number {
  if (source.length === 0 && rendered.length === 0) return 1;
  if (source.length === 0 || rendered.length === 0) return 0;
  const a = countWords(source);
  const b = countWords(rendered);
  let overlap = 0;
  for (const [word, n] of a) overlap += Math.min(n, b.get(word) ?? 0);
  const precision = overlap / rendered.length;
  const recall = overlap / source.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const UNSAFE_LINK = /^(?:javascript|vbscript|livescript|mocha|data|file):/;
const UNSAFE_IMAGE = /^(?:javascript|vbscript|livescript|mocha|file):|^data:(?!image\/)/;

/** A URL as both sides can agree on: resolved, canonical (WHATWG URL), percent-decoded. */
export function normaliseUrl(url: string, baseUrl?: string): string {
  let u = url.replace(/[\t\n\r]/g, '').trim();
  try {
    if (baseUrl && !u.startsWith('#') && !HAS_SCHEME.test(u)) u = new URL(u, baseUrl).href;
    else if (HAS_SCHEME.test(u) && !u.startsWith('data:')) u = new URL(u).href;
  } catch {
    // keep as written
  }
  try {
    return decodeURI(u);
  } catch {
    return u;
  }
}

function bareScheme(url: string): string {
  return url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
}

function collectUrls($: CheerioAPI, selector: string, attr: string): string[] {
  const out: string[] = [];
  $(selector).each((_, el) => {
    for (let p = el.parent; p; p = p.parent) if (isElement(p) && HIDDEN.has(p.name)) return;
    const value = $(el).attr(attr);
    if (value !== undefined && value.trim() !== '') out.push(value);
  });
  return out;
}

/** Tag names of the kept embeds (and what may appear inside them). */
const EMBED_TAGS = new Set(['iframe', 'object', 'embed', 'param', 'video', 'audio', 'source', 'track', 'script']);
const EMBED_CARD =
  /^(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|imgur-embed-pub|reddit-embed-bq|reddit-card)$/;
const MORE = /^\s*<!--more-->\s*$/;

function isKeptEmbedBlock(html: string): boolean {
  if (MORE.test(html)) return true;
  const $ = load(html, null, false);
  const top = $.root()[0]!.children;
  return top.every((node) => {
    if (node.type === 'text') return node.data.trim() === '';
    if (!isElement(node)) return false;
    if (node.name === 'blockquote') return (node.attribs.class ?? '').split(/\s+/).some((c) => EMBED_CARD.test(c));
    if (node.name === 'script') return node.attribs.src !== undefined;
    return EMBED_TAGS.has(node.name);
  });
}

function leftoverHtml(markdown: string): string[] {
  const out: string[] = [];
  const visit = (tokens: readonly { type: string; content: string; children: unknown }[]): void => {
    for (const token of tokens) {
      if (token.type === 'html_block' && !isKeptEmbedBlock(token.content)) {
        out.push(token.content.trim().slice(0, 120));
      } else if (token.type === 'html_inline') {
        const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(token.content)?.[1]?.toLowerCase();
        if (!(MORE.test(token.content) || (name !== undefined && EMBED_TAGS.has(name)))) {
          out.push(token.content.slice(0, 120));
        }
      }
      if (Array.isArray(token.children)) visit(token.children as typeof tokens);
    }
  };
  visit(markdownIt.parse(markdown, {}));
  return out;
}

export interface FidelityOptions {
  /** The base URL the conversion resolved relative URLs against. */
  baseUrl?: string;
}

/** The text a reader of `html` sees (blocks separated by spaces). */
export function sourceText(html: string): string {
  return visibleText(load(html, null, false).root()[0]!);
}

/** The text a reader of `markdown` rendered by markdown-it (`html: true`) sees. */
export function renderedText(markdown: string): string {
  return visibleText(load(markdownIt.render(markdown), null, false).root()[0]!);
}

export function measureFidelity(html: string, markdown: string, options: FidelityOptions = {}): Fidelity {
  const source = load(html, null, false);
  const rendered = load(markdownIt.render(markdown), null, false);

  const sourceWords = words(visibleText(source.root()[0]!));
  const renderedWords = words(visibleText(rendered.root()[0]!));
  const a = countWords(sourceWords);
  const b = countWords(renderedWords);

  const renderedImages = new Set(collectUrls(rendered, 'img[src]', 'src').map((u) => normaliseUrl(u)));
  const renderedLinks = new Set(collectUrls(rendered, 'a[href]', 'href').map((u) => normaliseUrl(u)));
  const missingImages = collectUrls(source, 'img[src]', 'src')
    .filter((u) => !UNSAFE_IMAGE.test(bareScheme(u)))
    .filter((u) => !renderedImages.has(normaliseUrl(u, options.baseUrl)));
  const missingLinks = collectUrls(source, 'a[href]', 'href')
    .filter((u) => !UNSAFE_LINK.test(bareScheme(u)))
    .filter((u) => !renderedLinks.has(normaliseUrl(u, options.baseUrl)));

  return {
    wordF1: wordF1(sourceWords, renderedWords),
    missingImages: [...new Set(missingImages)],
    missingLinks: [...new Set(missingLinks)],
    leftoverHtml: leftoverHtml(markdown),
    missingWords: difference(a, b, 20),
    extraWords: difference(b, a, 20),
  };
}
