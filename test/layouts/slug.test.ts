import { describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import { SAFE_SLUG, SlugRegistry, slugify } from '../../src/layouts/slug.js';

describe('slugify', () => {
  it.each([
    ['Hello World!', 'hello-world'],
    ['Café', 'cafe'],
    ['Über alles', 'ueber-alles'],
    ['Straße', 'strasse'],
    ['Привет мир', 'privet-mir'],
    ['Déjà Vu', 'deja-vu'],
    ["Don't stop", 'dont-stop'],
    ['Rock & Roll', 'rock-and-roll'],
    ['iPhone 12 review', 'iphone-12-review'],
    ['  --Spaced  out--  ', 'spaced-out'],
    ['snake_case_title', 'snake-case-title'],
    ['2015: A Year', '2015-a-year'],
    ['C# vs. C++', 'c-vs-c'],
  ])('%j → %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it("returns '' when nothing is left, so the caller can fall back", () => {
    for (const text of ['日本語', '', '   ', '...', '..', '.', '/', '\\', '!!!', '😀😀']) expect(slugify(text)).toBe('');
  });

  it('never yields path syntax', () => {
    for (const text of ['../../etc/passwd', '/abs', 'C:\\Windows\\system32', '..\\..\\x', './.hidden', '~/x', '_config', '.git', 'a/b', 'file:///x', '%2e%2e%2f']) {
      const slug = slugify(text);
      expect(slug).toMatch(SAFE_SLUG);
      expect(slug).not.toMatch(/[/\\.]/);
    }
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('/abs')).toBe('abs');
  });

  it('steers clear of Windows device names', () => {
    expect(slugify('CON')).toBe('con-1');
    expect(slugify('nul')).toBe('nul-1');
    expect(slugify('LPT1')).toBe('lpt1-1');
    expect(slugify('console')).toBe('console');
  });

  it('caps the length on a word boundary', () => {
    const title = 'The quick brown fox jumps over the lazy dog and keeps on running far away';
    const slug = slugify(title, { maxLength: 30 });
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug).toBe('the-quick-brown-fox-jumps-over');
    expect(slugify(title, { maxLength: 29 })).toBe('the-quick-brown-fox-jumps');
    expect(slugify(title).length).toBeLessThanOrEqual(80);
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(80));
    expect(slugify(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79));
  });

  it('rejects a useless maxLength', () => {
    expect(() => slugify('x', { maxLength: 3 })).toThrow(BlogportError);
    expect(() => slugify('x', { maxLength: 20.5 })).toThrow(BlogportError);
  });
});

describe('SlugRegistry', () => {
  it('numbers later claims of the same slug', () => {
    const r = new SlugRegistry();
    expect(r.claim('hello')).toBe('hello');
    expect(r.claim('hello')).toBe('hello-2');
    expect(r.claim('hello')).toBe('hello-3');
    expect(r.claim('other')).toBe('other');
  });

  it('is case-insensitive', () => {
    const r = new SlugRegistry();
    expect(r.claim('hello')).toBe('hello');
    expect(r.claim('Hello')).toBe('Hello-2');
    expect(r.has('HELLO')).toBe(true);
  });

  it('skips numbers already taken by real slugs', () => {
    const r = new SlugRegistry();
    expect(r.claim('hello-2')).toBe('hello-2');
    expect(r.claim('hello')).toBe('hello');
    expect(r.claim('hello')).toBe('hello-3');
  });

  it('keeps slugs unique per scope only', () => {
    const r = new SlugRegistry();
    expect(r.claim('hello', 'post')).toBe('hello');
    expect(r.claim('hello', 'page')).toBe('hello');
    expect(r.claim('hello', 'post')).toBe('hello-2');
    expect(r.claim('hello')).toBe('hello');
  });

  it('does not confuse scope and slug boundaries', () => {
    const r = new SlugRegistry();
    expect(r.claim('b-c', 'a')).toBe('b-c');
    expect(r.claim('c', 'a-b')).toBe('c');
  });

  it('honours reserved names', () => {
    const r = new SlugRegistry();
    r.reserve('index', 'page');
    expect(r.claim('index', 'page')).toBe('index-2');
    expect(r.claim('index', 'post')).toBe('index');
  });

  it('stays within maxLength when numbering', () => {
    const r = new SlugRegistry({ maxLength: 20 });
    const long = 'abcde-fghij-klmno-pq'; // 20 characters
    expect(r.claim(long)).toBe(long);
    const second = r.claim(long);
    expect(second).toBe('abcde-fghij-klmno-2');
    for (let i = 0; i < 12; i++) expect(r.claim(long).length).toBeLessThanOrEqual(20);
    const oneWord = 'x'.repeat(20);
    expect(r.claim(oneWord)).toBe(oneWord);
    expect(r.claim(oneWord)).toBe(`${'x'.repeat(18)}-2`);
  });

  it('caps an over-long first claim too', () => {
    const r = new SlugRegistry({ maxLength: 20 });
    expect(r.claim('abcde-fghij-klmno-pqrst-uvw')).toBe('abcde-fghij-klmno');
  });

  it('refuses an empty slug', () => {
    expect(() => new SlugRegistry().claim('')).toThrow(TypeError);
  });
});

describe('slugify: the plain-ASCII fast path', () => {
  it('gives exactly what the transliterating library gives, over random strings of its characters', async () => {
    const { default: librarySlugify } = await import('@sindresorhus/slugify');
    const fc = await import('fast-check');
    const alphabet = 'abcXYZ019 -_.,:;!?"()/\\@#$%*+=[]{}<>|~\t'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((chars) => chars.join('')), (text) => {
        const expected = librarySlugify(text, { decamelize: false, lowercase: true }).replace(/^-+|-+$/g, '');
        expect(slugify(text, { maxLength: 200 })).toBe(expected.replace(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/, '$1-1'));
      }),
      { numRuns: 3000 },
    );
  });
});
