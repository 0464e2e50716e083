/**
 * A byte store for readers that spills to a temporary file: what a reader must hold until later
 * in the read (a 100,000-post Blogger export's 170,000 comments, waiting for their posts) costs
 * one block of memory instead of its full size. The file is removed as soon as it is opened
 * where the system allows (so a crash leaves nothing behind), and otherwise when the store closes.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteStore } from '../readers/common/byteStore.js';

/** Bytes gathered in memory before they are appended to the file. */
const BLOCK_BYTES = 1024 * 1024;
/**
 * Bytes read at once when a string is fetched back: its length and, for almost every comment,
 * the whole string in one read instead of two (17,000 comments: 34,000 reads became 17,000).
 * What is read is kept, and the strings after it are served from it: comments are mostly fetched
 * in the order they were kept (an export lists a post's comments together, and posts in order),
 * so one read serves many of them.
 */
const READ_BYTES = 8 * 1024;

export function fileByteStore(directory = tmpdir()): ByteStore {
  let folder: string | undefined;
  let fd: number | undefined;
  let unlinked = false;
  /** Bytes already in the file. */
  let flushed = 0;
  let block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  const window = Buffer.allocUnsafe(READ_BYTES);
  /** Where in the file `window` was read from, and how many bytes it holds (none at first). */
  let windowStart = 0;
  let windowBytes = 0;

  const open = (): number => {
    if (fd !== undefined) return fd;
    folder = mkdtempSync(join(directory, 'blogport-'));
    const path = join(folder, 'scratch');
    fd = openSync(path, 'w+', 0o600);
    try {
      unlinkSync(path);
      rmSync(folder, { recursive: true, force: true });
      unlinked = true;
    } catch {
      // Windows keeps open files: removed on close instead.
    }
    return fd;
  };
  const flush = (): void => {
    if (used === 0) return;
    writeSync(open(), block, 0, used, flushed);
    flushed += used;
    used = 0;
  };

  return {
    put(value) {
      // Room for the most its UTF-8 can take (3 bytes a UTF-16 unit), rather than a pass to count it.
      const most = value.length * 3;
      if (used + most + 4 > block.length) {
        flush();
        if (most + 4 > block.length) block = Buffer.allocUnsafe(most + 4);
      }
      const bytes = block.write(value, used + 4, 'utf8');
      block.writeUInt32LE(bytes, used);
      const handle = flushed + used;
      used += bytes + 4;
      return handle;
    },
    get(handle) {
      if (handle >= flushed) {
        const offset = handle - flushed;
        const bytes = block.readUInt32LE(offset);
        return block.toString('utf8', offset + 4, offset + 4 + bytes);
      }
      // Strings end to end: the window may hold the start of the next one, or stop at the file's end.
      // (What is in the file never changes: it is only appended to.)
      let at = handle - windowStart;
      if (at < 0 || at + 4 > windowBytes || at + 4 + window.readUInt32LE(at) > windowBytes) {
        windowBytes = readSync(fd!, window, 0, READ_BYTES, handle);
        windowStart = handle;
        at = 0;
      }
      const bytes = window.readUInt32LE(at);
      if (at + 4 + bytes <= windowBytes) return window.toString('utf8', at + 4, at + 4 + bytes);
      const data = Buffer.allocUnsafe(bytes);
      const got = windowBytes - 4;
      window.copy(data, 0, 4, windowBytes);
      readSync(fd!, data, got, bytes - got, handle + 4 + got);
      return data.toString('utf8');
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      if (folder && !unlinked) rmSync(folder, { recursive: true, force: true });
      fd = undefined;
      block = Buffer.alloc(0);
      used = 0;
    },
  };
}
