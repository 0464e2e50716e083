/**
 * Every image a rendered post refers to, with the exact span of text that names it, so the
 * rewrite can replace those spans and nothing else:
 * - Markdown images `![alt](URL)`, found by micromark (the CommonMark reference parser), so
 *   escapes, angle-bracket destinations, code spans and nested brackets are read as a renderer
 *   reads them;
 * - the link around an image when it points at an image (`[![](thumb)](full)`: Blogger links
 *   each thumbnail to its `/s1600/`, `/s0/` or `=s0` original);
 * - `<img src>` and the best `srcset` candidate inside raw HTML kept in the body (embeds);
 * - the cover image in front matter (`image`, Hugo's `images`, Astro's `heroImage`).
 */
import { decodeHTMLAttribute } from 'entities';
import { parse, postprocess, preprocess } from 'micromark';
import { decodeString } from 'micromark-util-decode-string';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { bloggerOriginal } from '../../convert/html/urls.js';
import { typeOfName } from './sniff.js';

export type ReferenceKind =
  /** `![](url)` or `<img src>` */
  | 'image'
  /** the link around an image, pointing at its full-size original */
  | 'original'
  /** the best candidate of a `srcset` */
  | 'srcset'
  /** front matter's cover image */
  | 'cover';

/** How the text at a reference's span is written, so a replacement is written the same way. */
export type Syntax = 'markdown' | 'html-attribute' | 'yaml';

export interface AssetReference {
  /** The URL as meant (escapes and character references decoded). */
  url: string;
  kind: ReferenceKind;
  syntax: Syntax;
  /** The span of the document holding the URL's text (for `srcset`: the whole attribute value). */
  start: number;
  end: number;
  /** `srcset` only: the chosen candidate's descriptor (`2x`, `1600w`), kept in the replacement. */
  descriptor?: string;
}

/**
 * The front-matter keys layouts write the cover image under (see src/layouts/*.ts): `image`
 * (plain, Jekyll, Eleventy), `images` (Hugo's list), `heroImage` (Astro's blog starter).
 */
export const COVER_KEYS: readonly string[] = ['image', 'images', 'heroImage'];

/** Whether a link around an image points at an image worth saving too: a Blogger image host, or an image file name. */
const looksLikeImageUrl = (url: string): boolean => {
  if (bloggerOriginal(url) !== undefined || /^(?:https?:)?\/\/[^/]*(?:bp\.blogspot\.com|googleusercontent\.com|ggpht\.com)\//i.test(url)) return true;
  try {
    return typeOfName(new URL(url, 'http://x/').pathname) !== undefined;
  } catch {
    return false;
  }
};

/** Every image reference in a document made by renderDocument (front matter, then Markdown). */
export function collectReferences(document: string): AssetReference[] {
  const { yaml, yamlStart, bodyStart } = splitDocument(document);
  const refs: AssetReference[] = [];
  if (yaml) refs.push(...coverReferences(yaml, yamlStart));
  refs.push(...bodyReferences(document.slice(bodyStart), bodyStart));
  return refs;
}

/** `---\n<yaml>---\n\n<body>`: where each part starts. */
export function splitDocument(document: string): { yaml: string; yamlStart: number; bodyStart: number } {
  if (!document.startsWith('---\n')) return { yaml: '', yamlStart: 0, bodyStart: 0 };
  if (document.startsWith('---\n---\n')) return { yaml: '', yamlStart: 4, bodyStart: 8 };
  const end = document.indexOf('\n---\n', 3);
  if (end < 0) return { yaml: '', yamlStart: 0, bodyStart: 0 };
  return { yaml: document.slice(4, end + 1), yamlStart: 4, bodyStart: end + 5 };
}

/** A top-level cover key's line in front matter as renderDocument writes it (block style, column 0). */
const COVER_LINE = new RegExp(`^(?:${COVER_KEYS.join('|')}):`, 'gm');
/** The next top-level key (or the end): where a cover key's block ends. */
const NEXT_KEY = /\n(?=[^\s#-])/g;

/**
 * The cover image in front matter. Only the cover keys' own lines are parsed (by the yaml
 * library, for its quoting rules): composing the whole front matter for every post costs more
 * than everything else this step does with it.
 */
function coverReferences(yaml: string, offset: number): AssetReference[] {
  const refs: AssetReference[] = [];
  for (const { index: at } of yaml.matchAll(COVER_LINE)) {
    NEXT_KEY.lastIndex = at;
    const end = NEXT_KEY.exec(yaml)?.index ?? yaml.length;
    const block = yaml.slice(at, end + 1);
    const doc = parseDocument(block);
    if (!isMap(doc.contents)) continue;
    const take = (node: unknown) => {
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
      refs.push({ url: node.value, kind: 'cover', syntax: 'yaml', start: offset + at + node.range[0], end: offset + at + node.range[1] });
    };
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key !== 'string' || !COVER_KEYS.includes(key)) continue;
      if (isSeq(pair.value)) for (const item of pair.value.items) take(item as YamlNode);
      else take(pair.value);
    }
  }
  return refs;
}

interface OpenResource {
  type: 'image' | 'link';
  start: number;
  end: number;
  /** The label's text span (links: to tell whether it holds only an image). */
  label?: { start: number; end: number };
  destination?: { start: number; end: number };
  images: Array<{ start: number; end: number }>;
}

/** What every image reference needs somewhere: Markdown's `![` or a raw `<img`, `<source`, `<video`. */
const MAY_HOLD_IMAGES = /!\[|<img|<source|<video/i;

function bodyReferences(body: string, offset: number): AssetReference[] {
  // Parsing is the costly part of this step: posts with no image at all skip it.
  if (!MAY_HOLD_IMAGES.test(body)) return [];
  const events = postprocess(parse().document().write(preprocess()(body, undefined, true)));
  const refs: AssetReference[] = [];
  const stack: OpenResource[] = [];
  for (const [phase, token] of events) {
    const start = token.start.offset;
    const end = token.end.offset;
    if (phase === 'enter') {
      switch (token.type) {
        case 'image':
        case 'link':
          stack.push({ type: token.type, start, end, images: [] });
          break;
        case 'labelText': {
          const top = stack.at(-1);
          if (top && !top.label) top.label = { start, end };
          break;
        }
        case 'resourceDestinationString': {
          const top = stack.at(-1);
          if (top) top.destination = { start, end };
          break;
        }
        case 'htmlFlow':
        case 'htmlText':
          refs.push(...htmlReferences(body.slice(start, end), offset + start));
          break;
      }
      continue;
    }
    if (token.type !== 'image' && token.type !== 'link') continue;
    const open = stack.pop();
    if (!open?.destination) continue;
    const url = decodeString(body.slice(open.destination.start, open.destination.end));
    const span = { url, syntax: 'markdown' as const, start: offset + open.destination.start, end: offset + open.destination.end };
    if (open.type === 'image') {
      refs.push({ ...span, kind: 'image' });
      stack.at(-1)?.images.push({ start: open.start, end: open.end });
    } else if (open.label && open.images.length === 1 && labelIsOnlyImages(body, open) && looksLikeImageUrl(url)) {
      refs.push({ ...span, kind: 'original' });
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** Whether a link's label holds nothing but its image(s) and white space. */
function labelIsOnlyImages(body: string, link: OpenResource): boolean {
  let rest = '';
  let at = link.label!.start;
  for (const image of link.images) {
    rest += body.slice(at, image.start);
    at = image.end;
  }
  rest += body.slice(at, link.label!.end);
  return rest.trim() === '';
}

const TAG = /<(img|source|video)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
/** The attributes that name an image, per element (`<source src>` is a video's, not an image). */
const IMAGE_ATTRIBUTES: Record<string, readonly string[]> = { img: ['src', 'srcset'], source: ['srcset'], video: ['poster'] };
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** `<img src>`, `<img srcset>`, `<source srcset>` and `<video poster>` in a piece of raw HTML. */
export function htmlReferences(html: string, offset: number): AssetReference[] {
  const refs: AssetReference[] = [];
  for (const tag of html.matchAll(TAG)) {
    const attributesAt = tag.index + 1 + tag[1]!.length;
    const wanted = IMAGE_ATTRIBUTES[tag[1]!.toLowerCase()]!;
    for (const attribute of tag[2]!.matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      const raw = attribute[2] ?? attribute[3] ?? attribute[4];
      if (raw === undefined || !wanted.includes(name)) continue;
      // Where the value starts: after the name, the `=`, spaces and an opening quote.
      const valueAt = attributesAt + attribute.index + attribute[0].length - raw.length - (attribute[4] === undefined ? 1 : 0);
      const start = offset + valueAt;
      const value = decodeHTMLAttribute(raw);
      if (name !== 'srcset') {
        refs.push({ url: value, kind: 'image', syntax: 'html-attribute', start, end: start + raw.length });
      } else {
        const best = bestCandidate(value);
        if (best) refs.push({ url: best.url, kind: 'srcset', syntax: 'html-attribute', start, end: start + raw.length, descriptor: best.descriptor });
      }
    }
  }
  return refs;
}

/** The largest candidate of a `srcset` (by width, else density; a bare URL counts as `1x`). */
export function bestCandidate(srcset: string): { url: string; descriptor: string } | undefined {
  let best: { url: string; descriptor: string; score: number } | undefined;
  // Candidates are separated by commas that follow a URL and its descriptor; a URL may itself
  // hold commas (Blogger's `=w400-h300` does not, but CDNs' `?w=1,h=2` do), so split on ", ".
  for (const candidate of srcset.split(/,\s+|,$/)) {
    const [url, ...rest] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const descriptor = rest.join(' ');
    const match = /^(\d+(?:\.\d+)?)([wx])$/i.exec(descriptor);
    const score = !descriptor ? 1 : match ? Number(match[1]) * (match[2]!.toLowerCase() === 'w' ? 1 : 1e6) : 0;
    if (!best || score > best.score) best = { url: url.replace(/,$/, ''), descriptor, score };
  }
  return best && { url: best.url, descriptor: best.descriptor };
}
