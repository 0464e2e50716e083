import { describe, expect, it } from 'vitest';
import { tuneHeapForStreaming } from '../../src/cli/heap.js';

describe('heap tuning for streaming runs', () => {
  it("leaves the user's own heap settings alone", () => {
    expect(tuneHeapForStreaming('--max-old-space-size=4096', [])).toBe(false);
    expect(tuneHeapForStreaming('', ['--heap-growing-percent=50'])).toBe(false);
  });

  it('otherwise sets a small growing factor', () => {
    expect(tuneHeapForStreaming('--enable-source-maps', [])).toBe(true);
  });
});
