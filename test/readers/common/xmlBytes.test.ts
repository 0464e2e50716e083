import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlogportError } from '../../../src/model/errors.js';
import { byteRecordRef, byteRecordText, scanXmlBytes, sliceByteRecords, type ByteRecord, type ByteScanEvent } from '../../../src/readers/common/xmlBytes.js';
import { scanXml, type XmlScanEvent, type XmlScanIssue } from '../../../src/readers/common/xmlEntries.js';

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** What scanXml makes of a document: its events, and whether it said anything (issues, or not complete). */
async function byText(bytes: Uint8Array, size: number, encoding?: string) {
  const issues: XmlScanIssue[] = [];
  const events: XmlScanEvent[] = [];
  for await (const event of scanXml(chunksOf(bytes, size), { onIssue: (issue) => issues.push(issue), encoding })) events.push(event);
  const end = events.at(-1) as Extract<XmlScanEvent, { type: 'end' }>;
  return { events, issues, plain: issues.length === 0 && end.complete };
}

async function byBytes(bytes: Uint8Array, size: number, encoding?: string) {
  const events: ByteScanEvent[] = [];
  for await (const batch of scanXmlBytes(chunksOf(bytes, size), { encoding })) events.push(...batch);
  return events;
}

/** scanXml's events as scanXmlBytes gives them (no positions but the line; text decoded from the bytes). */
function comparable(events: (XmlScanEvent | ByteScanEvent)[]): object[] {
  return events.flatMap((event): object[] => {
    if (event.type === 'root') return [{ root: event.name, attributes: event.attributes }];
    if (event.type === 'end') return [{ end: true }];
    if (event.type === 'fallback') return [{ fallback: true }];
    const record = event.record;
    const xml = 'bytes' in record ? byteRecordText(record as ByteRecord).xml : record.xml;
    return [{ name: record.name, index: record.index, line: record.line, xml }];
  });
}

/**
 * The contract: on a document scanXml reads without a word, the same root and records; on any
 * other, a fallback (after a prefix of the same records, never anything scanXml would not give).
 */
async function expectSameCut(bytes: Uint8Array, size: number, encoding?: string) {
  const text = await byText(bytes, size, encoding);
  const fast = await byBytes(bytes, size, encoding);
  const expected = comparable(text.events);
  const got = comparable(fast);
  if (text.plain && fast.at(-1)!.type === 'end') {
    expect(got).toEqual(expected);
  } else {
    expect(fast.at(-1)!.type).toBe('fallback');
    expect(got.slice(0, -1)).toEqual(expected.slice(0, got.length - 1));
  }
  return { text, fast };
}

const fixtures = fileURLToPath(new URL('../../fixtures/blogger/', import.meta.url));
function feedFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return feedFiles(path);
    return /\.(xml|atom)$/.test(name) ? [path] : [];
  });
}

describe('scanXmlBytes: the Blogger fixtures', () => {
  const files = feedFiles(fixtures);

  it.each(files.map((path) => [path.slice(fixtures.length), path]))('%s: the same cut as scanXml, or a fallback where scanXml warns', async (_, path) => {
    const bytes = readFileSync(path);
    for (const size of [bytes.length, 7, 1000]) await expectSameCut(bytes, size);
  });

  it('reads the clean exports without falling back', async () => {
    for (const name of ['classic-tiny/export.xml', 'comments-before-posts/export.xml', 'comments-not-plain/export.xml', 'xhtml-and-cdata/export.xml', 'duplicate-ids/export.xml', 'public-feed/posts-default.xml']) {
      const events = await byBytes(readFileSync(join(fixtures, name)), 64);
      expect(events.at(-1), name).toEqual({ type: 'end' });
    }
  });

  it('falls back on the damaged ones, where scanXml has something to say', async () => {
    for (const name of [
      'truncated/export.xml',
      'unbalanced-entry/export.xml',
      'stray-end-tag/export.xml',
      'invalid-utf8/export.xml',
      'declared-unknown-encoding/export.xml',
      'empty/whitespace.xml',
    ]) {
      const { text, fast } = await expectSameCut(readFileSync(join(fixtures, name)), 4096);
      expect(text.plain, name).toBe(false);
      expect(fast.at(-1)!.type, name).toBe('fallback');
    }
  });

  it('falls back on an export in another encoding, which scanXml reads', async () => {
    const { text, fast } = await expectSameCut(readFileSync(join(fixtures, 'latin1-declared/export.xml')), 4096);
    expect(text.plain).toBe(true);
    expect(fast).toEqual([{ type: 'fallback', reason: 'not read as UTF-8' }]);
  });
});

describe('scanXmlBytes: encodings', () => {
  const doc = (decl: string) => `${decl}<feed xmlns='http://www.w3.org/2005/Atom'><title>Grüße ✓</title><entry><id>1</id><content>Zoë 😀 \u00a0</content></entry></feed>`;

  it('reads UTF-8, declared, undeclared, with a byte-order mark or forced', async () => {
    for (const [bytes, encoding] of [
      [Buffer.from(doc("<?xml version='1.0' encoding='UTF-8'?>")), undefined],
      [Buffer.from(doc('')), undefined],
      [Buffer.from(`\ufeff${doc("<?xml version='1.0'?>\n")}`), undefined],
      [Buffer.from(doc("<?xml version='1.0' encoding='windows-1252'?>")), 'utf8'],
    ] as const) {
      for (const size of [bytes.length, 1, 3]) {
        const { fast } = await expectSameCut(bytes, size, encoding);
        expect(fast.at(-1)).toEqual({ type: 'end' });
      }
    }
  });

  it('leaves other encodings, and bytes that are not UTF-8, to scanXml', async () => {
    const latin1 = Buffer.from(doc("<?xml version='1.0' encoding='ISO-8859-1'?>").replace(/[✓😀]/gu, '?'), 'latin1');
    const utf16 = Buffer.from(`\ufeff${doc('')}`, 'utf16le');
    const unknown = Buffer.from(doc("<?xml version='1.0' encoding='klingon'?>"));
    const damaged = Buffer.concat([Buffer.from(doc('').slice(0, 80)), Buffer.from([0xc3, 0x28]), Buffer.from(doc('').slice(80))]);
    // A character cut off at the very end.
    const cutChar = Buffer.concat([Buffer.from(doc('')), Buffer.from([0xe2, 0x9c])]);
    for (const [bytes, encoding] of [[latin1], [utf16], [unknown], [damaged], [cutChar], [Buffer.from(doc('')), 'latin1']] as const) {
      for (const size of [bytes.length, 1, 2, 5]) {
        const { fast } = await expectSameCut(bytes, size, encoding);
        expect(fast.at(-1)!.type).toBe('fallback');
      }
    }
  });
});

describe('scanXmlBytes: generated documents, cut in chunks of any size', () => {
  // Pieces of a feed, sound and damaged, with multi-byte characters where a cut could fall.
  const prolog = fc.constantFrom('', '\ufeff', '\n', '<!-- é -->', '<!DOCTYPE feed [<!ENTITY x "a>b">]>', '<?pi ü?>', 'junk', '\u00a0', '\u2028\u3000');
  const sound = fc.constantFrom(
    '<id>1</id>',
    '<title>Zoë 😀 — ✓</title>',
    '<content type="html">&lt;entry&gt;&lt;/entry&gt;</content>',
    '<![CDATA[</entry><entry>]]>',
    '<!-- </entry> -->',
    '<?pi </entry>?>',
    "<link href='a>b' rel=\"x'y\"/>",
    '<x:entry/>',
    '<a:b:entry>',
    '</a:b:entry>',
    '</entry >',
    '< b',
    '<\u00a0',
    '<é>',
    '\n',
    '\u2028',
    '</x>',
    '<!X>',
    'a < b',
    '\u0001',
    '\uffff',
  );
  const damaged = fc.constantFrom('</ entry>', '</entry\u00a0>', '<entry>', '</feed>', '</feed >');
  const inEntry = fc.oneof({ arbitrary: sound, weight: 6 }, { arbitrary: damaged, weight: 1 });
  const entry = fc.tuple(fc.constantFrom('<entry>', '<atom:entry>', '<entry xml:lang="fr">'), fc.array(inEntry, { maxLength: 6 }), fc.constantFrom('</entry>', '</atom:entry>', '', '</entry>\n'));
  const fact = fc.constantFrom('<id>tag:x</id>', '<title>Blög</title>', '<author><name>n</name></author>', '<link rel="alternate" href="http://x/"/>', '</stray>', ' \n', '<!-- c -->', '<generator>g</generator>');
  const doc = fc
    .tuple(
      fc.array(prolog, { maxLength: 3 }),
      fc.constantFrom("<feed xmlns='http://www.w3.org/2005/Atom'>", '<atom:feed>', '<feed/>'),
      fc.array(fc.oneof(fact, entry.map(([open, inside, close]) => open + inside.join('') + close)), { maxLength: 6 }),
      fc.oneof({ arbitrary: fc.constantFrom('', '\n<!-- after -->'), weight: 4 }, { arbitrary: fc.constantFrom('</feed>', ' [no end]', '</atom:feed>'), weight: 1 }),
      fc.nat(),
      fc.integer({ min: 0, max: 4 }),
    )
    .map(([head, root, children, end, cut, truncate]) => {
      const close = root.endsWith('/>') ? '' : `</${/<([\w:]+)/.exec(root)![1]}>`;
      const tail = end === ' [no end]' ? '' : end.startsWith('\n') || end === '' ? close + end : end;
      // Both scanners gather 1 KiB before they start: a long comment first makes the rest come in small chunks.
      const bytes = Buffer.from(`<!--${'-é'.repeat(700)}-->${head.join('')}${root}${children.join('')}${tail}`);
      return truncate === 0 ? bytes.subarray(0, cut % (bytes.length + 1)) : bytes;
    });

  it('gives the cut scanXml gives, or falls back where scanXml warns', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 80 }), async (bytes, size) => {
        await expectSameCut(bytes, size);
      }),
      { numRuns: 1500 },
    );
  });

  it('falls back only where scanXml has something to say (on UTF-8)', async () => {
    await fc.assert(
      fc.asyncProperty(doc, fc.integer({ min: 1, max: 80 }), async (bytes, size) => {
        const { text, fast } = await expectSameCut(bytes, size);
        expect(fast.at(-1)!.type === 'end').toBe(text.plain);
        (globalThis as any).stats ??= [0, 0]; (globalThis as any).stats[text.plain ? 1 : 0]++;
      }),
      { numRuns: 500 },
    );
    console.log('plain/not', (globalThis as any).stats);
  });
});

describe('scanXmlBytes: big documents in big chunks', () => {
  // Entries from a few bytes to a few hundred kilobytes, so that chunk boundaries fall inside
  // short and long entries, comments, CDATA sections and tags (what is kept of a chunk is joined
  // to the next chunk's first 64 KiB, or to all of it when the kept record runs on past them).
  const sizes = [10, 70_000, 300, 5, 200_000, 65_530, 1, 40_000, 120_000, 7];
  const body = (n: number, i: number) => (i % 3 === 0 ? `<![CDATA[${'ü</entry>'.repeat(n / 9)}]]>` : i % 3 === 1 ? `<!--${'é<x>'.repeat(n / 5)}-->` : 'Zoë &amp; 😀 '.repeat(n / 14));
  const xml =
    `<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>\n<title>big</title>\n` +
    sizes.map((n, i) => `<entry><id>${i}</id>\n<content type='html'>${body(n, i)}</content><link rel='alternate' href='http://x/${'a'.repeat(i * 997)}'/></entry>\n`).join('') +
    `</feed>\n`;
  const bytes = Buffer.from(xml);

  it.each([65_536, 65_537, 100_003, 1 << 20, bytes.length])('gives the cut scanXml gives (chunks of %i bytes)', async (size) => {
    const { fast } = await expectSameCut(bytes, size);
    expect(fast.at(-1)).toEqual({ type: 'end' });
    expect(fast.filter((e) => e.type === 'record')).toHaveLength(sizes.length + 1);
  });

  it('falls back on an entry left open in the middle, wherever the chunks end', async () => {
    const damaged = Buffer.from(xml.replace('</entry>\n<entry><id>5</id>', '\n<entry><id>5</id>'));
    for (const size of [65_536, 100_003, 1 << 20]) {
      const { text, fast } = await expectSameCut(damaged, size);
      expect(text.issues.map((i) => i.code)).toEqual(['XML_RECOVERED']);
      expect(fast.at(-1)!.type).toBe('fallback');
    }
  });
});

describe('scanXmlBytes: clean records', () => {
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
  const entry = (id: string, extra = '') => `<entry><id>${id}</id><content>${'Grüße, Zoë. '.repeat(150)}${extra}</content></entry>\n`;
  const bytes = Buffer.from(`<feed>\n${entry('a')}${entry('nonchar', '\uFFFF')}${entry('b')}${entry('control', '\u0001')}${entry('c')}</feed>`);

  it.each([1, 2, 3, 7, 64, 1 << 20])('vouches only for records without them (chunks of %i bytes)', async (size) => {
    const records = (await byBytes(bytes, size)).flatMap((e) => (e.type === 'record' ? [e.record] : []));
    expect(records).toHaveLength(5);
    for (const record of records) if (record.clean) expect(byteRecordText(record).xml).not.toMatch(forbidden);
    if (size <= 7) expect(records.filter((r) => r.clean).map((r) => /<id>(\w+)/.exec(byteRecordText(r).xml)![1])).toEqual(['a', 'b', 'c']);
  });
});

describe('sliceByteRecords: the second pass cuts records where the first found them', () => {
  const pretty = readFileSync(join(fixtures, 'comments-before-posts/export.xml'));
  const long = Buffer.from(
    `\ufeff<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>` +
      Array.from({ length: 6 }, (_, i) => `<entry><id>${i}</id><content>${'Привет, мир 😀 '.repeat(i * 1500)}</content></entry>\n`).join('') +
      `</feed>`,
  );

  async function scanned(bytes: Uint8Array) {
    const records: ByteRecord[] = [];
    for await (const batch of scanXmlBytes(chunksOf(bytes, 4096))) for (const event of batch) if (event.type === 'record') records.push(event.record);
    return records;
  }

  it.each([1, 5, 64, 4096, 1 << 20])('gives the records pass 1 found, decoded, whatever the chunk size (%i bytes)', async (size) => {
    for (const bytes of [pretty, long]) {
      const records = await scanned(bytes);
      const some = records.filter((_, i) => i % 3 !== 1);
      for (const wanted of [records, some]) {
        const out = [];
        for await (const batch of sliceByteRecords(chunksOf(bytes, size), wanted.map(byteRecordRef), { file: 'feed.xml' })) out.push(...batch);
        expect(out.map(byteRecordText)).toEqual(wanted.map(byteRecordText));
      }
    }
  });

  it('refuses a document that changed since it was scanned', async () => {
    const refs = (await scanned(pretty)).map(byteRecordRef);
    const slice = async (bytes: Uint8Array) => {
      for await (const _ of sliceByteRecords(chunksOf(bytes, 4096), refs, { file: 'feed.xml' }));
    };
    await expect(slice(Buffer.concat([Buffer.from(' '), pretty]))).rejects.toThrow(BlogportError);
    await expect(slice(pretty.subarray(0, pretty.length >> 1))).rejects.toThrow(/changed while it was being read/);
  });
});
