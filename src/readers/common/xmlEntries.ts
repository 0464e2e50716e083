/**
 * A streaming cutter for big XML feeds: it turns a stream of bytes into the root element's
 * start tag and then each child of the root (`<entry>…</entry>`, `<title>…</title>`) as its own
 * small string, with the line and column where it starts. Nothing else of the document is kept,
 * so a 1 GB export costs the memory of one entry, not of the file (Node cannot even hold a string
 * over ~512 MiB, and whole-document parsers need several times the file size).
 *
 * It only understands what it must to cut correctly: comments, CDATA sections, processing
 * instructions, the DOCTYPE, and quoted attribute values (a `>` may sit inside one). Each piece
 * is parsed afterwards by `parseXmlElement` (xmlTree.ts).
 *
 * Records named `recordName` (Atom's `entry`) never nest, which makes damage recoverable: a new
 * `<entry` inside an unclosed one, or the root's end tag, closes the open entry (flagged
 * `unterminated`), and `</entry>` closes its entry whatever was left open inside it.
 */
import { Buffer } from 'node:buffer';
import { endianness } from 'node:os';
import iconv from 'iconv-lite';
import { BlogportError } from '../../model/errors.js';

export interface XmlPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

/** A record's text and where it starts: what a reader parses, from either pass (see `sliceRecords`). */
export interface RecordText {
  /** The element's name as written (`entry`, `title`, `atom:entry`). */
  name: string;
  /**
   * The element, from its `<` to the `>` of its end tag. May be a view into the decoded text
   * around it (tens of kilobytes): copy what you keep for long (`copyString`).
   */
  xml: string;
  /** 1-based count of records of this name so far (entry numbers). */
  index: number;
  /** 1-based line of its `<`. */
  line: number;
  /** The element was not closed: it was cut where the next record (or the root's end) began. */
  unterminated?: boolean;
  /**
   * Set when the scanner knows the record holds no character XML forbids (control characters,
   * U+FFFE, U+FFFF), from a search of the raw UTF-8 bytes; unset means not known.
   */
  clean?: boolean;
}

export interface XmlRecord extends RecordText, XmlPosition {
  /** Where its `<` is in the decoded document, in UTF-16 units from the start (see `sliceRecords`). */
  offset: number;
}

export type XmlScanEvent =
  | ({ type: 'root'; name: string; attributes: Record<string, string> } & XmlPosition)
  | { type: 'record'; record: XmlRecord }
  /**
   * The document ended. `complete` is false when it stopped before the root element was closed
   * (`reason: 'truncated'`, also when it broke off before the root began), when it held only
   * white space (`'empty'`), or text that is not XML (`'no-root'`).
   */
  | ({ type: 'end'; complete: boolean; encoding: string; reason?: 'truncated' | 'empty' | 'no-root'; openRecord?: XmlRecordStart } & XmlPosition);

export interface XmlRecordStart extends XmlPosition {
  name: string;
  index: number;
}

export interface XmlScanIssue extends XmlPosition {
  code: 'XML_RECOVERED' | 'ENCODING';
  message: string;
}

export interface XmlScanOptions {
  /** Records of this (local) name never nest; see the module comment. Default `entry`. */
  recordName?: string;
  /** Force the encoding; otherwise BOM, then the XML declaration, then UTF-8. */
  encoding?: string;
  /** Repairs the cutter made (stray end tags, unterminated records, undecodable bytes). */
  onIssue?: (issue: XmlScanIssue) => void;
}

/** Bytes looked at to find the XML declaration's encoding. */
export const DECLARATION_BYTES = 1024;

/**
 * Cut an XML document into its root start tag and the root's children, streaming. Always ends
 * with exactly one `end` event saying whether the document was complete, and if not, why.
 */
export async function* scanXml(chunks: AsyncIterable<Uint8Array>, options: XmlScanOptions = {}): AsyncGenerator<XmlScanEvent> {
  for await (const batch of scanXmlBatches(chunks, options)) yield* batch;
}

/**
 * `scanXml`'s events, a batch per piece of text (one await per 32 KiB rather than per entry).
 * Issues found in a piece are reported before its batch is handed over, as with `scanXml`.
 */
export async function* scanXmlBatches(chunks: AsyncIterable<Uint8Array>, options: XmlScanOptions = {}): AsyncGenerator<XmlScanEvent[]> {
  const recordName = options.recordName ?? 'entry';
  const cutter = new Cutter(recordName, options.onIssue);
  const replacements = new ReplacementCounter();
  const forbidden = new ForbiddenBytes();
  let encoding = 'utf-8';
  for await (const piece of decodePieces(chunks, options.encoding)) {
    encoding = piece.encoding;
    if (piece.note) cutter.issue('ENCODING', piece.note, 0);
    const startAbs = cutter.endAbs();
    // Before the cut, so the records it completes know whether they are clean.
    if (encoding !== 'utf-8' || forbidden.foundIn(piece.bytes)) cutter.markUnclean(startAbs, startAbs + piece.text.length);
    const events = cutter.push(piece.text, piece.last);
    // Only worth its scan of every byte when someone listens. Reported before the piece's records.
    const bad = options.onIssue && encoding === 'utf-8' ? replacements.check(piece.bytes, piece.text) : -1;
    if (bad >= 0) {
      cutter.issue('ENCODING', 'bytes that are not valid UTF-8 were replaced by U+FFFD (check the file is not damaged, or pass --encoding)', startAbs + bad);
    }
    if (events.length > 0) yield events;
  }
  yield [cutter.finish(encoding)];
}

/** Where a record was in the decoded document, to be cut out again by `sliceRecords`. */
export type XmlRecordRef = Omit<XmlRecord, 'xml'> & { length: number };

/** A record's place, without its text (a few numbers: cheap to keep for every entry of an export). */
export function recordRef(record: XmlRecord): XmlRecordRef {
  const { name, index, line, column, offset } = record;
  const ref: XmlRecordRef = { name: name === 'entry' ? 'entry' : copyString(name), index, line, column, offset, length: record.xml.length };
  if (record.unterminated) ref.unterminated = true;
  if (record.clean) ref.clean = true;
  return ref;
}

/**
 * The records at known places, cut out of a second reading of the same document (in document
 * order), a batch per piece of text. Decoding is repeated (the same bytes and decoder give the
 * same text, so the offsets `scanXml` gave still hold), but nothing is scanned: a second pass
 * over an export costs its decoding, not its markup. A record inside one piece is a slice of
 * it; only one that runs over into the next piece is joined, so the text is not copied again.
 */
export async function* sliceRecords(chunks: AsyncIterable<Uint8Array>, refs: Iterable<XmlRecordRef>, options: { encoding?: string; file: string }): AsyncGenerator<XmlRecord[]> {
  const changed = (where: string) =>
    new BlogportError('INPUT_UNREADABLE', `changed while it was being read (${where})`, { file: options.file }, 'convert a copy that nothing else is writing to');
  const wanted = refs[Symbol.iterator]();
  let next = wanted.next();
  if (next.done) return;
  /** The next wanted record's text so far, when it began in an earlier piece. */
  let carry = '';
  /** Absolute offset of the piece's first character. */
  let textStart = 0;
  for await (const { text } of decodePieces(chunks, options.encoding)) {
    const textEnd = textStart + text.length;
    const batch: XmlRecord[] = [];
    while (!next.done) {
      const ref = next.value;
      const start = ref.offset;
      const end = start + ref.length;
      if (start >= textEnd) break;
      if (end > textEnd) {
        carry = start >= textStart ? text.slice(start - textStart) : carry + text;
        break;
      }
      const xml = start >= textStart ? text.slice(start - textStart, end - textStart) : carry + text.slice(0, end - textStart);
      carry = '';
      if (xml.charCodeAt(0) !== 0x3c /* < */ || !xml.startsWith(ref.name, 1)) throw changed(`entry ${ref.index} is no longer where it was`);
      const record: XmlRecord = { name: ref.name, xml, index: ref.index, line: ref.line, column: ref.column, offset: start };
      if (ref.unterminated) record.unterminated = true;
      if (ref.clean) record.clean = true;
      batch.push(record);
      next = wanted.next();
    }
    if (batch.length > 0) yield batch;
    if (next.done) return;
    textStart = textEnd;
  }
  throw changed(`it now ends before entry ${next.value.index}`);
}

interface DecodedPiece {
  bytes: Uint8Array;
  text: string;
  /** The last piece (its text flushes the decoder). */
  last: boolean;
  encoding: string;
  /** On the first piece: why the declared encoding was not used. */
  note?: string;
}

/**
 * The document's text, piece by piece: the decoder is chosen from the first bytes (see
 * `createDecoder`). Always ends with one piece marked `last`, also for no bytes at all.
 */
async function* decodePieces(chunks: AsyncIterable<Uint8Array>, forced: string | undefined): AsyncGenerator<DecodedPiece> {
  let decoder: Decoder | undefined;
  let head: Uint8Array[] = [];
  let headLength = 0;
  let first = true;
  const piece = (bytes: Uint8Array, last: boolean): DecodedPiece => {
    const out: DecodedPiece = { bytes, text: decoder!.decode(bytes, last), last, encoding: decoder!.encoding };
    if (first && decoder!.note) out.note = decoder!.note;
    first = false;
    return out;
  };
  for await (const chunk of pieces(chunks)) {
    if (!decoder) {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength < DECLARATION_BYTES) continue;
      const bytes = Buffer.concat(head);
      head = [];
      decoder = createDecoder(bytes, forced);
      yield piece(bytes, false);
      continue;
    }
    yield piece(chunk, false);
  }
  if (!decoder) {
    const bytes = Buffer.concat(head);
    decoder = createDecoder(bytes, forced);
    yield piece(bytes, true);
  } else {
    yield piece(new Uint8Array(0), true);
  }
}

/**
 * Tells undecodable bytes from real U+FFFD characters: the decoder writes U+FFFD for bytes that
 * are not UTF-8, but a file may also hold the character itself (bytes EF BF BD). More U+FFFD out
 * than EF BF BD in means damaged bytes. Reported once.
 */
class ReplacementCounter {
  private encoded = 0;
  private decoded = 0;
  private tail = new Uint8Array(0);
  private reported = false;

  /** Offset in `text` of a U+FFFD that stands for bad bytes, or -1. */
  check(bytes: Uint8Array, text: string): number {
    if (this.reported) return -1;
    // Count EF BF BD, also when split between the last piece and this one.
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const edge = Buffer.concat([this.tail, piece.subarray(0, 2)]);
    for (let at = edge.indexOf(REPLACEMENT_BYTES); at >= 0; at = edge.indexOf(REPLACEMENT_BYTES, at + 1)) {
      if (at < this.tail.length && at + 3 > this.tail.length) this.encoded++;
    }
    for (let at = piece.indexOf(REPLACEMENT_BYTES); at >= 0; at = piece.indexOf(REPLACEMENT_BYTES, at + 3)) this.encoded++;
    this.tail = Uint8Array.from((piece.length >= 2 ? piece : edge).subarray(-2));
    for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
      if (++this.decoded > this.encoded) {
        this.reported = true;
        return at;
      }
    }
    return -1;
  }
}

const REPLACEMENT_BYTES = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Finds, in UTF-8 bytes, the characters XML forbids: C0 controls but tab, LF and CR (one byte
 * each, never part of a longer sequence) and U+FFFE, U+FFFF (EF BF BE, EF BF BF, also when cut
 * between two pieces). A character decodes in the piece of text its last byte arrived with, so
 * a piece without such bytes gives text without such characters. Searching the bytes (memchr)
 * is several times cheaper than a regular expression over the text of every entry.
 */
/**
 * Where the text may hold characters XML forbids, as absolute [start, end) ranges in order: records
 * that meet none are marked clean (their control-character check is already done). Shared by the
 * text scanner and the byte scanner (xmlBytes.ts).
 */
export class UncleanRanges {
  private ranges: number[] = [];

  mark(start: number, end: number): void {
    if (start === end) return;
    const ranges = this.ranges;
    if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
    else ranges.push(start, end);
  }

  /** Whether no range meets [start, end) (ranges are in order: look back from the last). */
  isClean(start: number, end: number): boolean {
    const ranges = this.ranges;
    for (let k = ranges.length - 2; k >= 0 && ranges[k + 1]! > start; k -= 2) if (ranges[k]! < end) return false;
    return true;
  }

  /** Forget the ranges wholly before `keep`: they can meet no record to come. */
  dropBefore(keep: number): void {
    let drop = 0;
    while (drop < this.ranges.length && this.ranges[drop + 1]! <= keep) drop += 2;
    if (drop > 0) this.ranges = this.ranges.slice(drop);
  }
}

export class ForbiddenBytes {
  private tail = new Uint8Array(0);

  foundIn(bytes: Uint8Array): boolean {
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const edge = Buffer.concat([this.tail, piece.subarray(0, 2)]);
    this.tail = Uint8Array.from((piece.length >= 2 ? piece : edge).subarray(-2));
    for (const byte of CONTROL_BYTES) if (piece.indexOf(byte) >= 0) return true;
    for (const sequence of NONCHARACTER_BYTES) if (piece.indexOf(sequence) >= 0 || edge.indexOf(sequence) >= 0) return true;
    return false;
  }
}

const CONTROL_BYTES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0x0b, 0x0c, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f];
const NONCHARACTER_BYTES = [Buffer.from([0xef, 0xbf, 0xbe]), Buffer.from([0xef, 0xbf, 0xbf])];

/**
 * Inputs arrive in large chunks (1 MiB reads). Decoded whole, each would become a multi-megabyte
 * string in V8's large-object space, freed only by a full garbage collection — a run over a big
 * export would pile up hundreds of them. Cut to this size, the strings stay in the young
 * generation and die young. A subarray is a view: no bytes are copied.
 */
const PIECE_BYTES = 32 * 1024;

async function* pieces(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (chunk.length <= PIECE_BYTES) yield chunk;
    else for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES);
  }
}

interface Decoder {
  decode: (bytes: Uint8Array, last: boolean) => string;
  encoding: string;
  /** Why the XML declaration's encoding was not used (reported once, at line 1). */
  note?: string;
}

/**
 * Encodings in which `<?xml` is not five single bytes. A file whose first bytes are `<?xml` in
 * ASCII cannot be in one of them, whatever its declaration says (XML 1.0, appendix F).
 */
const WIDE_ENCODING = /^(?:utf-?16|utf-?32|ucs-?2|ucs-?4)/;

/**
 * Choose a decoder: the user's encoding, else a BOM, else UTF-16 by `<` and a NUL, else the XML
 * declaration, else UTF-8. A declaration naming an encoding no decoder knows, or a two- or
 * four-byte one in a file that starts in single bytes, is wrong: the file is read as UTF-8 with a
 * note (the declaration would otherwise sink the whole export).
 */
function createDecoder(bytes: Uint8Array, forced: string | undefined): Decoder {
  let label = forced;
  let declared: string | undefined;
  if (!label) {
    const [b0, b1, b2] = bytes;
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) label = 'utf-8';
    else if (b0 === 0xff && b1 === 0xfe) label = 'utf-16le';
    else if (b0 === 0xfe && b1 === 0xff) label = 'utf-16be';
    else if (b0 === 0x3c && b1 === 0x00) label = 'utf-16le';
    else if (b0 === 0x00 && b1 === 0x3c) label = 'utf-16be';
    else {
      const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DECLARATION_BYTES)).toString('latin1');
      declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(start)?.[1];
      label = declared ?? 'utf-8';
    }
  }
  const decoder = decoderFor(label);
  if (declared === undefined) {
    if (!decoder) throw new BlogportError('BAD_ENCODING', `unknown text encoding "${label}"`, undefined, 'pass --encoding with the encoding the file is in (e.g. utf-8)');
    return decoder;
  }
  if (!decoder) {
    return { ...decoderFor('utf-8')!, note: `the XML declaration names an encoding blogport does not know ("${declared}"); read as UTF-8 (pass --encoding if the text comes out wrong)` };
  }
  if (WIDE_ENCODING.test(decoder.encoding)) {
    return { ...decoderFor('utf-8')!, note: `the XML declaration says "${declared}", but the file starts in single bytes, so it cannot be; read as UTF-8 (pass --encoding if the text comes out wrong)` };
  }
  return decoder;
}

/**
 * Whether a document starting with these bytes (its first `DECLARATION_BYTES`, or all of it when
 * shorter) is read as UTF-8 without a note: the case `scanXmlBytes` (xmlBytes.ts) handles.
 */
export function readsAsPlainUtf8(head: Uint8Array, forced: string | undefined): boolean {
  try {
    const decoder = createDecoder(head, forced);
    return decoder.encoding === 'utf-8' && decoder.note === undefined;
  } catch {
    return false; // an encoding no decoder knows: scanXml reports it
  }
}

function decoderFor(label: string): Decoder | undefined {
  const normalised = label.trim().toLowerCase();
  try {
    // WHATWG decoders (UTF-8 via simdutf) are the fast path; they also drop a BOM.
    const decoder = new TextDecoder(normalised);
    return { decode: (chunk, last) => decoder.decode(chunk, { stream: !last }), encoding: decoder.encoding };
  } catch {
    if (!iconv.encodingExists(normalised)) return undefined;
    const decoder = iconv.getDecoder(normalised);
    return { decode: (chunk, last) => decoder.write(Buffer.from(chunk)) + (last ? decoder.end() ?? '' : ''), encoding: normalised };
  }
}

interface OpenRecord {
  name: string;
  isRecordName: boolean;
  /** Absolute offset of its `<`. */
  start: number;
  line: number;
  column: number;
  index: number;
  /** Nesting below the record element (not used for `recordName` records, which close only on their end tag). */
  depth: number;
}

type Construct = { at: number; searchFrom: number };

/**
 * The cutting state machine. Offsets named `abs` count UTF-16 units from the start of the
 * document; `buf` holds the text from `base` on.
 */
class Cutter {
  private buf = '';
  private base = 0;
  /** Absolute offset where scanning resumes. */
  private pos = 0;
  private state: 'prolog' | 'root' | 'epilog' = 'prolog';
  private rootName = '';
  private record: OpenRecord | undefined;
  /** An incomplete construct (`<!--` without `-->` yet) waiting for more text. */
  private pending: Construct | undefined;
  private readonly counts = new Map<string, number>();
  /** Text ranges (absolute start, end, …, in order) that may hold characters XML forbids. */
  private readonly unclean = new UncleanRanges();
  // Line tracking: newlines counted up to `counted`; `lineStart` is the offset after the last one.
  private line = 1;
  private lineStart = 0;
  private counted = 0;
  private nextNewline = -1;
  private newlineSearched = 0;
  /** Before the root: text that is not markup (so not XML), and markup (an XML declaration …). */
  private sawText = false;
  private sawMarkup = false;

  constructor(
    private readonly recordName: string,
    private readonly onIssue: XmlScanOptions['onIssue'],
  ) {}

  endAbs(): number {
    return this.base + this.buf.length;
  }

  /** Text from `start` to `end` may hold characters XML forbids: records touching it are not marked clean. */
  markUnclean(start: number, end: number): void {
    this.unclean.mark(start, end);
  }

  issue(code: XmlScanIssue['code'], message: string, abs: number): void {
    if (this.onIssue) this.onIssue({ code, message, ...this.positionAt(abs) });
  }

  /** Line and column of an absolute offset that is still in the buffer. */
  positionAt(abs: number): XmlPosition {
    const buf = this.buf;
    if (abs >= this.counted) {
      // `nextNewline` remembers the first newline at or after `counted` (absolute; -1 when none
      // up to `newlineSearched`), so a file of few, long lines is not searched again per record.
      for (;;) {
        if (this.nextNewline < 0) {
          const from = Math.max(this.counted, this.newlineSearched) - this.base;
          const nl = buf.indexOf('\n', from);
          if (nl < 0) {
            this.newlineSearched = this.base + buf.length;
            break;
          }
          this.nextNewline = this.base + nl;
        }
        if (this.nextNewline >= abs) break;
        this.line++;
        this.lineStart = this.nextNewline + 1;
        this.counted = this.lineStart;
        this.nextNewline = -1;
      }
      this.counted = abs;
      return { line: this.line, column: abs - this.lineStart + 1 };
    }
    // Behind the counter (rare: a position inside the record just emitted): count back.
    let line = this.line;
    let at = this.counted - this.base;
    const target = abs - this.base;
    for (;;) {
      const nl = buf.lastIndexOf('\n', at - 1);
      if (nl < target) break;
      line--;
      at = nl;
    }
    const nl = buf.lastIndexOf('\n', target - 1);
    const lineStart = nl >= 0 ? this.base + nl + 1 : this.lineStart <= abs ? this.lineStart : this.base;
    return { line, column: abs - lineStart + 1 };
  }

  /** Take more text; return the events it completes. */
  push(text: string, last: boolean): XmlScanEvent[] {
    // Drop what is behind us (after counting its lines), keep the open record or construct.
    const keep = Math.min(this.pos, this.record?.start ?? Infinity, this.pending?.at ?? Infinity);
    if (keep > this.base) {
      this.positionAt(Math.max(keep, this.counted));
      this.buf = this.buf.slice(keep - this.base);
      this.base = keep;
      this.unclean.dropBefore(keep);
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    const events: XmlScanEvent[] = [];
    this.scan(events, last);
    return events;
  }

  finish(encoding: string): XmlScanEvent {
    const endAt = this.positionAt(this.endAbs());
    if (this.state === 'epilog') return { type: 'end', complete: true, encoding, ...endAt };
    if (this.state === 'prolog') {
      // Only a declaration or comments before the end: an XML file cut before its root element.
      const reason = this.sawText ? ('no-root' as const) : this.sawMarkup ? ('truncated' as const) : ('empty' as const);
      return { type: 'end', complete: false, encoding, reason, ...endAt };
    }
    const open = this.record;
    const end: XmlScanEvent = { type: 'end', complete: false, encoding, reason: 'truncated', ...endAt };
    if (open) end.openRecord = { name: open.name, index: open.index, line: open.line, column: open.column };
    return end;
  }

  private scan(events: XmlScanEvent[], last: boolean): void {
    const buf = this.buf;
    const base = this.base;
    let p = this.pos - base;
    for (;;) {
      if (this.pending) {
        // Resume an unfinished comment, CDATA section, PI, DOCTYPE or tag.
        const { at } = this.pending;
        const done = this.markup(at - base, events, last);
        if (done < 0) break;
        this.pending = undefined;
        p = done;
        continue;
      }
      const lt = buf.indexOf('<', p);
      if (this.state === 'prolog' && !this.sawText && /\S/.test(buf.slice(p, lt < 0 ? buf.length : lt))) this.sawText = true;
      if (lt < 0) {
        p = buf.length;
        break;
      }
      if (this.state === 'prolog') this.sawMarkup = true;
      const done = this.markup(lt, events, last);
      if (done < 0) {
        if (!this.pending) this.pending = { at: base + lt, searchFrom: base + lt };
        p = lt;
        break;
      }
      p = done;
    }
    this.pos = base + p;
  }

  /**
   * Handle the markup starting at `lt` (an index into `buf`); return the index after it, or -1
   * when it is not complete yet (more text needed).
   */
  private markup(lt: number, events: XmlScanEvent[], last: boolean): number {
    const buf = this.buf;
    const next = buf.charCodeAt(lt + 1);
    if (Number.isNaN(next)) return last ? lt + 1 : -1;
    if (next === 0x3f /* ? */) return this.until(lt, '?>', 2, last);
    if (next === 0x21 /* ! */) {
      if (buf.length - lt < 9 && !last && ('<!--'.startsWith(buf.slice(lt, lt + 4)) || '<![CDATA['.startsWith(buf.slice(lt, lt + 9)))) {
        return -1;
      }
      if (buf.startsWith('<!--', lt)) return this.until(lt, '-->', 4, last);
      if (buf.startsWith('<![CDATA[', lt)) return this.until(lt, ']]>', 9, last);
      return this.declaration(lt, last);
    }
    if (next === 0x2f /* / */) {
      const gt = buf.indexOf('>', lt + 2);
      if (gt < 0) return last ? buf.length : -1;
      this.endTag(buf.slice(lt + 2, gt).trim(), this.base + lt, this.base + gt + 1, events);
      return gt + 1;
    }
    if (!isNameStart(next)) return lt + 1; // a stray "<" in text (`a < b`): not markup
    const nameEnd = nameEndAt(buf, lt + 2);
    // A name running to the end of the text may go on in the next piece (`<entr` + `y>`).
    if (nameEnd === buf.length && !last) return -1;
    if (this.record?.isRecordName && !this.isRecordNameAt(lt + 1, nameEnd)) {
      // Inside an entry only a new entry matters; `<` never occurs inside attribute values, so
      // the tag's end need not be found: the next search for "<" skips over it.
      return nameEnd;
    }
    const name = buf.slice(lt + 1, nameEnd);
    const gt = tagEnd(buf, nameEnd);
    if (gt < 0) return last ? buf.length : -1;
    const selfClosing = buf.charCodeAt(gt - 1) === 0x2f;
    this.startTag(name, lt, gt + 1, selfClosing, events);
    return gt + 1;
  }

  /** Whether `buf[start, end)` is the record name, with or without a prefix (no string made). */
  private isRecordNameAt(start: number, end: number): boolean {
    const buf = this.buf;
    const name = this.recordName;
    const local = end - name.length;
    if (local < start || !buf.startsWith(name, local)) return false;
    return local === start || buf.charCodeAt(local - 1) === 0x3a /* : */;
  }

  /** Skip to the end of a construct closed by `terminator`. */
  private until(lt: number, terminator: string, skip: number, last: boolean): number {
    const from = this.pending ? Math.max(lt + skip, this.pending.searchFrom - this.base) : lt + skip;
    const end = this.buf.indexOf(terminator, from);
    if (end < 0) {
      // Next time, search only the new text (minus an overlap for a terminator cut in two).
      this.pending = { at: this.base + lt, searchFrom: this.base + Math.max(lt + skip, this.buf.length - terminator.length + 1) };
      return last ? this.buf.length : -1;
    }
    return end + terminator.length;
  }

  /** `<!DOCTYPE …>` with an optional internal subset `[…]` holding quoted strings. */
  private declaration(lt: number, last: boolean): number {
    const buf = this.buf;
    let bracket = 0;
    let quote = 0;
    for (let i = lt + 2; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x5b) bracket++;
      else if (c === 0x5d) bracket--;
      else if (c === 0x3e && bracket <= 0) return i + 1;
    }
    return last ? buf.length : -1;
  }

  private startTag(name: string, lt: number, after: number, selfClosing: boolean, events: XmlScanEvent[]): void {
    const abs = this.base + lt;
    if (this.state === 'prolog') {
      this.rootName = name;
      this.state = selfClosing ? 'epilog' : 'root';
      events.push({ type: 'root', name, attributes: readAttributes(this.buf.slice(lt + 1 + name.length, after - (selfClosing ? 2 : 1))), ...this.positionAt(abs) });
      return;
    }
    if (this.state === 'epilog') return;
    const record = this.record;
    const isRecordName = localName(name) === this.recordName;
    if (record) {
      if (isRecordName && record.isRecordName) {
        // `<entry` inside an entry: the open one was never closed. Cut it here and go on.
        this.emit(record, abs, events, true);
        this.issue('XML_RECOVERED', `<${record.name}> number ${record.index} was not closed before the next <${name}>; it was cut there`, abs);
      } else {
        if (!selfClosing) record.depth++;
        return;
      }
    }
    const index = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, index);
    const opened: OpenRecord = { name, isRecordName, start: abs, index, depth: 0, ...this.positionAt(abs) };
    if (selfClosing) this.emit(opened, this.base + after, events, false);
    else this.record = opened;
  }

  private endTag(name: string, abs: number, after: number, events: XmlScanEvent[]): void {
    if (this.state !== 'root') return;
    const record = this.record;
    if (record) {
      if (record.isRecordName) {
        if (localName(name) === this.recordName) this.emit(record, after, events, false);
        else if (name === this.rootName) this.closeRootInside(record, abs, events);
        return;
      }
      if (record.depth > 0) {
        record.depth--;
        return;
      }
      if (name === this.rootName && record.name !== this.rootName) {
        this.closeRootInside(record, abs, events);
        return;
      }
      this.emit(record, after, events, false);
      return;
    }
    if (name === this.rootName) this.state = 'epilog';
    else this.issue('XML_RECOVERED', `stray end tag </${name}> between the feed's elements was ignored`, abs);
  }

  private closeRootInside(record: OpenRecord, abs: number, events: XmlScanEvent[]): void {
    this.emit(record, abs, events, true);
    this.issue('XML_RECOVERED', `<${record.name}> number ${record.index} was not closed before </${this.rootName}>; it was cut there`, abs);
    this.state = 'epilog';
  }

  private emit(record: OpenRecord, endAbs: number, events: XmlScanEvent[], unterminated: boolean): void {
    const xml = this.buf.slice(record.start - this.base, endAbs - this.base);
    const out: XmlRecord = { name: record.name, xml, index: record.index, line: record.line, column: record.column, offset: record.start };
    if (unterminated) out.unterminated = true;
    if (this.unclean.isClean(record.start, endAbs)) out.clean = true;
    events.push({ type: 'record', record: out });
    if (this.record === record) this.record = undefined;
  }
}

/** Index just after a tag name that starts before `from`: the next white space, `/` or `>`. */
function nameEndAt(buf: string, from: number): number {
  let i = from;
  for (; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 0x3e /* > */ || c === 0x2f /* / */ || c <= 0x20) break;
  }
  return i;
}

/** Index of the `>` that ends the tag, searching from `from` and skipping quoted attribute values; -1 if not in `buf` yet. */
function tagEnd(buf: string, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 0x3e /* > */) return i;
    // `<` inside a tag: the tag was never closed (`<p <b>`); end it there so cutting goes on.
    if (c === 0x3c /* < */) return i - 1;
    if (c === 0x22 || c === 0x27) {
      const close = buf.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Where the attributes of a start tag's inside (` rel='alternate' href="…"`) are: four numbers
 * each, in order (name start and end, raw value start and end; -1, -1 for a name without a
 * value). Forgiving: an unquoted value runs to the next space, an unclosed quote to the end.
 * `readAttributes` and `attributeIn` read them.
 */
export function attributeSpans(inside: string): number[] {
  const spans: number[] = [];
  const n = inside.length;
  let i = 0;
  while (i < n) {
    let c = inside.charCodeAt(i);
    // A stray `>` (a damaged tag whose quotes do not pair) is skipped like white space: the name
    // loop below stops at it, and stopping without moving on looped forever.
    if (c <= 0x20 || c === 0x2f /* / */ || c === 0x3d /* = */ || c === 0x22 || c === 0x27 || c === 0x3e /* > */) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && (c = inside.charCodeAt(i)) > 0x20 && c !== 0x3d && c !== 0x2f && c !== 0x3e) i++;
    const nameEnd = i;
    while (i < n && inside.charCodeAt(i) <= 0x20) i++;
    if (inside.charCodeAt(i) !== 0x3d) {
      spans.push(nameStart, nameEnd, -1, -1);
      continue;
    }
    i++;
    while (i < n && inside.charCodeAt(i) <= 0x20) i++;
    const quote = inside.charCodeAt(i);
    if (quote === 0x22 || quote === 0x27) {
      const close = inside.indexOf(quote === 0x22 ? '"' : "'", i + 1);
      const stop = close < 0 ? n : close;
      spans.push(nameStart, nameEnd, i + 1, stop);
      i = stop + 1;
    } else {
      const from = i;
      while (i < n && inside.charCodeAt(i) > 0x20) i++;
      spans.push(nameStart, nameEnd, from, i);
    }
  }
  return spans;
}

/** Attributes of a start tag's inside, values entity-decoded; a name without a value gets ''. */
export function readAttributes(inside: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const spans = attributeSpans(inside);
  for (let k = 0; k < spans.length; k += 4) {
    const valueStart = spans[k + 2]!;
    attributes[inside.slice(spans[k], spans[k + 1])] = valueStart < 0 ? '' : decodeXmlEntities(inside.slice(valueStart, spans[k + 3]));
  }
  return attributes;
}

/**
 * One attribute, found by its spans: what `readAttributes(inside)[name]` gives, for a name that
 * is not an Object.prototype property (`rel`, `href` …), without building the object (an entry's
 * reader asks for two or three attributes of each of a dozen elements). When a name is given
 * twice, the last one wins, as there.
 */
export function attributeIn(inside: string, spans: readonly number[], wanted: string): string | undefined {
  for (let k = spans.length - 4; k >= 0; k -= 4) {
    const nameStart = spans[k]!;
    if (spans[k + 1]! - nameStart !== wanted.length || !inside.startsWith(wanted, nameStart)) continue;
    const valueStart = spans[k + 2]!;
    return valueStart < 0 ? '' : decodeXmlEntities(inside.slice(valueStart, spans[k + 3]));
  }
  return undefined;
}

/**
 * Decode XML's five entities and character references, once (`&amp;lt;` → `&lt;`). Unknown
 * entities (`&nbsp;` in a careless export) stay as written: inside HTML content that is still
 * right. References to characters XML forbids (`&#1;`) are dropped.
 *
 * A hand-written loop rather than `replace` with a callback: bodies are escaped HTML with an
 * entity every few characters, and this is three times faster on them.
 */
export function decodeXmlEntities(text: string): string {
  const amp = text.indexOf('&');
  if (amp < 0) return text;
  if (text.length >= LONG_TEXT && LITTLE_ENDIAN) return decodeLongText(text, amp);
  return decodeFrom(text, amp);
}

function decodeFrom(text: string, first: number): string {
  let amp = first;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    let replacement: string | undefined;
    let length = 0;
    const c = text.charCodeAt(amp + 1);
    if (c === 0x6c /* l */ && text.startsWith('t;', amp + 2)) {
      replacement = '<';
      length = 4;
    } else if (c === 0x67 /* g */ && text.startsWith('t;', amp + 2)) {
      replacement = '>';
      length = 4;
    } else if (c === 0x61 /* a */ && text.startsWith('mp;', amp + 2)) {
      replacement = '&';
      length = 5;
    } else if (c === 0x71 /* q */ && text.startsWith('uot;', amp + 2)) {
      replacement = '"';
      length = 6;
    } else if (c === 0x61 /* a */ && text.startsWith('pos;', amp + 2)) {
      replacement = "'";
      length = 6;
    } else if (c === 0x23 /* # */) {
      const semi = text.indexOf(';', amp + 2);
      const reference = semi > 0 && semi - amp <= 10 ? CHARACTER_REFERENCE.exec(text.slice(amp + 2, semi)) : null;
      if (reference) {
        const code = reference[1] ? Number.parseInt(reference[1], 10) : Number.parseInt(reference[2]!, 16);
        replacement = isXmlChar(code) ? String.fromCodePoint(code) : '';
        length = semi - amp + 1;
      }
    }
    if (replacement !== undefined) {
      out += text.slice(last, amp) + replacement;
      last = amp + length;
    }
    amp = text.indexOf('&', amp + 1);
  }
  return out + text.slice(last);
}

/**
 * Bodies (escaped HTML, an entity every few characters) are decoded in place in a buffer of
 * UTF-16 units: the loop above builds a rope of two joins per entity that must be flattened
 * afterwards, which costs a third more time and makes most of a read's garbage. The units go in
 * and come out unchanged (lone surrogates too); the five named entities are replaced exactly as
 * above, and a text with a character reference (`&#…;`) is left to the loop above.
 */
const LONG_TEXT = 256;
/** Uint16Array is in the machine's byte order; Buffer's utf16le is little-endian. */
const LITTLE_ENDIAN = endianness() === 'LE';
/** Kept between calls up to this size (a bigger text gets a buffer of its own). */
const SCRATCH_KEPT = 1 << 20;
let scratch = Buffer.allocUnsafeSlow(1 << 16);
let scratchUnits = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1);

function decodeLongText(text: string, first: number): string {
  const n = text.length;
  let bytes = scratch;
  let units = scratchUnits;
  if (n * 2 > bytes.length) {
    bytes = Buffer.allocUnsafeSlow(n * 2);
    units = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    if (bytes.length <= SCRATCH_KEPT) {
      scratch = bytes;
      scratchUnits = units;
    }
  }
  bytes.write(text, 0, 'utf16le');
  let out = first;
  for (let i = first; i < n; ) {
    const c = units[i]!;
    if (c !== 0x26 /* & */) {
      units[out++] = c;
      i++;
      continue;
    }
    // Reads past the text's end find the next text's leftovers, not undefined: bound them.
    const c1 = i + 1 < n ? units[i + 1] : 0;
    const c2 = i + 2 < n ? units[i + 2] : 0;
    const c3 = i + 3 < n ? units[i + 3] : 0;
    const c4 = i + 4 < n ? units[i + 4] : 0;
    const c5 = i + 5 < n ? units[i + 5] : 0;
    if (c1 === 0x6c /* l */ && c2 === 0x74 /* t */ && c3 === 0x3b /* ; */) {
      units[out++] = 0x3c; // <
      i += 4;
    } else if (c1 === 0x67 /* g */ && c2 === 0x74 /* t */ && c3 === 0x3b) {
      units[out++] = 0x3e; // >
      i += 4;
    } else if (c1 === 0x61 /* a */ && c2 === 0x6d /* m */ && c3 === 0x70 /* p */ && c4 === 0x3b) {
      units[out++] = 0x26; // &
      i += 5;
    } else if (c1 === 0x71 /* q */ && c2 === 0x75 /* u */ && c3 === 0x6f /* o */ && c4 === 0x74 /* t */ && c5 === 0x3b) {
      units[out++] = 0x22; // "
      i += 6;
    } else if (c1 === 0x61 /* a */ && c2 === 0x70 /* p */ && c3 === 0x6f /* o */ && c4 === 0x73 /* s */ && c5 === 0x3b) {
      units[out++] = 0x27; // '
      i += 6;
    } else if (c1 === 0x23 /* # */) {
      return decodeFrom(text, first);
    } else {
      units[out++] = c;
      i++;
    }
  }
  return bytes.toString('utf16le', 0, out * 2);
}

/**
 * `decodeXmlEntities(bytes.toString('utf8', start, end))` for valid UTF-8 bytes, with the five
 * named entities replaced in the bytes, before the one decoding: a post's body (escaped HTML, an
 * entity every few characters) is then decoded once, not decoded, copied to UTF-16 units and
 * decoded again. In UTF-8 every byte of a longer character is above 0x7F, so an ASCII `&…;` in
 * the bytes is the same `&…;` in the text, and the one ASCII byte put for it the same character.
 * A text with a character reference (`&#…;`) is left to `decodeXmlEntities`.
 */
export function decodeXmlEntitiesOfBytes(buffer: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n > byteScratch.length) {
    const bigger = Buffer.allocUnsafeSlow(n);
    const biggerBytes = new Uint8Array(bigger.buffer, bigger.byteOffset, n);
    if (n > SCRATCH_KEPT) return decodeBytesInto(buffer, start, end, bigger, biggerBytes) ?? decodeXmlEntities(buffer.toString('utf8', start, end));
    byteScratch = bigger;
    byteScratchBytes = biggerBytes;
  }
  return decodeBytesInto(buffer, start, end, byteScratch, byteScratchBytes) ?? decodeXmlEntities(buffer.toString('utf8', start, end));
}

/** The loop of `decodeXmlEntitiesOfBytes`; undefined for a text with a character reference. */
function decodeBytesInto(buffer: Buffer, start: number, end: number, into: Buffer, out: Uint8Array): string | undefined {
  // Plain typed arrays (not Buffers), the text's own view: a read past its end is undefined,
  // which matches no entity, so the reads need no bounds of their own. (No search for the first
  // `&` nor copy up to it: each call into C++ costs more than the bytes it would save looking at.)
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + start, end - start);
  const n = bytes.length;
  let o = 0;
  let i = 0;
  for (;;) {
    // The bytes up to the next `&`, in a loop of their own (the engine keeps it tight).
    let c = 0;
    while (i < n && (c = bytes[i]!) !== 0x26 /* & */) {
      out[o++] = c;
      i++;
    }
    if (i >= n) break;
    const c1 = bytes[i + 1];
    const c2 = bytes[i + 2];
    const c3 = bytes[i + 3];
    if (c1 === 0x6c /* l */ && c2 === 0x74 /* t */ && c3 === 0x3b /* ; */) {
      out[o++] = 0x3c; // <
      i += 4;
    } else if (c1 === 0x67 /* g */ && c2 === 0x74 /* t */ && c3 === 0x3b) {
      out[o++] = 0x3e; // >
      i += 4;
    } else if (c1 === 0x61 /* a */ && c2 === 0x6d /* m */ && c3 === 0x70 /* p */ && bytes[i + 4] === 0x3b) {
      out[o++] = 0x26; // &
      i += 5;
    } else if (c1 === 0x71 /* q */ && c2 === 0x75 /* u */ && c3 === 0x6f /* o */ && bytes[i + 4] === 0x74 /* t */ && bytes[i + 5] === 0x3b) {
      out[o++] = 0x22; // "
      i += 6;
    } else if (c1 === 0x61 /* a */ && c2 === 0x70 /* p */ && c3 === 0x6f /* o */ && bytes[i + 4] === 0x73 /* s */ && bytes[i + 5] === 0x3b) {
      out[o++] = 0x27; // '
      i += 6;
    } else if (c1 === 0x23 /* # */) {
      return undefined;
    } else {
      out[o++] = 0x26; // a lone `&`, kept
      i++;
    }
  }
  return into.toString('utf8', 0, o);
}

/** `decodeXmlEntitiesOfBytes`' output, kept between calls up to `SCRATCH_KEPT` bytes. */
let byteScratch = Buffer.allocUnsafeSlow(1 << 16);
/** The same, as a plain typed array (see `decodeBytesInto`). */
let byteScratchBytes = new Uint8Array(byteScratch.buffer, byteScratch.byteOffset, byteScratch.length);

const CHARACTER_REFERENCE = /^(?:(\d{1,7})|[xX]([0-9a-fA-F]{1,6}))$/;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/**
 * A copy of `text` that does not keep the string it was sliced from alive: V8 makes a slice of a
 * long string a view into it, so one kept 40-character id would pin the whole text around it.
 * (A JSON round trip is the cheapest reliable flat copy; `(' ' + s).slice(1)` can stay a view.)
 */
export function copyString(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
