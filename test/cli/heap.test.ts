import { describe, expect, it } from 'vitest';
import { inputBytes, tuneHeapForStreaming, TUNE_FROM_BYTES } from '../../src/cli/heap.js';

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

  it('sums the sizes of the inputs that are files', () => {
    expect(inputBytes(['package.json', 'src', 'no-such-file'])).toBeGreaterThan(100);
  });
});
