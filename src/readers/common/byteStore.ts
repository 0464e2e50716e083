/**
 * Where a reader keeps what it must hold until later in the same read (a Blogger export's
 * comments, waiting for posts that come after them). The library's default keeps it in memory,
 * packed; `convert` hands readers a store that spills to a temporary file (src/write/scratch.ts),
 * so an export of any size reads in flat memory.
 */
export interface ByteStore {
  /** Keep a string; returns its handle. */
  put(value: string): number;
  /** The string kept under a handle. */
  get(handle: number): string;
  /** Release what the store holds. */
  close(): void;
}

/** Size of each block of the in-memory store. */
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Strings as UTF-8 in large blocks: about their own size in memory. As JS strings (which V8 keeps
 * as trees of pieces when built by concatenation) they cost three to four times that.
 */
export function memoryByteStore(): ByteStore {
  const blocks: Buffer[] = [];
  let used = BLOCK_BYTES;
  return {
    put(value) {
      // Room for the most its UTF-8 can take (3 bytes a UTF-16 unit), rather than a pass to count it.
      const most = value.length * 3;
      if (used + most + 4 > BLOCK_BYTES) {
        blocks.push(Buffer.allocUnsafe(Math.max(BLOCK_BYTES, most + 4)));
        used = 0;
      }
      const block = blocks[blocks.length - 1]!;
      const bytes = block.write(value, used + 4, 'utf8');
      block.writeUInt32LE(bytes, used);
      const handle = (blocks.length - 1) * BLOCK_BYTES + used;
      used += bytes + 4;
      return handle;
    },
    get(handle) {
      const block = blocks[Math.floor(handle / BLOCK_BYTES)]!;
      const offset = handle % BLOCK_BYTES;
      const bytes = block.readUInt32LE(offset);
      return block.toString('utf8', offset + 4, offset + 4 + bytes);
    },
    close() {
      blocks.length = 0;
    },
  };
}
