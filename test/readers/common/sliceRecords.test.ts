import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlogportError } from '../../../src/model/errors.js';
import { recordRef, scanXml, sliceRecords, type XmlRecord } from '../../../src/readers/common/xmlEntries.js';

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function scanned(bytes: Uint8Array): Promise<XmlRecord[]> {
  const records: XmlRecord[] = [];
  for await (const event of scanXml(chunksOf(bytes, bytes.length))) if (event.type === 'record') records.push(event.record);
  return records;
}

async function sliced(bytes: Uint8Array, records: XmlRecord[], size: number): Promise<XmlRecord[]> {
  const out: XmlRecord[] = [];
  for await (const batch of sliceRecords(chunksOf(bytes, size), records.map(recordRef), { file: 'feed.xml' })) out.push(...batch);
  return out;
}

describe('sliceRecords: the second pass cuts records where the first found them', () => {
  const pretty = readFileSync(new URL('../../fixtures/blogger/comments-before-posts/export.xml', import.meta.url));
  // Multi-byte characters and entries longer than the 32 KiB pieces the text is decoded in.
  const long = new TextEncoder().encode(
    `<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>` +
      Array.from({ length: 6 }, (_, i) => `<entry><id>${i}</id><content>${'Привет, мир 😀 '.repeat(i * 1500)}</content></entry>\n`).join('') +
      `<entry><id>open</id>\n<entry><id>after</id></entry></feed>`,
  );

  it.each([1, 5, 64, 4096, 1 << 20])('gives the same records as the scan, whatever the chunk size (%i bytes)', async (size) => {
    for (const bytes of [pretty, long]) {
      const records = await scanned(bytes);
      expect(records.some((r) => r.unterminated)).toBe(bytes === long);
      expect(await sliced(bytes, records, size)).toEqual(records);
      // Only some of them (what pass 2 asks for: the entries not read in pass 1).
      const some = records.filter((_, i) => i % 3 !== 1);
      expect(await sliced(bytes, some, size)).toEqual(some);
    }
  });

  it('refuses a document that changed since it was scanned', async () => {
    const records = await scanned(pretty);
    const shifted = Buffer.concat([Buffer.from(' '), pretty]);
    await expect(sliced(shifted, records, 4096)).rejects.toThrow(BlogportError);
    await expect(sliced(pretty.subarray(0, pretty.length >> 1), records, 4096)).rejects.toThrow(/changed while it was being read/);
  });
});
