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

describe('scanXml: records known to hold no character XML forbids', () => {
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
  const entry = (id: string, extra = '') => `<entry><id>${id}</id><content>${'Grüße, Zoë. '.repeat(150)}${extra}</content></entry>\n`;
  const xml =
    `<feed xmlns='http://www.w3.org/2005/Atom'>\n` +
    entry('a') +
    entry('nonchar', '\uFFFF') +
    entry('b') +
    entry('control', '\u0001') +
    entry('c') +
    entry('nonchar2', '\uFFFE') +
    `</feed>`;
  const bytes = new TextEncoder().encode(xml);

  it.each([1, 2, 3, 7, 64, 1 << 20])('marks clean only records without them (chunks of %i bytes, U+FFFE/FFFF cut anywhere)', async (size) => {
    const records: XmlRecord[] = [];
    for await (const event of scanXml(chunksOf(bytes, size))) if (event.type === 'record') records.push(event.record);
    expect(records).toHaveLength(6);
    for (const record of records) if (record.clean) expect(record.xml).not.toMatch(forbidden);
    const clean = records.filter((r) => r.clean).map((r) => /<id>(\w+)/.exec(r.xml)![1]);
    // One piece of 1 MiB holds the bad bytes: nothing can be vouched for. Small pieces narrow it
    // down (a piece shared by a bad entry's end and the next entry's start taints both).
    if (size === 1 << 20) expect(clean).toEqual([]);
    else if (size <= 7) expect(clean).toEqual(['a', 'b', 'c']);
    else expect(clean).toContain('a');
    // Pass 2 carries the mark over.
    for await (const batch of sliceRecords(chunksOf(bytes, size), records.map(recordRef), { file: 'feed.xml' })) {
      for (const record of batch) expect(record.clean).toBe(records.find((r) => r.offset === record.offset)!.clean);
    }
  });

  it('vouches for nothing in a file not read as UTF-8', async () => {
    const records: XmlRecord[] = [];
    for await (const event of scanXml(chunksOf(Buffer.from(`\uFEFF${entry('a')}`.replace('<entry', "<feed><entry") + '</feed>', 'utf16le'), 64))) {
      if (event.type === 'record') records.push(event.record);
    }
    expect(records).toHaveLength(1);
    expect(records[0]!.clean).toBeUndefined();
  });
});
