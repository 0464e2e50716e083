import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { detectReader } from '../readers/index.js';
import { openInput } from '../readers/input.js';

/** Inputs at least this large get the tighter heap policy below. */
export const TUNE_FROM_BYTES = 256 * 1024 * 1024;
/**
 * Plain-text dumps get it from this size: their posts render on a worker thread, and with a
 * second heap the 100 MB dump peaked at 204–217 MB by default, 179–180 MB with the policy, which
 * cost it about a tenth more time (a Blogger export of that size lost as much, so only text).
 */
export const TUNE_TEXT_FROM_BYTES = 64 * 1024 * 1024;

/**
 * V8 lets the heap grow to a multiple of what is alive after each full collection, and on a
 * streaming run almost everything allocated is short-lived: the heap of a 100,000-post export
 * (775 MB) grew to about half a gigabyte of garbage, though less than a tenth of it was ever
 * alive. A growing factor of 1.2 keeps the heap near the live data (peak RSS 264 MB instead of
 * 693 MB) without the hard limit `--max-old-space-size` would impose. It costs GC time — a third
 * more wall time on a 100 MB folder of pages, whose default peak is modest anyway — so only
 * inputs of a size where the default heap would grow past a few hundred megabytes get it.
 * The CLI only: a library must not change its host's heap policy. The user's own flags win.
 */
export function tuneHeapForStreaming(
  inputBytes: number,
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
  textBytes = 0,
): boolean {
  if (inputBytes < TUNE_FROM_BYTES && textBytes < TUNE_TEXT_FROM_BYTES) return false;
  if (/--(?:heap-growing-percent|max-old-space-size|max-heap-size)\b/.test(`${nodeOptions} ${execArgv.join(' ')}`)) return false;
  setFlagsFromString('--heap-growing-percent=20');
  return true;
}

/** Total size of the inputs that are files (folders and missing paths count nothing here). */
export function inputBytes(paths: readonly string[]): number {
  let total = 0;
  for (const path of paths) {
    try {
      const info = statSync(path);
      if (info.isFile()) total += info.size;
    } catch {
      // Reported by convert, with the others still converted.
    }
  }
  return total;
}

/** Total size of the inputs that are large plain-text dumps (as auto-detection sees them). */
export async function textInputBytes(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    try {
      if (statSync(path).size < TUNE_TEXT_FROM_BYTES) continue;
      const input = await openInput(path);
      if (input.kind === 'file' && detectReader(input).name === 'text') total += input.size;
    } catch {
      // Not readable or not recognised: reported by convert.
    }
  }
  return total;
}
