/**
 * One saved page, parsed, with what the page says about itself: its URL (the base every
 * relative link resolves against), its meta tags and its JSON-LD objects. Extractors read posts
 * out of this; nothing here decides what a post is.
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { flattenDeepNesting } from '../../convert/html/depth.js';

export interface PageMeta {
  /** `<meta property|name=…>` → content, first occurrence wins; keys lower-case (`og:title`, `article:published_time`). */
  readonly tags: ReadonlyMap<string, string>;
  /** `article:tag` values (there may be several). */
  readonly articleTags: readonly string[];
  readonly generator: string;
  readonly documentTitle: string;
}

export interface Page {
  readonly $: CheerioAPI;
  /** The page as the user named it (path inside the input). */
  readonly file: string;
  /** Absolute URL of the page, when known: canonical link, og:url, its place in a mirror, or --base-url. */
  readonly url: string | undefined;
  readonly meta: PageMeta;
  /** Every JSON-LD object on the page, `@graph`s flattened. */
  readonly jsonLd: readonly Record<string, unknown>[];
  /** Elements unwrapped because they were nested deeper than the limit (0 on any ordinary page). */
  readonly flattened: number;
}

export interface PageOptions {
  /** Where the page sat in a mirror (`example.blogspot.com/2013/10/post.html`), relative to the input root. */
  mirrorPath?: string;
  /** `--base-url`: the URL the input folder (or single page) was served from. */
  baseUrl?: string;
}

export function parsePage(html: string, file: string, options: PageOptions = {}): Page {
  // htmlparser2 (cheerio's other parser) in HTML mode: about three times faster than parse5 on
  // whole pages, and what it builds differently (spec-exact repairs of misnested markup) is
  // repaired again where it matters, when each body is parsed for conversion.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } });
  // Thousands of unclosed elements would make every selector below take minutes.
  const flattened = flattenDeepNesting($.root()[0]!);
  const head = readHead($);
  const url = pageUrl(head.meta, head.canonical, options);
  return { $, file, url, meta: head.meta, jsonLd: head.jsonLd, flattened };
}

/**
 * Everything a page says about itself — meta tags, title, canonical link, JSON-LD — in one walk
 * over the document (four selector queries cost a tenth of a mirror's reading time).
 */
function readHead($: CheerioAPI): { meta: PageMeta; canonical: string | undefined; jsonLd: Record<string, unknown>[] } {
  const tags = new Map<string, string>();
  const articleTags: string[] = [];
  const jsonLd: Record<string, unknown>[] = [];
  let generator = '';
  let documentTitle: string | undefined;
  let canonical: string | undefined;
  const stack: AnyNode[] = [...$.root()[0]!.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script') continue;
    const el = node as Element;
    switch (el.name) {
      case 'meta': {
        const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? '').trim().toLowerCase();
        const content = (el.attribs.content ?? '').trim();
        if (!key || !content) break;
        if (key === 'article:tag') articleTags.push(content);
        if (key === 'generator') generator = generator ? `${generator}; ${content}` : content;
        if (!tags.has(key)) tags.set(key, content);
        break;
      }
      case 'title':
        documentTitle ??= normaliseSpace($(el).text());
        break;
      case 'link':
        if (canonical === undefined && /(?:^|\s)canonical(?:\s|$)/i.test(el.attribs.rel ?? '')) canonical = el.attribs.href;
        break;
      case 'script':
        if ((el.attribs.type ?? '').trim().toLowerCase() === 'application/ld+json') readJsonLd($(el).text(), jsonLd);
        break;
      default:
        for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
    }
  }
  return { meta: { tags, articleTags, generator, documentTitle: documentTitle ?? '' }, canonical, jsonLd };
}

function readJsonLd(text: string, found: Record<string, unknown>[]): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (Array.isArray(object['@graph'])) visit(object['@graph']);
      else found.push(object);
    }
  };
  if (!text.trim()) return;
  try {
    visit(JSON.parse(text));
  } catch {
    // Broken JSON-LD is common (trailing commas, raw newlines in strings); the page has other evidence.
  }
}

const HOST_LIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i;

/** Absolute http(s) URL or undefined. */
export function absoluteUrl(value: string | undefined, base?: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function pageUrl(meta: PageMeta, canonicalHref: string | undefined, options: PageOptions): string | undefined {
  // Where the file sits gives a base for canonical links that are themselves relative ("index.html").
  let place: string | undefined;
  if (options.mirrorPath) {
    const path = options.mirrorPath.split(/[\\/]/).map(encodeURIComponent).join('/');
    const first = options.mirrorPath.split(/[\\/]/)[0] ?? '';
    if (options.baseUrl) place = absoluteUrl(path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    else if (HOST_LIKE.test(first) && !/\.s?html?$/i.test(first)) place = absoluteUrl(`http://${path}`);
  } else if (options.baseUrl) {
    place = absoluteUrl(options.baseUrl);
  }
  const og = absoluteUrl(meta.tags.get('og:url'), place);
  const canonical = absoluteUrl(canonicalHref, og ?? place);
  return canonical ?? og ?? place;
}

/** One line of text: runs of white space as one space, control characters (a stray 0x03 byte) gone. */
export function normaliseSpace(text: string): string {
  return text.replace(/[\x00-\x08\x0e-\x1f\x7f]/g, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

/**
 * Text of a node as a reader sees it: `<br>` and block boundaries are spaces (cheerio's .text()
 * glues "17<br>февраля<br>2016" into "17февраля2016"), scripts and styles are not text.
 */
export function textOf(node: AnyNode | Element): string {
  const parts: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') {
      parts.push((n as unknown as { data: string }).data);
    } else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      const el = n as Element;
      if (el.name === 'script' || el.name === 'style' || el.name === 'template') return;
      const block = BLOCK_TAGS.has(el.name);
      if (block) parts.push(' ');
      for (const child of el.children) walk(child);
      if (block) parts.push(' ');
    } else if ('children' in n) {
      for (const child of (n as Element).children) walk(child);
    }
  };
  walk(node);
  return normaliseSpace(parts.join(''));
}
