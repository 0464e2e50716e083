/**
 * Text decoding for readers: decide an input's encoding by streaming over it once, refuse inputs
 * that are plainly binary, and turn a stream of byte chunks into lines. Everything works on
 * chunks so memory stays flat on 100 MB+ inputs.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { BlogportError } from '../../model/errors.js';
import { lookupTable } from '../../model/table.js';

/** Canonical lower-case names: 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', or any label iconv-lite supports. */
export type TextEncoding = string;

export interface EncodingGuess {
  encoding: TextEncoding;
  /** Bytes of BOM to skip at the start. */
  bomLength: number;
  /**
   * How it was decided, for the report. 'utf16-pattern' is BOM-less UTF-16 recognised by its
   * alternating NUL bytes (ASCII-range characters have a zero high byte).
   */
  how: 'bom' | 'utf8-valid' | 'utf16-pattern' | 'fallback-windows-1252' | 'user';
}

/** How many leading bytes the sniffers (BOM-less UTF-16, binary) look at. */
export const TEXT_SAMPLE_BYTES = 4096;

const ENCODING_SUGGESTION = 'try e.g. utf-8, windows-1252, latin1 or utf-16le';

/** Aliases mapped to the canonical names above; keys are lower-case with non-alphanumerics removed. */
const CANONICAL_NAMES: Record<string, TextEncoding> = lookupTable({
  utf8: 'utf-8',
  unicode11utf8: 'utf-8',
  utf16le: 'utf-16le',
  ucs2: 'utf-16le',
  utf16be: 'utf-16be',
  windows1252: 'windows-1252',
  cp1252: 'windows-1252',
});

/** Validate a user-given encoding label and return its canonical name. */
export function resolveEncoding(label: string): TextEncoding {
  const trimmed = label.trim();
  if (trimmed === '' || !iconv.encodingExists(trimmed)) {
    throw new BlogportError('BAD_OPTION', `unknown encoding "${label}"`, undefined, ENCODING_SUGGESTION);
  }
  const key = trimmed.toLowerCase().replace(/[^a-z0-9]/g, '');
  return CANONICAL_NAMES[key] ?? trimmed.toLowerCase();
}

function bomOf(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * An input's first bytes as text, for detection only: UTF-16 when a BOM says so (or, for XML,
 * when it starts `<` with a NUL beside it), UTF-8 otherwise (a legacy byte becomes U+FFFD, which
 * no marker a detector looks for contains).
 */
export function decodeSample(sample: Uint8Array): string {
  const [b0, b1] = sample;
  const label = (b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00) ? 'utf-16le' : (b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c) ? 'utf-16be' : 'utf-8';
  return new TextDecoder(label).decode(sample);
}

/** C0 controls that plain text legitimately contains: \t \n \f \r. */
function isTextControl(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d;
}

/**
 * Recognise BOM-less UTF-16 by its NUL pattern: in text with ASCII-range characters, one byte of
 * each such code unit is zero — the odd bytes in little-endian, the even ones in big-endian — while
 * the other byte is (almost) never zero and is not a stray control character. At least 10% of the
 * code units (and at least 4, or all of a tiny sample) must show the pattern, so a stray NUL in
 * 8-bit text is not mistaken for UTF-16.
 */
function sniffUtf16(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.floor(Math.min(sample.length, TEXT_SAMPLE_BYTES) / 2);
  if (pairs === 0) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  let leControls = 0;
  let beControls = 0;
  for (let p = 0; p < pairs; p++) {
    const even = sample[2 * p]!;
    const odd = sample[2 * p + 1]!;
    if (even === 0) {
      evenZero++;
      if (odd < 0x20 && !isTextControl(odd)) beControls++;
    }
    if (odd === 0) {
      oddZero++;
      if (even < 0x20 && !isTextControl(even)) leControls++;
    }
  }
  const looksLike = (zero: number, otherZero: number, controls: number): boolean =>
    zero >= Math.max(pairs * 0.1, Math.min(pairs, 4)) && otherZero <= pairs * 0.01 && controls <= zero * 0.1;
  if (looksLike(oddZero, evenZero, leControls)) return 'utf-16le';
  if (looksLike(evenZero, oddZero, beControls)) return 'utf-16be';
  return undefined;
}

/** Encoding decided from the leading bytes alone (BOM or BOM-less UTF-16), if any. */
function decideFromHead(head: Uint8Array): EncodingGuess | undefined {
  const bom = bomOf(head);
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, how: 'bom' };
  const utf16 = sniffUtf16(head);
  if (utf16) return { encoding: utf16, bomLength: 0, how: 'utf16-pattern' };
  return undefined;
}

/** Length of the UTF-8 sequence a byte starts (1 for ASCII, continuation and invalid bytes). */
function utf8SequenceLength(byte: number): number {
  if (byte >= 0xc0 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf7) return 4;
  return 1;
}

/** Index where an incomplete multi-byte sequence at the end of `bytes` starts, or its length if none. */
function incompleteTailStart(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) !== 0x80) return i + utf8SequenceLength(byte) > n ? i : n;
  }
  return n;
}

const EMPTY = new Uint8Array(0);

/** Validates UTF-8 chunk by chunk, carrying an incomplete trailing sequence (≤ 3 bytes) across chunks. */
class Utf8Validator {
  private carry: Uint8Array = EMPTY;
  private valid = true;

  /** Returns false as soon as the input is known not to be UTF-8. */
  push(chunk: Uint8Array): boolean {
    if (!this.valid) return false;
    let rest = chunk;
    if (this.carry.length > 0) {
      const want = utf8SequenceLength(this.carry[0]!);
      const take = Math.min(want - this.carry.length, rest.length);
      const joined = new Uint8Array(this.carry.length + take);
      joined.set(this.carry);
      joined.set(rest.subarray(0, take), this.carry.length);
      rest = rest.subarray(take);
      if (joined.length < want) {
        this.carry = joined;
        return true;
      }
      this.carry = EMPTY;
      if (!isUtf8(joined)) return (this.valid = false);
    }
    const cut = incompleteTailStart(rest);
    if (!isUtf8(rest.subarray(0, cut))) return (this.valid = false);
    // Copy: the producer may reuse its buffer.
    this.carry = cut < rest.length ? rest.slice(cut) : EMPTY;
    return true;
  }

  /** A sequence still incomplete at the end of the input is not valid UTF-8. */
  end(): boolean {
    if (this.carry.length > 0) this.valid = false;
    return this.valid;
  }
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Read at least `n` leading bytes (fewer if the input is shorter), then stop reading. */
async function readHead(chunks: AsyncIterable<Uint8Array>, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    total += chunk.length;
    if (total >= n) break;
  }
  return concatBytes(parts, total);
}

const UTF8: EncodingGuess = { encoding: 'utf-8', bomLength: 0, how: 'utf8-valid' };
const FALLBACK: EncodingGuess = { encoding: 'windows-1252', bomLength: 0, how: 'fallback-windows-1252' };

/**
 * Decide the encoding of a whole input by streaming over it once (chunks are not kept):
 * a BOM (UTF-8, UTF-16LE/BE) wins; else BOM-less UTF-16 recognised by its alternating NUL bytes;
 * else if every byte sequence is valid UTF-8 → utf-8; else windows-1252 (a superset of latin-1's
 * printable range), said so via `how`. Reading stops as soon as the answer is known.
 *
 * `forced` (the user's --encoding) skips detection but is validated: an unknown label →
 * BlogportError('BAD_OPTION'). Only the first bytes are read then, to skip a BOM matching the
 * forced encoding.
 *
 * The iterable is consumed (and closed): give decodeLines a fresh one.
 */
export async function detectEncoding(chunks: AsyncIterable<Uint8Array>, forced?: string): Promise<EncodingGuess> {
  if (forced !== undefined) {
    const encoding = resolveEncoding(forced);
    const bom = bomOf(await readHead(chunks, 3));
    return { encoding, bomLength: bom && bom.encoding === encoding ? bom.length : 0, how: 'user' };
  }

  const head: Uint8Array[] = [];
  let headBytes = 0;
  let validator: Utf8Validator | undefined;
  for await (const chunk of chunks) {
    if (validator) {
      if (!validator.push(chunk)) return { ...FALLBACK };
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < TEXT_SAMPLE_BYTES) continue;
    const early = decideFromHead(concatBytes(head, headBytes));
    if (early) return early;
    validator = new Utf8Validator();
    for (const part of head) if (!validator.push(part)) return { ...FALLBACK };
    head.length = 0;
  }
  if (!validator) {
    // The whole input was shorter than the sample.
    const early = decideFromHead(concatBytes(head, headBytes));
    if (early) return early;
    validator = new Utf8Validator();
    for (const part of head) if (!validator.push(part)) return { ...FALLBACK };
  }
  return validator.end() ? { ...UTF8 } : { ...FALLBACK };
}

const MAGIC_NUMBERS: { bytes: number[]; what: string; hint: string }[] = [
  {
    bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    what: 'a PNG image',
    hint: 'point blogport at the blog export (text, HTML or XML), not at an image',
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    what: 'a JPEG image',
    hint: 'point blogport at the blog export (text, HTML or XML), not at an image',
  },
  {
    bytes: [0x47, 0x49, 0x46, 0x38],
    what: 'a GIF image',
    hint: 'point blogport at the blog export (text, HTML or XML), not at an image',
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46, 0x2d],
    what: 'a PDF document',
    hint: 'export the blog as text, HTML or XML instead',
  },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive',
    hint: 'unzip it first and point blogport at the extracted export',
  },
  {
    bytes: [0x50, 0x4b, 0x05, 0x06],
    what: 'a ZIP archive',
    hint: 'unzip it first and point blogport at the extracted export',
  },
  {
    bytes: [0x1f, 0x8b],
    what: 'a gzip-compressed file',
    hint: 'decompress it first (e.g. gunzip) and point blogport at the result',
  },
];

const BINARY_HINT =
  'blogport reads text, HTML or XML exports; if this is text in an unusual encoding, pass --encoding (e.g. utf-16le)';

function startsWith(sample: Uint8Array, bytes: number[]): boolean {
  return sample.length >= bytes.length && bytes.every((b, i) => sample[i] === b);
}

/**
 * Throws BlogportError INPUT_BINARY when a leading sample looks like binary data, not text:
 * a known magic number (PNG, JPEG, GIF, PDF, ZIP, gzip — named in the message), NUL bytes (unless
 * the sample is UTF-16, by BOM or by its alternating-NUL pattern), or more than 5% C0 control
 * characters other than \t \n \r \f. `file` names the input in the error. Only the first
 * TEXT_SAMPLE_BYTES bytes are examined.
 */
export function assertTextSample(sample: Uint8Array, file: string): void {
  const binary = (what: string, hint: string): BlogportError =>
    new BlogportError('INPUT_BINARY', `looks like ${what}, not text`, { file }, hint);

  for (const magic of MAGIC_NUMBERS) {
    if (startsWith(sample, magic.bytes)) throw binary(magic.what, magic.hint);
  }
  const bom = bomOf(sample);
  if (bom && bom.encoding !== 'utf-8') return;
  if (!bom && sniffUtf16(sample)) return;

  const start = bom ? bom.length : 0;
  const end = Math.min(sample.length, TEXT_SAMPLE_BYTES);
  if (sample.subarray(start, end).includes(0)) throw binary('binary data (it contains NUL bytes)', BINARY_HINT);
  let controls = 0;
  for (let i = start; i < end; i++) {
    const byte = sample[i]!;
    if (byte < 0x20 && !isTextControl(byte)) controls++;
  }
  if (controls > Math.max(1, (end - start) * 0.05)) {
    throw binary('binary data (it contains many control characters)', BINARY_HINT);
  }
}

interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

function makeDecoder(encoding: TextEncoding): ChunkDecoder {
  const canonical = resolveEncoding(encoding);
  if (canonical === 'utf-8') {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    return {
      write: (bytes) => decoder.decode(bytes, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  const decoder = iconv.getDecoder(canonical, { stripBOM: false });
  return {
    write: (bytes) =>
      decoder.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? '',
  };
}

/**
 * Splits decoded text into lines on \r\n, \n or a lone \r, carrying the partial last line and a
 * trailing \r (whose \n may come in the next piece) across pieces. Drops one U+FEFF at the start.
 */
class LineSplitter {
  private pending = '';
  private afterCR = false;
  private started = false;

  /** Complete lines in `text` (which must be non-empty). */
  push(text: string): string[] {
    let pos = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) pos = 1;
    }
    if (this.afterCR) {
      this.afterCR = false;
      if (text.charCodeAt(pos) === 0x0a) pos++;
    }
    const n = text.length;
    let cr = text.indexOf('\r', pos);

    if (cr === -1) {
      // Fast path (LF-only or no terminator): one native split.
      const parts = (pos === 0 ? text : text.slice(pos)).split('\n');
      const last = parts.pop()!;
      if (parts.length > 0) {
        parts[0] = this.pending + parts[0]!;
        this.pending = last;
      } else {
        this.pending += last;
      }
      return parts;
    }

    const lines: string[] = [];
    let lf = text.indexOf('\n', pos);
    while (cr !== -1 || lf !== -1) {
      let end: number;
      let next: number;
      if (lf !== -1 && (cr === -1 || lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < n) {
          next = text.charCodeAt(cr + 1) === 0x0a ? cr + 2 : cr + 1;
        } else {
          next = n;
          this.afterCR = true;
        }
      }
      lines.push(this.pending === '' ? text.slice(pos, end) : this.pending + text.slice(pos, end));
      this.pending = '';
      pos = next;
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
    }
    if (pos < n) this.pending += text.slice(pos);
    return lines;
  }

  /** The final line if it had no terminator (a trailing terminator yields no extra empty line). */
  end(): string | undefined {
    return this.pending === '' ? undefined : this.pending;
  }
}

/**
 * Decode chunks with the guessed encoding (skipping `bomLength` bytes, and one U+FEFF left at the
 * start of the text) and yield lines without their terminators. Terminators are \r\n, \n or a lone
 * \r (old Mac); a \r\n split across chunks is one terminator. A trailing terminator does not
 * produce an extra empty line: the result equals `text.split(/\r\n|\r|\n/)` minus a trailing ''.
 * Otherwise the text is left as-is (invalid UTF-8 becomes U+FFFD).
 */
export async function* decodeLines(chunks: AsyncIterable<Uint8Array>, guess: EncodingGuess): AsyncGenerator<string> {
  for await (const batch of decodeLineBatches(chunks, guess)) yield* batch;
}

/**
 * The same lines as {@link decodeLines}, a batch per decoded chunk. Hot loops should use this:
 * one `await` per chunk instead of one per line is most of the cost of reading a large dump.
 */
export async function* decodeLineBatches(chunks: AsyncIterable<Uint8Array>, guess: EncodingGuess): AsyncGenerator<string[]> {
  const decoder = makeDecoder(guess.encoding);
  const splitter = new LineSplitter();
  let skip = guess.bomLength;
  for await (const chunk of chunks) {
    let bytes = chunk;
    if (skip > 0) {
      const n = Math.min(skip, bytes.length);
      bytes = bytes.subarray(n);
      skip -= n;
    }
    if (bytes.length === 0) continue;
    const text = decoder.write(bytes);
    if (text === '') continue;
    const lines = splitter.push(text);
    if (lines.length > 0) yield lines;
  }
  const tail = decoder.end();
  const lines = tail !== '' ? splitter.push(tail) : [];
  const last = splitter.end();
  if (last !== undefined) lines.push(last);
  if (lines.length > 0) yield lines;
}
