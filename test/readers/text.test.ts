import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import type { Post, PostWarning } from '../../src/model/post.js';
import { readArchive } from '../../src/readers/index.js';
import { inputFromBytes } from '../../src/readers/input.js';
import type { ReadOptions } from '../../src/readers/reader.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/text/${name}`, import.meta.url));

async function read(name: string, bytes: Uint8Array, options: ReadOptions = {}) {
  const warnings: PostWarning[] = [];
  const posts: Post[] = [];
  for await (const post of readArchive(inputFromBytes(name, bytes), { ...options, onWarning: (w) => warnings.push(w) })) {
    posts.push(post);
  }
  return { posts, warnings };
}

const readFixture = (name: string, options?: ReadOptions) => read(name, fixture(name), options);

describe('text reader: splitting posts', () => {
  it('finds several posts under one date header, each closed by its footer', async () => {
    const { posts } = await readFixture('two-posts-one-header.txt');
    expect(posts.map((p) => [p.title, p.date])).toEqual([
      ['Morning: the parts arrived', { precision: 'day', date: '2015-03-04' }],
      ['Evening: the parts are wrong', { precision: 'day', date: '2015-03-04' }],
      ['Ordering parts', { precision: 'day', date: '2015-03-02' }],
    ]);
    expect(posts[1]!.body).toEqual({ format: 'text', value: 'All three boxes held the wrong bearings.' });
    expect(posts.map((p) => p.id)).toEqual(['text:two-posts-one-header.txt#1', 'text:two-posts-one-header.txt#2', 'text:two-posts-one-header.txt#3']);
    expect(posts.map((p) => p.source.line)).toEqual([3, 9, 17]);
  });

  it("moves Blogger's footers into author, time and tags and out of the body", async () => {
    const { posts } = await readFixture('blogger-footers.txt');
    expect(posts).toHaveLength(3);
    const [first, second, third] = posts as [Post, Post, Post];
    expect(first.author).toBe('Paul Fox');
    expect(first.date).toEqual({ precision: 'local', date: '2015-03-01', time: '22:34:00' });
    expect(first.tags).toEqual(['dtrace', 'Linux', 'kernel']);
    expect(first.body.value).toBe('Everything was looking promising to release a new dtrace sometime last\nweek.');
    expect(second.title).toBe('Second post the same day');
    expect(second.date).toEqual({ precision: 'local', date: '2015-03-01', time: '23:02:00' });
    expect(second.tags).toEqual(['misc']);
    expect(third.date).toEqual({ precision: 'local', date: '2015-02-20', time: '00:05:00' });
    for (const post of posts) expect(post.body.value).not.toMatch(/Posted by|comments?:|Share to|Labels:/);
  });

  it('keeps an impossible date as body text and warns with its line number', async () => {
    const { posts } = await readFixture('impossible-date-header.txt');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.value).toContain('31 February 2015');
    expect(posts[0]!.warnings).toEqual([
      expect.objectContaining({ code: 'IMPOSSIBLE_DATE', source: { file: 'impossible-date-header.txt', line: 7 } }),
    ]);
  });

  it('does not take a date inside a sentence for a header', async () => {
    const { posts } = await readFixture('date-inside-sentence.txt');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.value).toContain('On 1 March 2015 I will start');
  });

  it('splits at a header that names its weekday even when the scrape lost the blank lines', async () => {
    const { posts } = await readFixture('weekday-header-without-blank-line.txt');
    expect(posts.map((p) => [p.date?.date, p.title, p.body.value])).toEqual([
      ['2015-03-08', 'Two days, no blank lines', 'The scrape lost the blank lines between posts.'],
      ['2015-03-07', 'The day before', 'It still splits, because the header names its weekday.'],
    ]);
  });

  it('warns about text before the first date header instead of dropping it silently', async () => {
    const { posts, warnings } = await readFixture('text-before-first-header.txt');
    expect(posts.map((p) => p.title)).toEqual(['Only post']);
    expect(warnings).toEqual([expect.objectContaining({ code: 'TEXT_BEFORE_FIRST_POST', source: { file: 'text-before-first-header.txt', line: 1 } })]);
    expect(warnings[0]!.message).toContain('lines 1-2');
  });

  it('derives a title from the first words when the first line is prose, and flags it', async () => {
    const { posts } = await readFixture('untitled-post.txt');
    expect(posts[0]!.titleDerived).toBe(true);
    expect(posts[0]!.title).toBe('This post has no title line at all…');
    expect(posts[0]!.body.value).toMatch(/^This post has no title line at all/);
    expect(posts[0]!.warnings.map((w) => w.code)).toEqual(['UNTITLED']);
  });

  it('fails with a one-line error naming the file when there is no date header', async () => {
    const error = await readFixture('no-date-headers.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlogportError);
    expect((error as BlogportError).code).toBe('NO_POSTS');
    expect((error as BlogportError).toLine()).toMatch(/^no-date-headers\.txt: no date header lines found .* --from/);
  });

  it('applies --footer rules, keeping their named groups', async () => {
    const text = 'Sunday, 1 March 2015\n\nTitle\n\nBody.\n\n-- written by Ann, 9:15 pm\n';
    const { posts } = await read('custom.txt', Buffer.from(text), { footers: [/^-- written by (?<author>\w+), (?<time>.+)$/iu] });
    expect(posts[0]).toMatchObject({ author: 'Ann', date: { precision: 'local', date: '2015-03-01', time: '21:15:00' }, body: { value: 'Body.' } });
  });
});

describe('text reader: numeric date order', () => {
  it('lets one day above 12 settle day/month order for the whole archive', async () => {
    const { posts, warnings } = await readFixture('numeric-dates-settled-dmy.txt');
    expect(posts.map((p) => p.date)).toEqual([
      { precision: 'day', date: '2015-03-01' },
      { precision: 'day', date: '2015-02-13' },
      { precision: 'day', date: '2015-01-02' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('assumes the order under which the dates run in sequence, and says so', async () => {
    const { posts, warnings } = await readFixture('numeric-dates-ambiguous.txt');
    // Read as month/day the headers run 5 Mar, 2 Mar, 10 Feb, 12 Jan: a steady sequence. Read as
    // day/month they would jump 3 May, 3 Feb, 2 Oct, 1 Dec.
    expect(posts.map((p) => p.date?.date)).toEqual(['2015-03-05', '2015-03-02', '2015-02-10', '2015-01-12']);
    expect(warnings.map((w) => w.code)).toEqual(['DATE_ORDER']);
    expect(warnings[0]!.message).toMatch(/assumed .* --date-order/);
  });

  it('obeys --date-order over inference', async () => {
    const { posts, warnings } = await readFixture('numeric-dates-ambiguous.txt', { dateOrder: 'dmy' });
    expect(posts.map((p) => p.date?.date)).toEqual(['2015-05-03', '2015-02-03', '2015-10-02', '2015-12-01']);
    expect(warnings).toEqual([]);
  });
});

describe('text reader: encodings and line endings', () => {
  const base = readFileSync(new URL('../fixtures/text/blogger-footers.txt', import.meta.url), 'utf8');
  const expected = async () => (await read('base.txt', Buffer.from(base))).posts.map(({ title, date, author, tags, body }) => ({ title, date, author, tags, body }));

  it.each([
    ['CRLF', Buffer.from(base.replace(/\n/g, '\r\n'))],
    ['CR (old Mac)', Buffer.from(base.replace(/\n/g, '\r'))],
    ['UTF-8 with BOM and CRLF', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base.replace(/\n/g, '\r\n'))])],
    ['UTF-16LE with BOM', iconv.encode(base, 'utf-16le', { addBOM: true })],
    ['UTF-16BE with BOM', iconv.encode(base, 'utf-16be', { addBOM: true })],
  ])('reads %s exactly like the LF original', async (_name, bytes) => {
    const { posts } = await read('variant.txt', bytes);
    expect(posts.map(({ title, date, author, tags, body }) => ({ title, date, author, tags, body }))).toEqual(await expected());
  });

  it('detects windows-1252 when the bytes are not UTF-8, and says so', async () => {
    const text = 'Dimanche, 1 mars 2015\n\nCafé “crème” à 2 €\n\nNaïve déjà vu.\n';
    const { posts, warnings } = await read('legacy.txt', iconv.encode(text, 'windows-1252'));
    expect(posts[0]).toMatchObject({ title: 'Café “crème” à 2 €', body: { value: 'Naïve déjà vu.' }, date: { date: '2015-03-01' } });
    expect(warnings.map((w) => w.code)).toEqual(['ENCODING_GUESSED']);
  });

  it('obeys --encoding', async () => {
    const text = 'Sunday, 1 March 2015\n\nŁódź notes\n\nBody.\n';
    const { posts } = await read('latin2.txt', iconv.encode(text, 'iso-8859-2'), { encoding: 'iso-8859-2' });
    expect(posts[0]!.title).toBe('Łódź notes');
  });
});

describe('text reader: localised date headers', () => {
  it.each([
    ['Sunday, 1 March 2015'],
    ['Sunday, March 1, 2015'],
    ['1st March 2015'],
    ['2015-03-01'],
    ['2015/03/01'],
    ['Sonntag, 1. März 2015'],
    ['dimanche 1 mars 2015'],
    ['domingo, 1 de marzo de 2015'],
    ['domenica 1 marzo 2015'],
    ['domingo, 1 de março de 2015'],
    ['zondag 1 maart 2015'],
    ['Sonntag, März 1, 2015'],
  ])('reads posts under "%s"', async (header) => {
    const text = `${header}\n\nTitle\n\nBody line.\n\nPost created by CRiSP v12\n\nSecond\n\nMore.\n`;
    const { posts } = await read('localised.txt', Buffer.from(text));
    expect(posts.map((p) => [p.title, p.date?.date, p.body.value])).toEqual([
      ['Title', '2015-03-01', 'Body line.'],
      ['Second', '2015-03-01', 'More.'],
    ]);
  });
});
