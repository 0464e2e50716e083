import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FrontMatterDate, stringifyData, stringifyDataGenerally } from '../../src/layouts/frontMatter.js';

/*
 * stringifyData builds the node tree itself, marks each string with the tag the library would
 * choose, and reuses nodes from call to call; the general way lets the library make the nodes
 * and look every tag up. Both must give the same text for every value.
 */

/** Words and shapes some YAML parser reads as something else, or that need quoting. */
const TRICKY = [
  ...['yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '', ' ', '=', '<<'],
  ...[':x', ':-)', '1,000', '0x1,', '-1,2', '12:30', '1:20:30', '2015-03-01', '2015-03-01T22:34:00', '0123', '0o17', '0x1F', '1e3', '.inf', '.NaN', '+12', '1_000'],
  ...['a: b', 'a #b', '#hash', '- item', '? key', '-', '?', ':', '---', '...', '--- x', '%YAML', '!tag', '&a', '*a', '|', '>', '[x', '{y', "it's", '"q"', '`t`', '@at'],
  ...['a\nb', 'a\n\nb\n', '\n', 'a\r\nb', 'a\tb', '\tlead', ' lead', 'trail ', 'a\n---\nb', 'a \nb', 'a\n b'],
  ...['a\u0085b', 'a\u2028b', '\ufeffbom', 'x\u007fy', 'a\u0000b', 'a\u001bb', '\ud800lone', 'lone\udc00', '\u00a0nbsp'],
  ...['Hello world', 'Café & croissants', '日本語', 'http://example.org/a?b=c#d', '/2015/03/post.html', 'tag:blogger.com,1999:blog-1.post-2'],
];

/** Code units, so lone surrogates and every control character come up. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const syntaxUnit = fc.constantFrom(...'aZé日\u0301٣5 _.,/()\'!?&+-:#"\\[]{}*|>%@`~=\t\n\r\u0085\u2028\u00a0'.split(''), 'yes', 'null', '12:30', '\n\n', '---', '...', '  ');

const text = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: syntaxUnit, maxLength: 12 }),
  fc.string({ unit: codeUnit, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  // Long ones: past the plain-string shortcut's length, and paragraphs like comment bodies.
  fc.string({ unit: syntaxUnit, minLength: 190, maxLength: 260 }),
  fc.array(fc.lorem({ maxCount: 12 }), { maxLength: 4 }).map((paragraphs) => paragraphs.join('\n\n')),
);

const date = fc.oneof(
  fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => new FrontMatterDate(d.toISOString())),
  fc.constantFrom('2015-03-01', '2015-03-01T22:34:00+01:00', '2015-03-01 22:34:00', '2015-03-01t22:34:00.5-08:00').map((iso) => new FrontMatterDate(iso)),
);

const scalar = fc.oneof(
  { arbitrary: text, weight: 6 },
  { arbitrary: date, weight: 2 },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.bigInt(),
  fc.constantFrom(null, undefined),
);

const key = fc.oneof(fc.constantFrom('title', 'date', 'tags', 'id', 'author', 'body', 'reply_to', 'yes', '1', 'a: b', 'x\ny', ''), text);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  // Null-prototype objects too (fast-check makes some).
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

/** Shaped like what layouts write: front matter, and a comments data file. */
const frontMatter = fc.record(
  { title: text, date, updated: date, author: text, tags: fc.array(text, { maxLength: 4 }), draft: fc.boolean(), slug: text, aliases: fc.array(text, { maxLength: 2 }), location: fc.record({ name: text, latitude: fc.double(), longitude: fc.double() }, { requiredKeys: [] }) },
  { requiredKeys: [] },
);
const comments = fc.array(
  fc.record({ id: text, author: text, author_url: text, date, reply_to: text, body: text }, { requiredKeys: ['id', 'body'] }),
  { minLength: 1, maxLength: 6 },
);

describe('stringifyData writes what the library writes from plain values', () => {
  it('for random front matter and comment data, call after call', () => {
    // Several values per run: the nodes one call used are reused by the next.
    fc.assert(
      fc.property(fc.array(fc.oneof(frontMatter, comments), { minLength: 1, maxLength: 4 }), (values) => {
        for (const v of values) expect(stringifyData(v)).toBe(stringifyDataGenerally(v));
      }),
      { numRuns: 400 },
    );
  });

  it('for random nested values, keys and scalars of every kind', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (values) => {
        for (const v of values) expect(stringifyData(v)).toBe(stringifyDataGenerally(v));
      }),
      { numRuns: 400 },
    );
  });

  it('for a document larger than the node pools, and the small ones after it', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, author: TRICKY[i % TRICKY.length], date: new FrontMatterDate('2015-03-01T22:34:00Z'), body: `Comment ${i}\n\nyes\n` }));
    const big = stringifyData(many);
    expect(big).toBe(stringifyDataGenerally(many));
    expect(parse(big, { version: '1.1' })).toHaveLength(5000);
    for (const small of [{ title: 'no' }, [':x', ['1,000', { a: 'b' }]], many.slice(0, 2)]) expect(stringifyData(small)).toBe(stringifyDataGenerally(small));
  });
});

describe('stringifyData hands values it does not build itself to the library', () => {
  it('writes a Map like the object with the same entries', () => {
    const object = { title: 'yes', tags: ['a', '1,000'], nested: { when: new FrontMatterDate('2015-03-01') } };
    const map = new Map<string, unknown>([['title', 'yes'], ['tags', ['a', '1,000']], ['nested', new Map([['when', new FrontMatterDate('2015-03-01')]])]]);
    expect(stringifyData({ inner: map })).toBe(stringifyData({ inner: object }));
    expect(stringifyData(map)).toBe('title: "yes"\ntags:\n  - a\n  - "1,000"\nnested:\n  when: 2015-03-01\n');
  });

  it('writes what a toJSON gives, and any iterable as a list', () => {
    expect(stringifyData({ when: new Date(0), title: 'x' })).toBe('when: "1970-01-01T00:00:00.000Z"\ntitle: x\n');
    expect(stringifyData({ value: { toJSON: () => 'yes' } })).toBe('value: "yes"\n');
    expect(stringifyData({ list: Object.assign(['a'], { toJSON: () => 'no' }) })).toBe('list: "no"\n');
    expect(stringifyData({ tags: new Set(['no', 'b']) })).toBe('tags:\n  - "no"\n  - b\n');
    expect(stringifyData({ tags: { *[Symbol.iterator]() { yield ':x'; } } })).toBe('tags:\n  - ":x"\n');
  });
});
