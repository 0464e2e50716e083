import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { decodeSample } from '../common/decode.js';
import type { ReaderInput } from '../reader.js';
import { isZip } from './sources.js';

/** A Blogger export (either format), recognised by its namespaces and markers. */
const EXPORT_CONFIDENCE = 0.95;
/** A Takeout folder or ZIP with a Blogger feed.atom inside. */
const TAKEOUT_CONFIDENCE = 0.9;
/** Blogger's public feed (`/feeds/posts/default`): readable, but only recent published posts. */
const PUBLIC_FEED_CONFIDENCE = 0.6;
/**
 * A folder laid out as a Takeout (`Blogs/<blog>/feed.atom`) whose feed does not start like one:
 * damaged (a stray BOM, garbage bytes). Still the Blogger reader's, above a folder of saved pages,
 * so the user hears what is wrong with that feed rather than "no HTML pages".
 */
const DAMAGED_TAKEOUT_CONFIDENCE = 0.5;

/**
 * How sure we are that the input is a Blogger export. Never decided by the file name: only
 * namespaces and markers in the first bytes (the root `<feed>` in Atom's namespace, plus the
 * classic kind categories or Takeout's `blogger` namespace), a bounded look into a folder, or the
 * file names inside a ZIP.
 */
export function detectBlogger(input: Pick<ReaderInput, 'name' | 'sample' | 'kind' | 'path'>): number {
  if (input.kind === 'directory') return input.path ? takeoutFeedIn(input.path) : 0;
  if (isZip(input.sample)) return zipHasBlogger(input.sample, input.path) ? TAKEOUT_CONFIDENCE : 0;
  return sniffFeed(input.sample);
}

/** What the first bytes of an XML file say: a Blogger export, Blogger's public feed, or neither. */
export function sniffFeed(sample: Uint8Array): number {
  const text = decodeSample(sample);
  if (!/<(?:[\w.-]+:)?feed\b[^>]*=\s*["']http:\/\/www\.w3\.org\/2005\/Atom["']/.test(text)) return 0;
  if (text.includes('schemas.google.com/blogger/2008/kind#') || text.includes('http://schemas.google.com/blogger/2018')) {
    return EXPORT_CONFIDENCE;
  }
  if (/<id>\s*tag:blogger\.com,1999:blog-\d+/.test(text) || />\s*Blogger\s*<\/generator>/.test(text)) return PUBLIC_FEED_CONFIDENCE;
  return 0;
}

/** Directory entries a folder detection looks at before giving up, so a huge tree stays cheap. */
const WALK_BUDGET = 2000;
const WALK_DEPTH = 4;

/**
 * A feed.atom at most four folders down (`Takeout/Blogger/Blogs/<blog>/feed.atom`) whose start
 * says Blogger; failing that, one in a `Blogs/<blog>/` folder, which only a Takeout has.
 */
function takeoutFeedIn(root: string): number {
  let budget = WALK_BUDGET;
  let level = [root];
  let damaged = false;
  for (let depth = 0; depth <= WALK_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (--budget < 0) return damaged ? DAMAGED_TAKEOUT_CONFIDENCE : 0;
        if (entry.isFile() && entry.name === 'feed.atom') {
          if (sniffFeed(readStart(join(folder, entry.name), 4096)) > 0) return TAKEOUT_CONFIDENCE;
          damaged ||= basename(dirname(folder)) === 'Blogs';
        }
        if (entry.isDirectory()) next.push(join(folder, entry.name));
      }
    }
    level = next;
  }
  return damaged ? DAMAGED_TAKEOUT_CONFIDENCE : 0;
}

function readStart(path: string, length: number): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } catch {
    return new Uint8Array(0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const BLOGGER_PATH = /(^|\/)Blogger\/|(^|\/)feed\.atom$/;

/**
 * Whether a ZIP holds Blogger files: first the local headers in the sample, then (when the ZIP
 * is on disk) its central directory at the end — Takeout often starts with a large
 * archive_browser.html, so the Blogger files may lie past the sample.
 */
function zipHasBlogger(sample: Uint8Array, path: string | undefined): boolean {
  for (const name of localHeaderNames(sample)) if (BLOGGER_PATH.test(name)) return true;
  if (!path) return false;
  for (const name of centralDirectoryNames(path)) if (BLOGGER_PATH.test(name)) return true;
  return false;
}

function* localHeaderNames(bytes: Uint8Array): Generator<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 30 <= bytes.length && view.getUint32(at, true) === 0x04034b50) {
    const flags = view.getUint16(at + 6, true);
    const compressed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    if (at + 30 + nameLength > bytes.length) return;
    yield Buffer.from(bytes.subarray(at + 30, at + 30 + nameLength)).toString('utf8');
    // With a data descriptor (flag bit 3) the size is not in the header: the next header cannot be found.
    if (flags & 0x08) return;
    at += 30 + nameLength + extraLength + compressed;
  }
}

/** Largest central directory read during detection (names of ~50,000 files). */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;

function centralDirectoryNames(path: string): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    readSync(fd, tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tail.length) return [];
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    // ZIP64 archives mark these 0xFFFFFFFF; their (rare, huge) directories are not read here.
    if (directoryOffset === 0xffffffff || directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > size) return [];
    const directory = Buffer.alloc(directorySize);
    readSync(fd, directory, 0, directorySize, directoryOffset);
    const names: string[] = [];
    let at = 0;
    while (at + 46 <= directory.length && directory.readUInt32LE(at) === 0x02014b50) {
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
