import type { Progress } from '../options.js';

/** Redraw at most this often: drawing is cheap, but not 20,000 times a second. */
const FRAME_MS = 100;
const BAR_WIDTH = 24;

/** A one-line progress bar on a terminal (stderr), erased when done. Only used on a TTY. */
export class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WritableStream & { columns?: number }) {}

  update(progress: Progress): void {
    const now = Date.now();
    if (now - this.last < FRAME_MS) return;
    this.last = now;
    const fraction = progress.bytesTotal > 0 ? Math.min(1, progress.bytesRead / progress.bytesTotal) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const files = progress.fileCount > 1 ? ` file ${progress.fileIndex + 1}/${progress.fileCount}` : '';
    let line = `${bar} ${Math.round(fraction * 100)
      .toString()
      .padStart(3)}%${files} ${progress.postsRead} posts  ${progress.file}`;
    const columns = this.stream.columns ?? 80;
    if (line.length > columns - 1) line = line.slice(0, columns - 1);
    this.stream.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
