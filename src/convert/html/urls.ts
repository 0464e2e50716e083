/**
 * URL helpers: which URLs are unsafe to keep, resolving relative ones, and Blogger's image-size
 * URL conventions.
 */
import { cleanUrl } from './escape.js';

/** Schemes that run code when followed. Compared after removing whitespace and controls. */
const SCRIPT_SCHEMES = /^(?:javascript|vbscript|livescript|mocha):/;
/** A file on the author's own disk (Word pastes `file:///C:/Users/…/clip_image002.gif`). */
const LOCAL_FILE = /^file:/;
/** `data:` URLs that are pictures (kept as images; anything else `data:` could be a page). */
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif|x-icon|svg\+xml)[;,]/;
/** Browsers ignore these inside a scheme, so `java\tscript:` is still `javascript:`. */
const SCHEME_NOISE = /[\u0000-\u0020\u007f-\u009f]/g;

/** Whether `url` must not be kept (see `urlProblem`). */
export function isUnsafeUrl(url: string, image: boolean): boolean {
  return urlProblem(url, image) !== undefined;
}

/**
 * Why `url` cannot be kept: `'script'` for script URLs (and `data:` that is not an image in an
 * `<img>`), `'local'` for `file:` URLs, which show nothing anywhere but on the author's disk
 * (and which renderers such as markdown-it refuse to link), or `undefined` when it can stay.
 */
export function urlProblem(url: string, image: boolean): 'script' | 'local' | undefined {
  // Most URLs are plain web links: an http(s) scheme as written is none of the schemes below.
  if (url.startsWith('https://') || url.startsWith('http://')) return undefined;
  const bare = url.replace(SCHEME_NOISE, '').toLowerCase();
  if (SCRIPT_SCHEMES.test(bare)) return 'script';
  if (LOCAL_FILE.test(bare)) return 'local';
  if (bare.startsWith('data:') && !(image && DATA_IMAGE.test(bare))) return 'script';
  return undefined;
}

const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * `url` resolved against `base` when it is relative and a base is given. In-page anchors
 * (`#top`) stay as they are: they point into the post itself, wherever it moves.
 */
export function resolveUrl(url: string, base: string | undefined): string {
  const clean = cleanUrl(url);
  if (!base || clean === '' || clean.startsWith('#') || HAS_SCHEME.test(clean)) return clean;
  try {
    return new URL(clean, base).href;
  } catch {
    return clean;
  }
}

/** Hosts that serve Blogger / Picasa images and understand size parameters. */
const BLOGGER_IMAGE_HOST =
  /^(?:https?:)?\/\/(?:[a-z0-9-]+\.)*(?:bp\.blogspot\.com|googleusercontent\.com|ggpht\.com)\//i;
/** `/s320/name.jpg`, `/w400-h300/…`, `/s1600-h/…`, `/s72-c/…`: the size folder before the name. */
const PATH_SIZE = /\/([swh]\d+(?:-[a-z0-9]+)*)(\/[^/?#]*(?:[?#].*)?)$/i;
/** `…=s320`, `…=w400-h300-no`: the size suffix of googleusercontent URLs. */
const SUFFIX_SIZE = /=([swh]\d+(?:-[a-z0-9]+)*)$/i;
/** 2005-era `photos1.blogger.com/blogger/7029/2067/320/name.jpg` (`1600` is the original). */
const OLD_PHOTOS = /^((?:https?:)?\/\/photos\d*\.blogger\.com\/.+\/)(\d{2,4})(\/[^/]+)$/i;

/**
 * The full-size original of a Blogger thumbnail URL, or `undefined` when `src` is not a sized
 * Blogger image (or already the original). Path style gets `/s1600/`, Blogger's own "original
 * size" link; googleusercontent's suffix style gets `=s0`, the unscaled original.
 */
export function bloggerOriginal(src: string): string | undefined {
  const old = OLD_PHOTOS.exec(src);
  if (old) return old[2] === '1600' ? undefined : `${old[1]}1600${old[3]}`;
  if (!BLOGGER_IMAGE_HOST.test(src)) return undefined;
  const path = PATH_SIZE.exec(src);
  if (path) {
    const size = path[1]!.toLowerCase();
    if (size === 's1600' || size === 's0') return undefined;
    return src.slice(0, path.index) + '/s1600' + path[2];
  }
  const suffix = SUFFIX_SIZE.exec(src);
  if (suffix) {
    if (suffix[1]!.toLowerCase() === 's0') return undefined;
    return src.slice(0, suffix.index) + '=s0';
  }
  return undefined;
}
