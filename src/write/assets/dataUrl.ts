import { formatBytes } from './size.js';

/**
 * `data:` URLs (RFC 2397): images pasted into a post are stored inside its HTML as
 * `data:image/png;base64,…`. They are decoded and stored as files like downloaded images.
 */

export interface DecodedDataUrl {
  /** The declared media type (`image/png`), lower case, without parameters. */
  mime: string;
  bytes: Uint8Array;
}

const DATA_URL = /^data:([^,]*?),(.*)$/is;

/** The bytes of a `data:` URL, or undefined when it is not one or cannot be decoded. */
export function decodeDataUrl(url: string, maxBytes = Number.POSITIVE_INFINITY): DecodedDataUrl | { problem: string } | undefined {
  const match = DATA_URL.exec(url.trim());
  if (!match) return undefined;
  const params = match[1]!.split(';').map((p) => p.trim());
  const base64 = params.slice(1).some((p) => p.toLowerCase() === 'base64');
  const mime = (params[0] || 'text/plain').toLowerCase();
  const payload = match[2]!;
  // Base64 is 4/3 of the bytes: refuse before decoding what would be too big.
  const estimate = base64 ? Math.floor((payload.length * 3) / 4) : payload.length;
  if (estimate > maxBytes) return { problem: `larger than the ${formatBytes(maxBytes)} limit` };
  let bytes: Uint8Array;
  if (base64) {
    const clean = payload.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return { problem: 'the data: URL is not valid base64' };
    bytes = Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(payload), 'utf8');
    } catch {
      return { problem: 'the data: URL is not valid percent-encoding' };
    }
  }
  return { mime, bytes };
}
