import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputBytes, textInputBytes, tuneHeapForStreaming, TUNE_FROM_BYTES, TUNE_TEXT_FROM_BYTES } from '../../src/cli/heap.js';

describe('heap tuning for streaming runs', () => {
  it('leaves small inputs to V8 (a tighter heap only costs GC time there)', () => {
    expect(tuneHeapForStreaming(TUNE_FROM_BYTES - 1, [], '')).toBe(false);
  });

  it("leaves the user's own heap settings alone", () => {
    expect(tuneHeapForStreaming(TUNE_FROM_BYTES, [], '--max-old-space-size=4096')).toBe(false);
    expect(tuneHeapForStreaming(TUNE_FROM_BYTES, ['--heap-growing-percent=50'], '')).toBe(false);
  });

  it('sets a small growing factor for a large input', () => {
    expect(tuneHeapForStreaming(TUNE_FROM_BYTES, ['--enable-source-maps'], '')).toBe(true);
  });

  it('tightens the heap for a large plain-text dump from a quarter of that size (its posts render on a worker)', () => {
    expect(tuneHeapForStreaming(TUNE_TEXT_FROM_BYTES, [], '', TUNE_TEXT_FROM_BYTES)).toBe(true);
    expect(tuneHeapForStreaming(TUNE_TEXT_FROM_BYTES, [], '', TUNE_TEXT_FROM_BYTES - 1)).toBe(false);
  });

  it('counts only large inputs that auto-detection reads as plain-text dumps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blogport-heap-'));
    const post = 'Sunday, 1 March 2015\n\nA title\n\nSome words of the post.\n\n';
    const dump = join(dir, 'dump.txt');
    writeFileSync(dump, post.repeat(Math.ceil(TUNE_TEXT_FROM_BYTES / post.length)));
    const notText = join(dir, 'page.html');
    writeFileSync(notText, `<!DOCTYPE html><html><body>${'<p>x</p>'.repeat(TUNE_TEXT_FROM_BYTES / 8)}</body></html>`);
    const small = join(dir, 'small.txt');
    writeFileSync(small, post);
    expect(await textInputBytes([dump, notText, small, join(dir, 'missing.txt')])).toBeGreaterThanOrEqual(TUNE_TEXT_FROM_BYTES);
    expect(await textInputBytes([notText, small])).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sums the sizes of the inputs that are files', () => {
    expect(inputBytes(['package.json', 'src', 'no-such-file'])).toBeGreaterThan(100);
  });
});
