/**
 * The encoding of a saved page, in the order a browser decides it: a byte-order mark, then the
 * page's own declaration (`<meta charset>`, `http-equiv="Content-Type"`, an XML declaration),
 * then detection from the bytes. A declaration is checked against the bytes, because saved pages
 * often lie: a page re-saved as UTF-8 by an editor still says `windows-1251`, and a page that
 * says UTF-8 may hold a legacy encoding. When the bytes contradict the declaration, the bytes
 * win and the caller is told, so the report can say so.
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { lookupTable } from '../../model/table.js';

export interface PageEncoding {
  encoding: string;
  /** Bytes of BOM to skip. */
  bomLength: number;
  how: 'bom' | 'declared' | 'detected' | 'user';
  /** Set when the page declared something the bytes contradict (or that is unknown). */
  mismatch?: { declared: string; reason: string };
}

/** How far into the page to look for a declaration (browsers look at 1,024 bytes; saved pages put comments and scripts first). */
const DECLARATION_WINDOW = 64 * 1024;

/**
 * WHATWG's encoding labels that name a different decoder than their literal meaning: browsers
 * decode `iso-8859-1` and `us-ascii` pages as windows-1252, `gb2312` as GBK, and so must we or
 * curly quotes and euro signs turn into control characters.
 */
const WHATWG_ALIASES: Record<string, string> = lookupTable({
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  'utf8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
});

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;
const XML_ENCODING = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i;

/** The charset a page declares, or undefined. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DECLARATION_WINDOW)).toString('latin1');
  const xml = XML_ENCODING.exec(head);
  if (xml) return xml[1]!.toLowerCase();
  // `charset=` inside any <meta>: covers both <meta charset=x> and http-equiv's content="text/html; charset=x".
  const meta = META_CHARSET.exec(head);
  return meta ? meta[1]!.toLowerCase() : undefined;
}

/** A declared label as the decoder browsers use for it; undefined when no decoder knows it. */
export function normaliseCharset(label: string): string | undefined {
  const lower = label.trim().toLowerCase();
  const name = WHATWG_ALIASES[lower] ?? lower;
  return iconv.encodingExists(name) ? name : undefined;
}

function bomOf(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * The page's text without markup, scripts and styles, as bytes: statistical detection needs the
 * language's letters, and a page is mostly ASCII tags that drown them out.
 */
function textBytes(bytes: Uint8Array): Buffer {
  const latin = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const text = latin
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z0-9#]+;/gi, ' ')
    .replace(/\s+/g, ' ');
  return Buffer.from(text, 'latin1');
}

/** Detection for a page that is not UTF-8: the best statistical guess that iconv can decode. */
function detectLegacy(bytes: Uint8Array): string {
  const candidates = chardet.analyse(textBytes(bytes));
  for (const { name } of candidates) {
    const lower = name.toLowerCase();
    if (lower.startsWith('utf-')) continue;
    const known = normaliseCharset(lower === 'iso-8859-1' ? 'windows-1252' : lower);
    if (known) return known;
  }
  return 'windows-1252';
}

/** Decide a page's encoding from its bytes (the whole page: pages are read whole). */
export function pageEncoding(bytes: Uint8Array, forced?: string): PageEncoding {
  const bom = bomOf(bytes);
  if (forced) return { encoding: forced, bomLength: bom?.encoding === forced ? bom.length : 0, how: 'user' };
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, how: 'bom' };
  const utf8 = isUtf8(bytes);
  const declared = declaredCharset(bytes);
  if (declared !== undefined) {
    const known = normaliseCharset(declared);
    if (!known) {
      const encoding = utf8 ? 'utf-8' : detectLegacy(bytes);
      return { encoding, bomLength: 0, how: 'detected', mismatch: { declared, reason: 'is not an encoding blogport knows' } };
    }
    if (known === 'utf-8') {
      if (utf8) return { encoding: known, bomLength: 0, how: 'declared' };
      return { encoding: detectLegacy(bytes), bomLength: 0, how: 'detected', mismatch: { declared, reason: 'but the bytes are not valid UTF-8' } };
    }
    // A legacy declaration on bytes that are valid UTF-8 with non-ASCII in them: the page was
    // re-saved as UTF-8 (valid multi-byte UTF-8 is vanishingly rare in real legacy text).
    if (utf8 && hasNonAscii(bytes) && !known.startsWith('utf-16')) {
      return { encoding: 'utf-8', bomLength: 0, how: 'detected', mismatch: { declared, reason: 'but the bytes are UTF-8' } };
    }
    return { encoding: known, bomLength: 0, how: 'declared' };
  }
  if (utf8) return { encoding: 'utf-8', bomLength: 0, how: 'detected' };
  return { encoding: detectLegacy(bytes), bomLength: 0, how: 'detected' };
}

/** The page as text. */
export function decodePage(bytes: Uint8Array, encoding: PageEncoding): string {
  const body = bytes.subarray(encoding.bomLength);
  if (encoding.encoding === 'utf-8') return Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.length), encoding.encoding);
}
