import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryByteStore } from '../../src/readers/common/byteStore.js';
import { fileByteStore } from '../../src/write/scratch.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.each([
  ['file-backed', () => fileByteStore((dir = mkdtempSync(join(tmpdir(), 'blogport-scratch-test-'))))],
  ['in memory', () => memoryByteStore()],
])('%s byte store', (_, make) => {
  it('gives back every string, before and after blocks are flushed, including ones larger than a block', () => {
    const store = make();
    const values = Array.from({ length: 5000 }, (_, i) => `comment ${i} — ünïcödé ${'x'.repeat(i % 700)}`);
    // Around the size fetched in one read (8 KB with its 4-byte length), on both sides.
    for (const size of [8 * 1024 - 5, 8 * 1024 - 4, 8 * 1024 - 3, 8 * 1024, 20_000]) values.push(`${'é'.repeat(size >> 1)}${'w'.repeat(size & 1)}`, 'next');
    values.push('y'.repeat(3 * 1024 * 1024), '', 'last');
    const handles = values.map((v) => store.put(v));
    expect(handles.map((h) => store.get(h))).toEqual(values);
    // Reading in another order works too (posts come in any order).
    expect(store.get(handles[17]!)).toBe(values[17]);
    store.close();
  });

  it('gives back the right strings whatever the order they are asked for in, while more are kept', () => {
    const store = make();
    const values = Array.from({ length: 6000 }, (_, i) => `c${i} ${'ß'.repeat((i * 37) % 900)}`);
    const handles = values.slice(0, 3000).map((v) => store.put(v));
    // In order (one read serves several), backwards, by jumps, then after more were kept.
    for (let i = 0; i < 3000; i += 1) expect(store.get(handles[i]!)).toBe(values[i]);
    for (let i = 2999; i >= 0; i -= 7) expect(store.get(handles[i]!)).toBe(values[i]);
    for (let i = 0; i < 3000; i += 101) expect(store.get(handles[(i * 13) % 3000]!)).toBe(values[(i * 13) % 3000]);
    handles.push(...values.slice(3000).map((v) => store.put(v)));
    for (let i = 2900; i < 6000; i += 3) expect(store.get(handles[i]!)).toBe(values[i]);
    store.close();
  });
});

describe('file-backed byte store', () => {
  it('leaves no file behind once closed (none even while open, where the system allows)', () => {
    const store = fileByteStore((dir = mkdtempSync(join(tmpdir(), 'blogport-scratch-test-'))));
    for (let i = 0; i < 2000; i++) store.put('z'.repeat(1000));
    if (process.platform !== 'win32') expect(readdirSync(dir)).toEqual([]);
    store.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});
