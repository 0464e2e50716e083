import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BlogportError } from '../../../src/model/errors.js';
import {
  assertTextSample,
  decodeLines,
  detectEncoding,
  type EncodingGuess,
} from '../../../src/readers/common/decode.js';

/** Split bytes into chunks of `size` bytes (the last may be shorter). */
export async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** Chunks of varying sizes, cycling through `sizes`. */
async function* chunksBySizes(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const size = sizes[k++ % sizes.length]!;
    yield bytes.slice(i, i + size);
    i += size;
  }
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}
function utf16be(s: string): Uint8Array {
  const le = utf16le(s);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

async function lines(input: Uint8Array, guess: EncodingGuess, size = 64 * 1024): Promise<string[]> {
  return collect(decodeLines(chunksOf(input, size), guess));
}

/** Detect then decode, as a reader does (two passes, fresh iterables). */
async function readAll(input: Uint8Array, size: number, forced?: string): Promise<{ guess: EncodingGuess; lines: string[] }> {
  const guess = await detectEncoding(chunksOf(input, size), forced);
  return { guess, lines: await lines(input, guess, size) };
}

/** Reference: `split(/\r\n|\r|\n/)` minus the trailing empty element. */
function referenceLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split(/\r\n|\r|\n/);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const UTF8_GUESS: EncodingGuess = { encoding: 'utf-8', bomLength: 0, how: 'utf8-valid' };

/** Deterministic pseudo-random bytes (xorshift). */
function randomBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function catchError(fn: () => unknown): BlogportError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BlogportError);
    return error as BlogportError;
  }
  throw new Error('expected an error');
}

async function catchAsync(promise: Promise<unknown>): Promise<BlogportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BlogportError);
    return error as BlogportError;
  }
  throw new Error('expected an error');
}

describe('detectEncoding', () => {
  it('detects UTF-8 without BOM, including 2-, 3- and 4-byte characters', async () => {
    const guess = await detectEncoding(chunksOf(utf8('héllo ✓ 😀\nwörld\n'), 64));
    expect(guess).toEqual({ encoding: 'utf-8', bomLength: 0, how: 'utf8-valid' });
  });

  it('treats pure ASCII and empty input as UTF-8', async () => {
    expect(await detectEncoding(chunksOf(utf8('plain ascii\n'), 4))).toEqual(UTF8_GUESS);
    expect(await detectEncoding(chunksOf(new Uint8Array(0), 4))).toEqual(UTF8_GUESS);
  });

  it('detects a UTF-8 BOM, even when split into 1-byte chunks', async () => {
    const input = bytes([0xef, 0xbb, 0xbf], 'héllo\n');
    const expected = { encoding: 'utf-8', bomLength: 3, how: 'bom' };
    expect(await detectEncoding(chunksOf(input, 1024))).toEqual(expected);
    expect(await detectEncoding(chunksOf(input, 1))).toEqual(expected);
  });

  it('detects UTF-16LE and UTF-16BE BOMs', async () => {
    const le = bytes([0xff, 0xfe], [...utf16le('hi\n')]);
    const be = bytes([0xfe, 0xff], [...utf16be('hi\n')]);
    expect(await detectEncoding(chunksOf(le, 1))).toEqual({ encoding: 'utf-16le', bomLength: 2, how: 'bom' });
    expect(await detectEncoding(chunksOf(be, 3))).toEqual({ encoding: 'utf-16be', bomLength: 2, how: 'bom' });
  });

  it('detects BOM-less UTF-16 by its alternating NUL bytes', async () => {
    const text = 'Title: Hello\nDate: 2009-01-02\n\nSome text, café.\n';
    expect(await detectEncoding(chunksOf(utf16le(text), 5))).toEqual({
      encoding: 'utf-16le',
      bomLength: 0,
      how: 'utf16-pattern',
    });
    expect(await detectEncoding(chunksOf(utf16be(text), 5))).toEqual({
      encoding: 'utf-16be',
      bomLength: 0,
      how: 'utf16-pattern',
    });
  });

  it('falls back to windows-1252 for é (0xE9), curly quotes (0x93/0x94) and € (0x80)', async () => {
    const input = bytes('caf', [0xe9], ' ', [0x93], 'quoted', [0x94], ' ', [0x80], '5\n');
    const expected = { encoding: 'windows-1252', bomLength: 0, how: 'fallback-windows-1252' };
    expect(await detectEncoding(chunksOf(input, 1024))).toEqual(expected);
    expect(await detectEncoding(chunksOf(input, 1))).toEqual(expected);
  });

  it('keeps a UTF-8 character split across 1-byte chunks valid', async () => {
    const input = utf8('aé✓😀b€'.repeat(50));
    for (const size of [1, 2, 3, 5, 7]) {
      expect(await detectEncoding(chunksOf(input, size))).toEqual(UTF8_GUESS);
    }
    expect(await detectEncoding(chunksBySizes(input, [1, 4, 2, 3, 1, 1, 6]))).toEqual(UTF8_GUESS);
  });

  it('falls back when an invalid byte comes late in a big input', async () => {
    const input = new Uint8Array(3 * 1024 * 1024).fill(0x61); // 'a'
    for (let i = 80; i < input.length; i += 81) input[i] = 0x0a;
    input[input.length - 10] = 0xe9; // windows-1252 'é' followed by ASCII: invalid UTF-8
    const guess = await detectEncoding(chunksOf(input, 64 * 1024));
    expect(guess.encoding).toBe('windows-1252');
    expect(guess.how).toBe('fallback-windows-1252');
  });

  it('falls back when the input ends in the middle of a multi-byte sequence', async () => {
    // 'café' in windows-1252: the final 0xE9 would start a 3-byte UTF-8 sequence.
    const input = bytes('caf', [0xe9]);
    expect((await detectEncoding(chunksOf(input, 1))).encoding).toBe('windows-1252');
    expect((await detectEncoding(chunksOf(input, 10))).encoding).toBe('windows-1252');
  });

  it('falls back on overlong and lone continuation bytes', async () => {
    expect((await detectEncoding(chunksOf(bytes('a', [0xc0, 0xaf], 'b'), 1))).encoding).toBe('windows-1252');
    expect((await detectEncoding(chunksOf(bytes('a', [0xa9], 'b'), 1))).encoding).toBe('windows-1252');
  });

  it('stops reading once the input is known not to be UTF-8, closing the source', async () => {
    let served = 0;
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) {
          served++;
          yield i === 100 ? bytes('x', [0x93], 'y') : utf8('x'.repeat(1000));
        }
      } finally {
        closed = true;
      }
    }
    expect((await detectEncoding(source())).encoding).toBe('windows-1252');
    expect(served).toBe(101);
    expect(closed).toBe(true);
  });

  describe('forced encoding', () => {
    it('skips detection and canonicalises the label', async () => {
      const input = bytes('caf', [0xe9]);
      expect(await detectEncoding(chunksOf(input, 1), 'UTF8')).toEqual({ encoding: 'utf-8', bomLength: 0, how: 'user' });
      expect(await detectEncoding(chunksOf(input, 1), 'cp1252')).toEqual({
        encoding: 'windows-1252',
        bomLength: 0,
        how: 'user',
      });
      expect(await detectEncoding(chunksOf(input, 1), 'latin1')).toEqual({ encoding: 'latin1', bomLength: 0, how: 'user' });
      expect((await detectEncoding(chunksOf(input, 1), 'UTF-16LE')).encoding).toBe('utf-16le');
    });

    it('skips a BOM that matches the forced encoding only', async () => {
      const input = bytes([0xef, 0xbb, 0xbf], 'hi');
      expect((await detectEncoding(chunksOf(input, 1), 'utf-8')).bomLength).toBe(3);
      expect((await detectEncoding(chunksOf(input, 1), 'windows-1252')).bomLength).toBe(0);
    });

    it('reads only the first bytes of the input', async () => {
      let served = 0;
      let closed = false;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          for (let i = 0; i < 100; i++) {
            served++;
            yield utf8('some text\n');
          }
        } finally {
          closed = true;
        }
      }
      await detectEncoding(source(), 'utf-8');
      expect(served).toBe(1);
      expect(closed).toBe(true);
    });

    it('rejects an unknown label with BAD_OPTION naming it and suggesting encodings', async () => {
      const error = await catchAsync(detectEncoding(chunksOf(utf8('hi'), 1), 'klingon'));
      expect(error.code).toBe('BAD_OPTION');
      const line = error.toLine();
      expect(line).toContain('"klingon"');
      for (const suggestion of ['utf-8', 'windows-1252', 'latin1', 'utf-16le']) expect(line).toContain(suggestion);
      expect((await catchAsync(detectEncoding(chunksOf(utf8('hi'), 1), ''))).code).toBe('BAD_OPTION');
    });
  });
});

describe('decodeLines', () => {
  it('splits on LF, CRLF, lone CR and mixed endings', async () => {
    expect(await lines(utf8('a\nb\nc'), UTF8_GUESS)).toEqual(['a', 'b', 'c']);
    expect(await lines(utf8('a\r\nb\r\nc\r\n'), UTF8_GUESS)).toEqual(['a', 'b', 'c']);
    expect(await lines(utf8('a\rb\rc\r'), UTF8_GUESS)).toEqual(['a', 'b', 'c']);
    expect(await lines(utf8('a\r\nb\nc\rd\n\re'), UTF8_GUESS)).toEqual(['a', 'b', 'c', 'd', '', 'e']);
  });

  it('does not add an empty line for a trailing terminator, but keeps empty lines', async () => {
    expect(await lines(utf8(''), UTF8_GUESS)).toEqual([]);
    expect(await lines(utf8('\n'), UTF8_GUESS)).toEqual(['']);
    expect(await lines(utf8('a\n\n'), UTF8_GUESS)).toEqual(['a', '']);
    expect(await lines(utf8('\r\n\r\n'), UTF8_GUESS)).toEqual(['', '']);
    expect(await lines(utf8('a'), UTF8_GUESS)).toEqual(['a']);
  });

  it('treats \\r | \\n split across chunks as one terminator', async () => {
    const input = utf8('one\r\ntwo\r\nthree');
    expect(await collect(decodeLines(chunksBySizes(input, [4, 5, 6]), UTF8_GUESS))).toEqual(['one', 'two', 'three']);
    for (const size of [1, 2, 3, 4, 5]) expect(await lines(input, UTF8_GUESS, size)).toEqual(['one', 'two', 'three']);
  });

  it('ends a line at a \\r closing a chunk when the next chunk does not start with \\n', async () => {
    const guess = UTF8_GUESS;
    expect(await collect(decodeLines(chunksBySizes(utf8('a\rb'), [2, 1]), guess))).toEqual(['a', 'b']);
    expect(await collect(decodeLines(chunksBySizes(utf8('a\r\r\nb'), [2, 3]), guess))).toEqual(['a', '', 'b']);
    expect(await collect(decodeLines(chunksBySizes(utf8('a\r'), [2]), guess))).toEqual(['a']);
  });

  it('matches split(/\\r\\n|\\r|\\n/) for any text and any chunking', async () => {
    const piece = fc.constantFrom('a', 'bc', 'é', '✓', '😀', '\r', '\n', '\r\n', ' ', '\t');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        async (text, sizes) => {
          const got = await collect(decodeLines(chunksBySizes(utf8(text), sizes), UTF8_GUESS));
          expect(got).toEqual(referenceLines(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes UTF-8 characters split across 1-byte chunks', async () => {
    const text = 'héllo ✓\n😀 wörld €\n';
    expect(await lines(utf8(text), UTF8_GUESS, 1)).toEqual(['héllo ✓', '😀 wörld €']);
  });

  it('skips a UTF-8 BOM, and removes a stray BOM character at the start', async () => {
    const input = bytes([0xef, 0xbb, 0xbf], 'hi\nthere\n');
    expect(await lines(input, { encoding: 'utf-8', bomLength: 3, how: 'bom' }, 1)).toEqual(['hi', 'there']);
    expect(await lines(input, { encoding: 'utf-8', bomLength: 0, how: 'user' }, 2)).toEqual(['hi', 'there']);
  });

  it('keeps U+FEFF and NUL characters inside the text', async () => {
    expect(await lines(utf8('a\uFEFFb\n\u0000c'), UTF8_GUESS)).toEqual(['a\uFEFFb', '\u0000c']);
  });

  it('replaces invalid UTF-8 with U+FFFD', async () => {
    expect(await lines(bytes('a', [0xff], 'b'), UTF8_GUESS, 1)).toEqual(['a\uFFFDb']);
  });

  it('decodes UTF-16LE and UTF-16BE with BOM, including surrogate pairs split across chunks', async () => {
    const text = 'Héllo 😀\r\nwörld\rend';
    for (const size of [1, 3, 64]) {
      const le = await readAll(bytes([0xff, 0xfe], [...utf16le(text)]), size);
      expect(le.guess.encoding).toBe('utf-16le');
      expect(le.lines).toEqual(['Héllo 😀', 'wörld', 'end']);
      const be = await readAll(bytes([0xfe, 0xff], [...utf16be(text)]), size);
      expect(be.guess.encoding).toBe('utf-16be');
      expect(be.lines).toEqual(['Héllo 😀', 'wörld', 'end']);
    }
  });

  it('decodes BOM-less UTF-16LE detected by pattern', async () => {
    const { guess, lines: got } = await readAll(utf16le('Title: One\nbody\n'), 7);
    expect(guess.how).toBe('utf16-pattern');
    expect(got).toEqual(['Title: One', 'body']);
  });

  it('decodes windows-1252: é, curly quotes and €', async () => {
    const input = bytes([0x93], 'Hi', [0x94], ' caf', [0xe9], '\r\n', [0x80], '5');
    for (const size of [1, 4, 1024]) {
      const { guess, lines: got } = await readAll(input, size);
      expect(guess.how).toBe('fallback-windows-1252');
      expect(got).toEqual(['“Hi” café', '€5']);
    }
  });

  it('decodes with a forced encoding', async () => {
    // Valid UTF-8 bytes read as latin1 on the user's word: 'é' in UTF-8 is 0xC3 0xA9.
    const { guess, lines: got } = await readAll(utf8('café\n'), 2, 'latin1');
    expect(guess).toEqual({ encoding: 'latin1', bomLength: 0, how: 'user' });
    expect(got).toEqual(['cafÃ©']);
  });

  it('rejects an unknown encoding in the guess', async () => {
    const error = await catchAsync(collect(decodeLines(chunksOf(utf8('x'), 1), { ...UTF8_GUESS, encoding: 'nope' })));
    expect(error.code).toBe('BAD_OPTION');
  });

  it('streams many lines through odd chunk sizes intact', async () => {
    const expected = Array.from({ length: 5000 }, (_, i) => `line ${i} — ünïcödé ${'x'.repeat(i % 37)}`);
    const endings = ['\n', '\r\n', '\r'];
    const text = expected.map((l, i) => l + endings[i % 3]).join('');
    expect(await lines(utf8(text), UTF8_GUESS, 7)).toEqual(expected);
    expect(await lines(utf8(text), UTF8_GUESS, 4096)).toEqual(expected);
  });
});

describe('assertTextSample', () => {
  const magic: [string, Uint8Array, string][] = [
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'looks like a PNG image'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'looks like a JPEG image'],
    ['GIF', bytes('GIF89a', [1, 0, 1, 0]), 'looks like a GIF image'],
    ['PDF', bytes('%PDF-1.4\n%âãÏÓ\n'), 'looks like a PDF document'],
    ['ZIP', bytes('PK', [3, 4, 20, 0, 0, 0], 'export.xml'), 'looks like a ZIP archive'],
    ['gzip', bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'looks like a gzip-compressed file'],
  ];
  it.each(magic)('rejects a %s header, naming the type and the file', (_name, sample, message) => {
    const error = catchError(() => assertTextSample(sample, 'backup/blog.txt'));
    expect(error.code).toBe('INPUT_BINARY');
    expect(error.source).toEqual({ file: 'backup/blog.txt' });
    expect(error.message).toContain(message);
    expect(error.toLine()).toMatch(/^backup\/blog\.txt: looks like /);
    expect(error.hint).toBeTruthy();
  });

  it('rejects random bytes containing NULs', () => {
    const sample = randomBytes(2048);
    sample[10] = 0;
    sample[11] = 0;
    const error = catchError(() => assertTextSample(sample, 'dump.bin'));
    expect(error.code).toBe('INPUT_BINARY');
    expect(error.toLine()).toContain('dump.bin: ');
    expect(error.message).toContain('NUL');
  });

  it('rejects a high share of control characters even without NULs', () => {
    const sample = randomBytes(2048, 12345).map((b) => (b === 0 ? 1 : b));
    const error = catchError(() => assertTextSample(sample, 'noise.dat'));
    expect(error.code).toBe('INPUT_BINARY');
    expect(error.toLine()).toContain('noise.dat');
  });

  it('rejects UTF-8 text with a NUL byte', () => {
    expect(catchError(() => assertTextSample(utf8('Title: hi\n\u0000body\n'), 'a.txt')).code).toBe('INPUT_BINARY');
    const scattered = utf8('Title: hi\n'.repeat(50));
    for (const at of [7, 100, 203, 350]) scattered[at] = 0;
    expect(catchError(() => assertTextSample(scattered, 'a.txt')).code).toBe('INPUT_BINARY');
  });

  it('accepts normal text with tabs, CRLF and form feeds', () => {
    expect(() => assertTextSample(utf8('Title:\tHello\r\n\tindented\n\fnext page\nwörld ✓\n'), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(bytes([0xef, 0xbb, 0xbf], 'with BOM\n'), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(bytes('caf', [0xe9], ' ', [0x93], 'q', [0x94]), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(new Uint8Array(0), 'a.txt')).not.toThrow();
  });

  it('tolerates a single stray control character (e.g. a DOS EOF marker)', () => {
    expect(() => assertTextSample(bytes('short\n', [0x1a]), 'a.txt')).not.toThrow();
  });

  it('accepts UTF-16 with a BOM and BOM-less UTF-16 despite their NUL bytes', () => {
    expect(() => assertTextSample(bytes([0xff, 0xfe], [...utf16le('Hello\r\n')]), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(bytes([0xfe, 0xff], [...utf16be('Hello\r\n')]), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(utf16le('Title: Hello\nbody text\n'), 'a.txt')).not.toThrow();
    expect(() => assertTextSample(utf16be('Title: Hello\nbody text\n'), 'a.txt')).not.toThrow();
  });
});
