/**
 * Embeds: videos, players, gists, tweets. Markdown has no form for them, so they are kept as raw
 * HTML blocks, rebuilt from an allowlist of elements and attributes (nothing that runs script
 * other than the known embed loaders below survives). Never dropped silently: an embed without a
 * safe source is removed with an `EMBED_REMOVED` warning.
 */
import render from 'dom-serializer';
import type { AnyNode, ChildNode, Element, ParentNode } from 'domhandler';
import type { CleanupContext, CleanupRule } from './cleanup.js';
import { createText, descendants, isElement, remove, replaceWith, setChildren, unwrap } from './dom.js';
import { createMarker } from './markers.js';
import { isUnsafeUrl } from './urls.js';
import { lookupTable } from '../../model/table.js';

/** Scripts that are embed loaders of well-known services (anything else is removed). */
export const KNOWN_EMBED_SCRIPTS: readonly { name: string; src: RegExp }[] = [
  { name: 'GitHub gist', src: /^(?:https?:)?\/\/gist\.github\.com\/[^?#]+\.js(?:[?#].*)?$/i },
  { name: 'Twitter widgets', src: /^(?:https?:)?\/\/platform\.twitter\.com\/widgets\.js(?:[?#].*)?$/i },
  { name: 'Instagram embed', src: /^(?:https?:)?\/\/(?:www\.)?instagram\.com\/embed\.js(?:[?#].*)?$/i },
  { name: 'TikTok embed', src: /^(?:https?:)?\/\/(?:www\.)?tiktok\.com\/embed\.js(?:[?#].*)?$/i },
  { name: 'Imgur embed', src: /^(?:https?:)?\/\/s\.imgur\.com\/min\/embed\.js(?:[?#].*)?$/i },
  {
    name: 'Reddit embed',
    src: /^(?:https?:)?\/\/embed\.reddit(?:media)?\.com\/widgets\/platform\.js(?:[?#].*)?$/i,
  },
  { name: 'Flickr embed', src: /^(?:https?:)?\/\/embedr\.flickr\.com\/assets\/client-code\.js(?:[?#].*)?$/i },
];

export function isKnownEmbedScript(src: string | undefined): boolean {
  return src !== undefined && KNOWN_EMBED_SCRIPTS.some((s) => s.src.test(src.trim()));
}

/** Blockquotes that a known loader script turns into a card; their text is the fallback. */
export const EMBED_BLOCKQUOTE_CLASSES: readonly string[] = [
  'twitter-tweet',
  'twitter-video',
  'instagram-media',
  'tiktok-embed',
  'imgur-embed-pub',
  'reddit-embed-bq',
  'reddit-card',
];

/** Elements an embed may consist of, each with the attributes it keeps. */
const EMBED_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = lookupTable({
  iframe: new Set([
    'src', 'width', 'height', 'frameborder', 'allowfullscreen', 'allow', 'title', 'loading',
    'referrerpolicy', 'scrolling', 'name',
  ]),
  object: new Set(['data', 'type', 'width', 'height']),
  param: new Set(['name', 'value']),
  embed: new Set([
    'src', 'type', 'width', 'height', 'allowfullscreen', 'wmode', 'flashvars', 'quality', 'bgcolor',
  ]),
  video: new Set([
    'src', 'poster', 'width', 'height', 'controls', 'autoplay', 'loop', 'muted', 'preload', 'playsinline',
  ]),
  audio: new Set(['src', 'controls', 'autoplay', 'loop', 'muted', 'preload']),
  source: new Set(['src', 'type', 'media']),
  track: new Set(['src', 'kind', 'srclang', 'label', 'default']),
  script: new Set(['src', 'async', 'charset']),
  blockquote: new Set(['class', 'cite', 'lang', 'dir']),
  a: new Set(['href', 'title']),
  img: new Set(['src', 'alt', 'width', 'height']),
  p: new Set(['lang', 'dir']),
  br: new Set(),
  div: new Set(),
  span: new Set(),
  strong: new Set(),
  em: new Set(),
  b: new Set(),
  i: new Set(),
});

/** `data-*` attributes are the whole configuration of tweet and Instagram cards. */
const DATA_ATTRIBUTE = /^data-[a-z0-9-]+$/;

/** `<param>` names whose value is a URL the plugin loads. */
const URL_PARAMS = new Set(['movie', 'src', 'url', 'filename', 'code', 'codebase']);
/** Flash parameters that hand the plugin access to the page's script. */
const UNSAFE_PARAMS = new Set(['allowscriptaccess', 'allownetworking']);

/** Frames and plugins load another page: only an absolute http(s) source can be vetted. */
const REMOTE_SOURCE = /^(?:https?:)?\/\//i;

type EmbedKind = 'frame' | 'media' | 'script' | 'card';

function embedKind(el: Element): EmbedKind | undefined {
  switch (el.name) {
    case 'iframe':
    case 'object':
    case 'embed':
      return 'frame';
    case 'video':
    case 'audio':
      return 'media';
    case 'script':
      return 'script'; // only known embed scripts are still here (see sanitize)
    case 'blockquote': {
      // Most are quotes, with no class: no list of classes to make.
      if (el.attribs.class === undefined) return undefined;
      const classes = el.attribs.class.split(/\s+/);
      return EMBED_BLOCKQUOTE_CLASSES.some((c) => classes.includes(c)) ? 'card' : undefined;
    }
    default:
      return undefined;
  }
}

/** Strip `el`'s subtree down to the allowlist; false when nothing safe to show is left. */
function allowlist(el: Element): boolean {
  const allowed = EMBED_ATTRIBUTES[el.name];
  if (!allowed) return false;
  for (const attr of Object.keys(el.attribs)) {
    if (!allowed.has(attr) && !(el.name === 'blockquote' && DATA_ATTRIBUTE.test(attr))) {
      delete el.attribs[attr];
    }
  }
  if (el.name === 'param') {
    const name = (el.attribs.name ?? '').toLowerCase();
    const value = el.attribs.value ?? '';
    if (!isElement(el.parent) || el.parent.name !== 'object') return false;
    if (UNSAFE_PARAMS.has(name) || isUnsafeUrl(value, false)) return false;
  }
  for (const attr of ['src', 'poster'] as const) {
    const value = el.attribs[attr];
    if (value !== undefined && isUnsafeUrl(value, attr === 'poster')) delete el.attribs[attr];
  }
  // A script's body would run; an iframe's is raw text no browser shows.
  if (el.name === 'script' || el.name === 'iframe') setChildren(el, []);
  for (let i = 0; i < el.children.length; ) {
    const child: AnyNode = el.children[i]!;
    if (child.type === 'text') {
      i++;
    } else if (!isElement(child)) {
      remove(child); // comments, CDATA
    } else if (!EMBED_ATTRIBUTES[child.name]) {
      unwrap(child); // unknown wrapper: its children are looked at in its place
    } else if (!allowlist(child)) {
      remove(child);
    } else {
      i++;
    }
  }
  return true;
}

function sourceOf(el: Element): string | undefined {
  if (el.attribs.src) return el.attribs.src;
  if (el.attribs.data) return el.attribs.data;
  for (const child of descendants(el)) {
    if (child.name === 'source' || child.name === 'embed') {
      if (child.attribs.src) return child.attribs.src;
    }
    if (child.name === 'param' && URL_PARAMS.has((child.attribs.name ?? '').toLowerCase())) {
      if (child.attribs.value) return child.attribs.value;
    }
  }
  return undefined;
}

/** Whether what is left can show something, from a source we can vouch for. */
function hasSafeSource(el: Element, kind: EmbedKind): boolean {
  if (kind === 'card') return true; // the text is the content; the loader script is separate
  const source = sourceOf(el);
  if (source === undefined || source === '') return false;
  if (isUnsafeUrl(source, false)) return false;
  return kind === 'media' || REMOTE_SOURCE.test(source);
}

/** HTML as a browser serialises it (`&amp;`, `&nbsp;`, `&quot;` in attributes; `controls=""`). */
function html(nodes: AnyNode | ChildNode[]): string {
  return render(nodes, { encodeEntities: 'utf8', emptyAttrs: true });
}

/**
 * The embed as a CommonMark HTML block. Frames, scripts and cards go on one line (an HTML block
 * ends at a blank line). `<video>`, `<audio>` and `<object>` are not block-level names to
 * CommonMark, so their start tag stands alone on the first line, which makes them a block too.
 */
function formatEmbed(el: Element): string {
  const oneLine = (html: string): string => html.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const outer = oneLine(html(el));
  if (el.name !== 'video' && el.name !== 'audio' && el.name !== 'object') return outer;
  const inner = oneLine(html(el.children));
  const close = `</${el.name}>`;
  const shell = html(el.cloneNode(false)); // `<video …></video>`
  const start = oneLine(shell.slice(0, shell.length - close.length));
  return inner === '' ? `${start}\n${close}` : `${start}\n${inner}\n${close}`;
}

function keepEmbeds(ctx: CleanupContext, parent: ParentNode = ctx.root): void {
  // Each element is replaced by one node at most, and only its own subtree changes otherwise:
  // the live list can be walked by index.
  const kids = parent.children;
  for (let i = 0; i < kids.length; i++) {
    const el = kids[i]!;
    if (!isElement(el)) continue;
    const kind = embedKind(el);
    if (kind === undefined) {
      if (el.children.length > 0) keepEmbeds(ctx, el);
    } else if (!allowlist(el) || !hasSafeSource(el, kind)) {
      replaceWith(el, [createText(' ')]); // its box separated the words around it
      ctx.note('EMBED_REMOVED');
    } else {
      replaceWith(el, [createMarker('embed', formatEmbed(el))]);
    }
  }
}

export const embedRules: readonly CleanupRule[] = [
  {
    name: 'keepEmbeds',
    why: 'iframes, players, gists and tweet cards have no Markdown form: keep them as sanitised raw HTML blocks',
    onlyWith: ['iframe', 'object', 'embed', 'video', 'audio', 'script', 'blockquote'],
    creates: ['hr'], // markers
    apply: (ctx) => keepEmbeds(ctx),
  },
];
