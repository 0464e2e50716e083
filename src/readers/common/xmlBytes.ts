/**
 * `scanXml`'s cut done on the bytes of a UTF-8 document, without decoding it: the first pass
 * over a big export only needs to know where each entry is and what kind it is, and decodes just
 * the few entries it reads (comments, settings). All of XML's markup is ASCII, and in UTF-8 no
 * byte of a longer character is ASCII, so the cut is the same as on the text, and a record's
 * bytes decode to the same text as its slice of the decoded document.
 *
 * It is a fast path, not a second scanner to keep in step: it gives the records `scanXml` gives
 * only for a document that scanner reads without a word — UTF-8 (no other encoding, no invalid
 * byte), complete, nothing to repair. When it meets anything else (a stray end tag, an entry left
 * open, a truncated file, a declared Latin-1 …) it stops with a `fallback` event, and the caller
 * reads the document again with `scanXml`, which reports it. So whatever `scanXml` warns about
 * keeps exactly its message, line and column.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { DECLARATION_BYTES, ForbiddenBytes, localName, readAttributes, readsAsPlainUtf8, UncleanRanges, type RecordText } from './xmlEntries.js';
import { BlogportError } from '../../model/errors.js';

export interface ByteRecord {
  /** The element's name as written (`entry`, `title`). */
  name: string;
  /** 1-based count of records of this name so far (entry numbers). */
  index: number;
  /** 1-based line of its `<`. */
  line: number;
  /** Where it is in the file, in bytes (a byte-order mark included): its `<`, and just after its end tag's `>`. */
  start: number;
  end: number;
  /** Set when it is known to hold no character XML forbids (see `XmlRecord.clean`). */
  clean?: boolean;
  /** Its bytes (a view into the chunk read around it). */
  bytes: Buffer;
}

/** Where a record is, to be cut out again by `sliceByteRecords`. */
export type ByteRecordRef = Omit<ByteRecord, 'bytes'>;

export type ByteScanEvent =
  | { type: 'root'; name: string; attributes: Record<string, string> }
  | { type: 'record'; record: ByteRecord }
  /** The document ended, complete. */
  | { type: 'end' }
  /**
   * The document is one this path does not read (always the last event): read it with `scanXml`.
   * Nothing after the events already given was looked at, but what they told may be incomplete.
   */
  | { type: 'fallback'; reason: string };

/** Thrown inside the cutter when the document needs `scanXml`. */
class Fallback {
  constructor(readonly reason: string) {}
}

/**
 * Cut a UTF-8 XML document into its root start tag and the root's children, streaming, a batch
 * of events per chunk read. Ends with `end`, or with `fallback` (see the module comment).
 */
export async function* scanXmlBytes(chunks: AsyncIterable<Uint8Array>, options: { encoding?: string; recordName?: string } = {}): AsyncGenerator<ByteScanEvent[]> {
  const cutter = new ByteCutter(options.recordName ?? 'entry');
  const utf8 = new Utf8Check();
  const forbidden = new ForbiddenBytes();
  let head: Buffer[] | undefined = [];
  let headLength = 0;
  const take = (bytes: Buffer, last: boolean): ByteScanEvent[] => {
    if (!utf8.valid(bytes, last)) throw new Fallback('bytes that are not UTF-8');
    const start = cutter.endAbs();
    if (forbidden.foundIn(bytes)) cutter.markUnclean(start, start + bytes.length);
    return cutter.push(bytes, last);
  };
  try {
    for await (const chunk of chunks) {
      let bytes = asBuffer(chunk);
      if (head) {
        // The encoding is judged on the same first bytes as scanXml's.
        head.push(bytes);
        headLength += bytes.length;
        if (headLength < DECLARATION_BYTES) continue;
        bytes = head.length === 1 ? bytes : Buffer.concat(head);
        head = undefined;
        if (!readsAsPlainUtf8(bytes, options.encoding)) throw new Fallback('not read as UTF-8');
      }
      const events = take(bytes, false);
      if (events.length > 0) yield events;
    }
    if (head) {
      const bytes = Buffer.concat(head);
      if (!readsAsPlainUtf8(bytes, options.encoding)) throw new Fallback('not read as UTF-8');
      const events = take(bytes, true);
      if (events.length > 0) yield events;
    } else {
      const events = take(Buffer.alloc(0), true);
      if (events.length > 0) yield events;
    }
    yield [cutter.finish()];
  } catch (error) {
    if (!(error instanceof Fallback)) throw error;
    yield [{ type: 'fallback', reason: error.reason }];
  }
}

/**
 * The records at known places, cut out of a second reading of the same document (in document
 * order), a batch per chunk read, undecoded: the reader decodes what it reads of them
 * (`byteRecordText` for all). A record's bytes are a view into the chunk read, valid until the
 * next batch is asked for.
 */
export async function* sliceByteRecords(chunks: AsyncIterable<Uint8Array>, refs: Iterable<ByteRecordRef>, options: { file: string }): AsyncGenerator<ByteRecord[]> {
  const changed = (where: string) =>
    new BlogportError('INPUT_UNREADABLE', `changed while it was being read (${where})`, { file: options.file }, 'convert a copy that nothing else is writing to');
  const wanted = refs[Symbol.iterator]();
  let next = wanted.next();
  if (next.done) return;
  /** The next wanted record's bytes so far, when it began in an earlier chunk. */
  let carry: Buffer[] = [];
  /** Absolute offset of the chunk's first byte. */
  let chunkStart = 0;
  /** The last record name met, as bytes (always `entry` in a feed). */
  let name = '';
  let nameBytes = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const bytes = asBuffer(chunk);
    const chunkEnd = chunkStart + bytes.length;
    const batch: ByteRecord[] = [];
    while (!next.done) {
      const ref = next.value;
      if (ref.start >= chunkEnd) break;
      if (ref.end > chunkEnd) {
        carry.push(ref.start >= chunkStart ? bytes.subarray(ref.start - chunkStart) : bytes);
        break;
      }
      const part = ref.start >= chunkStart ? bytes.subarray(ref.start - chunkStart, ref.end - chunkStart) : Buffer.concat([...carry, bytes.subarray(0, ref.end - chunkStart)]);
      carry = [];
      if (ref.name !== name) nameBytes = Buffer.from((name = ref.name));
      if (part[0] !== 0x3c /* < */ || !sameBytes(part, 1, nameBytes)) throw changed(`entry ${ref.index} is no longer where it was`);
      const record: ByteRecord = { name: ref.name, index: ref.index, line: ref.line, start: ref.start, end: ref.end, bytes: part };
      if (ref.clean) record.clean = true;
      batch.push(record);
      next = wanted.next();
    }
    if (batch.length > 0) yield batch;
    if (next.done) return;
    chunkStart = chunkEnd;
  }
  throw changed(`it now ends before entry ${next.value.index}`);
}

/** A record's place, without its bytes. */
export function byteRecordRef(record: ByteRecord): ByteRecordRef {
  const { name, index, line, start, end } = record;
  const ref: ByteRecordRef = { name, index, line, start, end };
  if (record.clean) ref.clean = true;
  return ref;
}

/** A record's text (its bytes decoded). */
export function byteRecordText(record: ByteRecord): RecordText {
  const text: RecordText = { name: record.name, xml: record.bytes.toString('utf8'), index: record.index, line: record.line };
  if (record.clean) text.clean = true;
  return text;
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Whether the bytes read so far are UTF-8; a character cut between two chunks is judged whole. */
class Utf8Check {
  /** The start of a character cut at the end of the last chunk (at most 3 bytes). */
  private tail: Buffer = Buffer.alloc(0);

  valid(bytes: Buffer, last: boolean): boolean {
    let from = 0;
    if (this.tail.length > 0) {
      // Finish the cut character with the first bytes of this chunk, and judge it alone.
      const need = sequenceLength(this.tail[0]!) - this.tail.length;
      if (bytes.length < need) {
        this.tail = Buffer.concat([this.tail, bytes]);
        return !last || isUtf8(this.tail);
      }
      if (!isUtf8(Buffer.concat([this.tail, bytes.subarray(0, need)]))) return false;
      from = need;
    }
    const cut = last ? bytes.length : completeUpTo(bytes, from);
    this.tail = Buffer.from(bytes.subarray(cut));
    return isUtf8(bytes.subarray(from, cut));
  }
}

/** Bytes of the character a lead byte starts (1 for anything else: the check of the rest judges it). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
}

/** Where a character not complete at the end of `bytes` starts (`bytes.length` when none is cut). */
function completeUpTo(bytes: Buffer, from: number): number {
  let i = bytes.length - 1;
  while (i >= from && i > bytes.length - 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < from) return bytes.length;
  return bytes.length - i < sequenceLength(bytes[i]!) ? i : bytes.length;
}

interface OpenRecord {
  name: string;
  isRecordName: boolean;
  /** Absolute offset of its `<`. */
  start: number;
  line: number;
  index: number;
  /** Nesting below the record element (not used for `recordName` records). */
  depth: number;
}

const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');
const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const PI_CLOSE = Buffer.from('?>');
/** Bytes of a new chunk joined to what is kept of the last one (see `push`). */
const JOIN_BYTES = 64 * 1024;

/**
 * `Cutter` (xmlEntries.ts) on bytes: the same states, the same decisions at each `<`, in the
 * same order; where the text scanner reports a repair, this one throws `Fallback`. Offsets named
 * `abs` count bytes from the start of the document; `buf` holds the bytes from `base` on.
 */
class ByteCutter {
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Absolute offset where scanning resumes. */
  private pos = 0;
  private state: 'prolog' | 'root' | 'epilog' = 'prolog';
  private rootName = '';
  private rootBytes: Buffer = Buffer.alloc(0);
  private readonly recordBytes: Buffer;
  private record: OpenRecord | undefined;
  /** An incomplete construct (`<!--` without `-->` yet) waiting for more bytes. */
  private pending: { at: number; searchFrom: number } | undefined;
  private readonly counts = new Map<string, number>();
  /** Byte ranges (absolute start, end, …, in order) that may hold characters XML forbids. */
  private readonly unclean = new UncleanRanges();
  // Newlines counted up to `counted`; `nextNewline` caches the first one at or after it (-1: not searched).
  private line = 1;
  private counted = 0;
  private nextNewline = -1;
  private newlineSearched = 0;

  /** The last bytes of the record's and the root's names (see `pass`). */
  private readonly recordLast: number;
  private rootLast = -1;

  constructor(private readonly recordName: string) {
    this.recordBytes = Buffer.from(recordName);
    this.recordLast = this.recordBytes[this.recordBytes.length - 1]!;
  }

  endAbs(): number {
    return this.base + this.buf.length;
  }

  markUnclean(start: number, end: number): void {
    this.unclean.mark(start, end);
  }

  /** Line of an absolute offset at or after every one asked before (records come in order). */
  private lineAt(abs: number): number {
    for (;;) {
      if (this.nextNewline < 0) {
        const nl = this.buf.indexOf(0x0a, Math.max(this.counted, this.newlineSearched) - this.base);
        if (nl < 0) {
          this.newlineSearched = this.base + this.buf.length;
          break;
        }
        this.nextNewline = this.base + nl;
      }
      if (this.nextNewline >= abs) break;
      this.line++;
      this.counted = this.nextNewline + 1;
      this.nextNewline = -1;
    }
    this.counted = abs;
    return this.line;
  }

  push(bytes: Buffer, last: boolean): ByteScanEvent[] {
    this.dropBehind();
    const events: ByteScanEvent[] = [];
    if (this.buf.length === 0) {
      this.buf = bytes;
      this.scan(events, last);
      return events;
    }
    // What is kept (most often the start of an entry) is joined to the new bytes' start only,
    // not to all of them (a copy of every chunk): once that is scanned, what is kept usually
    // starts in the new bytes, which are then scanned where they are.
    const start = this.endAbs();
    const joined = Math.min(bytes.length, JOIN_BYTES);
    this.buf = Buffer.concat([this.buf, bytes.subarray(0, joined)]);
    this.scan(events, last && joined === bytes.length);
    if (joined === bytes.length) return events;
    if (this.keepFrom() >= start) {
      this.dropBehind();
      this.buf = bytes;
      this.base = start;
    } else {
      this.dropBehind();
      this.buf = Buffer.concat([this.buf, bytes.subarray(joined)]);
    }
    this.scan(events, last);
    return events;
  }

  /** Where the bytes still needed start: the scan's place, the open record's or construct's start. */
  private keepFrom(): number {
    return Math.min(this.pos, this.record?.start ?? Infinity, this.pending?.at ?? Infinity);
  }

  /** Forget the bytes before `keepFrom()` (after counting their lines). */
  private dropBehind(): void {
    const keep = this.keepFrom();
    if (keep <= this.base) return;
    this.lineAt(Math.max(keep, this.counted));
    this.buf = this.buf.subarray(Math.min(keep - this.base, this.buf.length));
    this.base = keep;
    this.unclean.dropBefore(keep);
  }

  finish(): ByteScanEvent {
    if (this.state !== 'epilog') throw new Fallback('not complete');
    return { type: 'end' };
  }

  private scan(events: ByteScanEvent[], last: boolean): void {
    const buf = this.buf;
    const base = this.base;
    let p = this.pos - base;
    for (;;) {
      if (this.pending) {
        const done = this.markup(this.pending.at - base, events, last);
        if (done < 0) break;
        this.pending = undefined;
        p = done;
        continue;
      }
      // (Text before the root tells scanXml why a document without one is not XML; here such a
      // document falls back, so the text is not looked at.)
      const lt = indexOfByte(buf, 0x3c, p);
      if (lt < 0) {
        p = buf.length;
        break;
      }
      if (this.record?.isRecordName) {
        // Inside an entry (most of a feed) only its end and a new entry matter: the tags that
        // cannot be either are passed here, the rest go the long way (`markup`).
        const skip = this.pass(buf, lt);
        if (skip > 0) {
          p = skip;
          continue;
        }
      }
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

  private markup(lt: number, events: ByteScanEvent[], last: boolean): number {
    const buf = this.buf;
    if (lt + 1 >= buf.length) return last ? lt + 1 : -1;
    const next = buf[lt + 1]!;
    if (next === 0x3f /* ? */) return this.until(lt, PI_CLOSE, 2, last);
    if (next === 0x21 /* ! */) {
      if (buf.length - lt < 9 && !last && (isPrefixAt(buf, lt, COMMENT_OPEN) || isPrefixAt(buf, lt, CDATA_OPEN))) return -1;
      if (startsWithAt(buf, lt, COMMENT_OPEN)) return this.until(lt, COMMENT_CLOSE, 4, last);
      if (startsWithAt(buf, lt, CDATA_OPEN)) return this.until(lt, CDATA_CLOSE, 9, last);
      return this.declaration(lt, last);
    }
    if (next === 0x2f /* / */) {
      const gt = indexOfByte(buf, 0x3e, lt + 2);
      if (gt < 0) return last ? buf.length : -1;
      this.endTag(lt + 2, gt, events);
      return gt + 1;
    }
    if (!isNameStartByte(next)) return lt + 1;
    const nameEnd = nameEndAt(buf, lt + 2);
    if (nameEnd === buf.length && !last) return -1;
    if (this.record?.isRecordName && !this.isRecordNameAt(lt + 1, nameEnd)) return nameEnd;
    const gt = tagEnd(buf, nameEnd);
    if (gt < 0) return last ? buf.length : -1;
    const selfClosing = buf[gt - 1] === 0x2f;
    this.startTag(lt, nameEnd, gt + 1, selfClosing, events);
    return gt + 1;
  }

  /**
   * Where scanning goes on after the tag at `lt` inside an entry, when it is plainly neither
   * the entry's end nor the start of another (nor a comment, CDATA, PI or anything cut off):
   * an end tag whose name ends in neither the record's nor the root's last letter (a name
   * `markup` would trim ends otherwise), or a start tag not named like the record. 0 otherwise.
   */
  private pass(buf: Buffer, lt: number): number {
    // A `<` last in the chunk goes the long way (checked, not read past the end: that throws
    // away the compiled scanner).
    if (lt + 1 >= buf.length) return 0;
    const c = buf[lt + 1]!;
    if (c === 0x2f /* / */) {
      const gt = indexOfByte(buf, 0x3e, lt + 2);
      if (gt < 0) return 0;
      const end = buf[gt - 1]!;
      return gt > lt + 2 && isPlainEdge(end) && end !== this.recordLast && end !== this.rootLast ? gt + 1 : 0;
    }
    if (!isNameStartByte(c)) return 0;
    const nameEnd = nameEndAt(buf, lt + 2);
    return nameEnd < buf.length && !this.isRecordNameAt(lt + 1, nameEnd) ? nameEnd : 0;
  }

  /** Whether `buf[start, end)` ends in the record name, with or without a prefix (`Cutter.isRecordNameAt`). */
  private isRecordNameAt(start: number, end: number): boolean {
    const name = this.recordBytes;
    const local = end - name.length;
    if (local < start || !sameBytes(this.buf, local, name)) return false;
    return local === start || this.buf[local - 1] === 0x3a /* : */;
  }

  /** Whether `localName` of the name in `buf[start, end)` is the record name. */
  private isRecordLocalName(start: number, end: number): boolean {
    const buf = this.buf;
    const name = this.recordBytes;
    if (end - start < name.length || buf[end - 1] !== name[name.length - 1]) return false;
    const colon = buf.indexOf(0x3a, start);
    const local = colon >= 0 && colon < end ? colon + 1 : start;
    return end - local === name.length && sameBytes(buf, local, name);
  }

  private until(lt: number, terminator: Buffer, skip: number, last: boolean): number {
    const from = this.pending ? Math.max(lt + skip, this.pending.searchFrom - this.base) : lt + skip;
    const end = this.buf.indexOf(terminator, from);
    if (end < 0) {
      this.pending = { at: this.base + lt, searchFrom: this.base + Math.max(lt + skip, this.buf.length - terminator.length + 1) };
      return last ? this.buf.length : -1;
    }
    return end + terminator.length;
  }

  private declaration(lt: number, last: boolean): number {
    const buf = this.buf;
    let bracket = 0;
    let quote = 0;
    for (let i = lt + 2; i < buf.length; i++) {
      const c = buf[i]!;
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x5b) bracket++;
      else if (c === 0x5d) bracket--;
      else if (c === 0x3e && bracket <= 0) return i + 1;
    }
    return last ? buf.length : -1;
  }

  private startTag(lt: number, nameEnd: number, after: number, selfClosing: boolean, events: ByteScanEvent[]): void {
    const buf = this.buf;
    const abs = this.base + lt;
    if (this.state === 'prolog') {
      const name = buf.toString('utf8', lt + 1, nameEnd);
      this.rootName = name;
      this.rootBytes = Buffer.from(name);
      this.rootLast = this.rootBytes[this.rootBytes.length - 1] ?? -1;
      this.state = selfClosing ? 'epilog' : 'root';
      events.push({ type: 'root', name, attributes: readAttributes(buf.toString('utf8', nameEnd, after - (selfClosing ? 2 : 1))) });
      return;
    }
    if (this.state === 'epilog') return;
    const record = this.record;
    if (record) {
      // `<entry` inside an entry: the open one was never closed (scanXml cuts it and says so).
      if (record.isRecordName && this.isRecordLocalName(lt + 1, nameEnd)) throw new Fallback('an entry not closed');
      if (!selfClosing) record.depth++;
      return;
    }
    const plain = nameEnd - lt - 1 === this.recordBytes.length && this.isRecordNameAt(lt + 1, nameEnd);
    const name = plain ? this.recordName : buf.toString('utf8', lt + 1, nameEnd);
    const isRecordName = plain || localName(name) === this.recordName;
    const index = (this.counts.get(name) ?? 0) + 1;
    this.counts.set(name, index);
    const opened: OpenRecord = { name, isRecordName, start: abs, index, depth: 0, line: this.lineAt(abs) };
    if (selfClosing) this.emit(opened, this.base + after, events);
    else this.record = opened;
  }

  private endTag(start: number, end: number, events: ByteScanEvent[]): void {
    if (this.state !== 'root') return;
    const record = this.record;
    const after = this.base + end + 1;
    if (record) {
      if (record.isRecordName) {
        if (this.endNameIs(start, end, 'record')) this.emit(record, after, events);
        else if (this.endNameIs(start, end, 'root')) throw new Fallback('an entry not closed before the end of the feed');
        return;
      }
      if (record.depth > 0) {
        record.depth--;
        return;
      }
      if (record.name !== this.rootName && this.endNameIs(start, end, 'root')) throw new Fallback('an element not closed before the end of the feed');
      this.emit(record, after, events);
      return;
    }
    if (this.endNameIs(start, end, 'root')) this.state = 'epilog';
    else throw new Fallback('a stray end tag');
  }

  /**
   * Whether an end tag's name (`buf[start, end)`, trimmed as `Cutter` trims it) is the record's
   * (by its local name) or the root's. Compared as bytes when nothing can be trimmed.
   */
  private endNameIs(start: number, end: number, which: 'record' | 'root'): boolean {
    const buf = this.buf;
    if (end > start && isPlainEdge(buf[start]!) && isPlainEdge(buf[end - 1]!)) {
      if (which === 'record') return this.isRecordLocalName(start, end);
      const root = this.rootBytes;
      return end - start === root.length && sameBytes(buf, start, root);
    }
    const name = buf.toString('utf8', start, end).trim();
    return which === 'record' ? localName(name) === this.recordName : name === this.rootName;
  }

  private emit(record: OpenRecord, endAbs: number, events: ByteScanEvent[]): void {
    const bytes = this.buf.subarray(record.start - this.base, endAbs - this.base);
    const out: ByteRecord = { name: record.name, index: record.index, line: record.line, start: record.start, end: endAbs, bytes };
    if (this.unclean.isClean(record.start, endAbs)) out.clean = true;
    events.push({ type: 'record', record: out });
    if (this.record === record) this.record = undefined;
  }
}

/**
 * `buf.indexOf(byte, from)`: the next few bytes are looked at here (tags sit close together
 * inside an entry), the rest by memchr (a post's body has no markup for kilobytes). Each call
 * into C++ costs as much as looking at dozens of bytes here.
 */
function indexOfByte(buf: Buffer, byte: number, from: number): number {
  const near = Math.min(buf.length, from + 32);
  for (let i = from; i < near; i++) if (buf[i] === byte) return i;
  return near === buf.length ? -1 : buf.indexOf(byte, near);
}

/** An ASCII byte that is not white space: nothing `trim` would take off. */
function isPlainEdge(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/**
 * `isNameStart` (xmlEntries.ts) of the character a byte starts, in valid UTF-8: a letter, `_` or
 * `:`, or a character from U+00C0 on (lead bytes C3 and up; C2 starts U+0080 to U+00BF).
 */
function isNameStartByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc3;
}

function nameEndAt(buf: Buffer, from: number): number {
  let i = from;
  for (; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x3e || c === 0x2f || c <= 0x20) break;
  }
  return i;
}

function tagEnd(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x3e) return i;
    if (c === 0x3c) return i - 1;
    if (c === 0x22 || c === 0x27) {
      const close = buf.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Whether `buf` holds `pattern` at `at` (a short name: compared here, not by a call into C++). */
function sameBytes(buf: Buffer, at: number, pattern: Buffer): boolean {
  if (at + pattern.length > buf.length) return false;
  for (let i = 0; i < pattern.length; i++) if (buf[at + i] !== pattern[i]) return false;
  return true;
}

function startsWithAt(buf: Buffer, at: number, pattern: Buffer): boolean {
  return sameBytes(buf, at, pattern);
}

/** Whether the bytes from `at` to the end (at most the pattern's length) begin the pattern. */
function isPrefixAt(buf: Buffer, at: number, pattern: Buffer): boolean {
  const n = Math.min(pattern.length, buf.length - at);
  for (let i = 0; i < n; i++) if (buf[at + i] !== pattern[i]) return false;
  return true;
}
