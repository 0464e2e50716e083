/**
 * What kind of image a file is. The bytes decide when they are recognisable: Blogger's
 * `blogger.googleusercontent.com` URLs have no extension, servers send `application/octet-stream`
 * or a wrong `image/*`, and a `.jpg` is sometimes a PNG. The Content-Type, then the URL's
 * extension, only decide for what the magic numbers cannot tell.
 */

export interface ImageType {
  mime: string;
  /** Extension without the dot, as the file is named. */
  ext: string;
}

const JPEG: ImageType = { mime: 'image/jpeg', ext: 'jpg' };
const PNG: ImageType = { mime: 'image/png', ext: 'png' };
const GIF: ImageType = { mime: 'image/gif', ext: 'gif' };
const WEBP: ImageType = { mime: 'image/webp', ext: 'webp' };
const BMP: ImageType = { mime: 'image/bmp', ext: 'bmp' };
const ICO: ImageType = { mime: 'image/x-icon', ext: 'ico' };
const TIFF: ImageType = { mime: 'image/tiff', ext: 'tif' };
const AVIF: ImageType = { mime: 'image/avif', ext: 'avif' };
const HEIC: ImageType = { mime: 'image/heic', ext: 'heic' };
const SVG: ImageType = { mime: 'image/svg+xml', ext: 'svg' };

/** The types blogport stores, by MIME type (lower case, without parameters) and by extension. */
const BY_MIME = new Map<string, ImageType>([
  ...[JPEG, PNG, GIF, WEBP, BMP, ICO, TIFF, AVIF, HEIC, SVG].map((t) => [t.mime, t] as const),
  ['image/jpg', JPEG],
  ['image/pjpeg', JPEG],
  ['image/x-png', PNG],
  ['image/vnd.microsoft.icon', ICO],
  ['image/x-ms-bmp', BMP],
]);
const BY_EXT = new Map<string, ImageType>([
  ...[JPEG, PNG, GIF, WEBP, BMP, ICO, TIFF, AVIF, HEIC, SVG].map((t) => [t.ext, t] as const),
  ['jpeg', JPEG],
  ['jpe', JPEG],
  ['jfif', JPEG],
  ['tiff', TIFF],
]);

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The image type the bytes' magic numbers name, or undefined when they name none. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return GIF;
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return WEBP;
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'avif' || brand === 'avis') return AVIF;
    if (/^(?:heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return HEIC;
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return TIFF;
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes.length > 6) return ICO;
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return BMP;
  if (looksLikeSvg(bytes)) return SVG;
  return undefined;
}

/** Text whose first element is `<svg` (after an XML declaration, comments or a doctype). */
function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE\s+svg[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head);
}

/** The type a Content-Type header names, when it names a specific image type. */
export function typeOfMime(contentType: string | undefined | null): ImageType | undefined {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return BY_MIME.get(mime);
}

/** The type a file name or URL path's extension names. */
export function typeOfName(name: string): ImageType | undefined {
  const match = /\.([A-Za-z0-9]{2,5})$/.exec(name);
  return match ? BY_EXT.get(match[1]!.toLowerCase()) : undefined;
}

/**
 * SVG is XML that can carry scripts: served from the new site's own address, such a file runs
 * there when opened directly. Only SVG free of scripts, event handlers, `javascript:` and
 * foreign HTML content is stored.
 */
const SVG_ACTIVE = /<script\b|\son[a-z]+\s*=|javascript:|<foreignObject\b|<iframe\b|<embed\b|<object\b/i;

export type ImageVerdict = { type: ImageType } | { problem: string };

/**
 * Decide what the bytes are: their magic numbers first; when those are unknown, a specific
 * image Content-Type, else the URL's extension. Bytes that are HTML or anything else named by
 * neither are not an image (a "photo removed" page served with status 200 is the usual case).
 */
export function imageTypeOf(bytes: Uint8Array, contentType?: string | null, nameOrUrl?: string): ImageVerdict {
  if (bytes.length === 0) return { problem: 'the response was empty' };
  const sniffed = sniffImage(bytes);
  let type = sniffed;
  if (!type && !looksLikeMarkup(bytes)) type = typeOfMime(contentType) ?? (nameOrUrl ? typeOfName(pathOf(nameOrUrl)) : undefined);
  if (!type) {
    const said = (contentType ?? '').split(';')[0]!.trim() || 'no Content-Type';
    return { problem: `not an image (${said}${looksLikeMarkup(bytes) ? ', HTML/XML content' : ''})` };
  }
  if (type === SVG && SVG_ACTIVE.test(new TextDecoder().decode(bytes))) {
    return { problem: 'an SVG with scripts or event handlers (kept remote: it would run on the new site)' };
  }
  return { type };
}

function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml') || head.startsWith('<head') || head.startsWith('<body');
}

function pathOf(nameOrUrl: string): string {
  try {
    return new URL(nameOrUrl).pathname;
  } catch {
    return nameOrUrl.replace(/[?#].*$/, '');
  }
}
