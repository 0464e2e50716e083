import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FrontMatterDate, renderDocument, stringifyData, stringifyFrontMatter } from '../../src/layouts/frontMatter.js';

/** Parse the YAML between the fences of a rendered document. */
function frontMatterOf(doc: string): string {
  const m = /^---\n([\s\S]*?)^---\n\n/m.exec(doc);
  if (!m) throw new Error(`no front matter in ${JSON.stringify(doc)}`);
  return m[1]!;
}

const TRICKY = [
  // YAML 1.1 implicit types: bools, nulls, numbers (octal, sexagesimal, hex…), timestamps.
  ...['2015-03-01', '2015-03-01T22:34:00', '2015-03-01 22:34:00 +01:00', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'False'],
  ...['null', 'Null', '~', '0123', '010', '1e3', '0.5e-3', '12:30', '1:20:30', '190:20:30', '1_000', '0x1F', '0b101', '0o17', '+12', '-1', '0', '3.14', '.inf', '-.Inf', '.NaN', '<<', '='],
  // Indicators and syntax.
  ...['a: b', 'key:value', 'a #b', '#hash', "it's", "'single'", '"double"', '---', '...', '--- x', '!tag', '!!str', '[x', '{y', 'x]', '&anchor', '*alias', '|', '>', '%YAML', '@at', '`tick`', '- item', '? key', ':', '-', '?', ',', 'a, b'],
  // Whitespace and line breaks.
  ...['a\nb', 'a\n\nb\n', '\n', 'a\r\nb', 'a\tb', '\tlead', 'trail\t', ' lead', 'trail ', 'a  b', 'a\n---\nb', '---\n', '\n---\n'],
  // Characters YAML 1.1 reads as line breaks or forbids.
  ...['a\u0085b', 'a\u2028b', 'a\u2029b', '\ufeffbom', 'x\u007fy', 'a\u0000b', 'a\u001bb', 'a\u0007b', '\ud800lone', 'lone\udc00'],
  // Non-ASCII and the empty string.
  ...['日本語のタイトル', 'Café ☕', '😀 emoji 👩‍👩‍👧', 'عربي', 'a\u200bb', '\u00a0nbsp', ''],
  // Long: never folded.
  `${'word '.repeat(60)}end`,
  'x'.repeat(300),
];

describe('stringifyFrontMatter', () => {
  it.each(TRICKY.map((t) => [t]))('title %j reads back as the same string (YAML 1.1 and 1.2)', (title) => {
    const yaml = stringifyFrontMatter({ title, tags: [title, 'plain'] });
    for (const version of ['1.1', '1.2'] as const) {
      const data = parse(yaml, { version });
      expect(data.title, `version ${version}:\n${yaml}`).toBe(title);
      expect(data.tags, `version ${version}:\n${yaml}`).toEqual([title, 'plain']);
    }
  });

  it('quotes what YAML 1.1 would read as another type', () => {
    for (const title of ['2015-03-01', 'yes', 'no', 'on', 'null', '~', '0123', '1e3', '12:30']) {
      const line = stringifyFrontMatter({ title }).trimEnd();
      expect(line).toMatch(/^title: (".*"|'.*')$/);
    }
  });

  it('escapes what YAML 1.1 parsers (libyaml) read as line breaks or refuse', () => {
    for (const title of TRICKY) {
      const yaml = stringifyFrontMatter({ title });
      // NEL, LS, PS, BOM, DEL, C0/C1 controls (tab and newline aside) never appear raw.
      // eslint-disable-next-line no-control-regex
      expect(yaml).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
    }
    // libyaml refuses a tab inside a plain scalar; `=` is YAML 1.1's "value" type.
    expect(stringifyFrontMatter({ title: 'a\tb' })).toBe('title: "a\\tb"\n');
    expect(stringifyFrontMatter({ title: '=' })).toBe('title: "="\n');
    expect(stringifyFrontMatter({ title: 'a\u2028b' })).toBe('title: "a\\u2028b"\n');
  });

  it('writes dates as plain timestamps that parse as dates', () => {
    const yaml = stringifyFrontMatter({
      title: '2015-03-01',
      date: new FrontMatterDate('2015-03-01T22:34:00+01:00'),
      day: new FrontMatterDate('2015-03-01'),
      local: new FrontMatterDate('2015-03-01T22:34:00'),
    });
    expect(yaml).toBe(
      'title: "2015-03-01"\ndate: 2015-03-01T22:34:00+01:00\nday: 2015-03-01\nlocal: 2015-03-01T22:34:00\n',
    );
    const data = parse(yaml, { version: '1.1' });
    expect(data.title).toBe('2015-03-01');
    expect(data.date).toBeInstanceOf(Date);
    expect((data.date as Date).toISOString()).toBe('2015-03-01T21:34:00.000Z');
    expect(data.day).toBeInstanceOf(Date);
    expect(data.local).toBeInstanceOf(Date);
  });

  it('refuses a FrontMatterDate that is not a timestamp', () => {
    expect(() => new FrontMatterDate('March 1st')).toThrow(TypeError);
    expect(() => new FrontMatterDate('2015-03-01\nevil: true')).toThrow(TypeError);
  });

  it('FrontMatterDate serialises to its ISO string outside YAML', () => {
    const d = new FrontMatterDate('2015-03-01');
    expect(String(d)).toBe('2015-03-01');
    expect(JSON.stringify({ d })).toBe('{"d":"2015-03-01"}');
  });

  it('keeps long titles on one line', () => {
    const title = 'A very long title '.repeat(20).trim();
    expect(stringifyFrontMatter({ title })).toBe(`title: ${title}\n`);
  });

  it('writes booleans, lists and shared arrays without anchors', () => {
    const tags = ['a', 'b'];
    const yaml = stringifyFrontMatter({ draft: true, permalink: false, tags, categories: tags });
    expect(yaml).toBe('draft: true\npermalink: false\ntags:\n  - a\n  - b\ncategories:\n  - a\n  - b\n');
  });

  it('writes every string so it reads back the same (YAML 1.1 and 1.2), plain ones included', () => {
    // Letters, marks and digits the plain-string fast path accepts, mixed with every character
    // that could make a plain scalar mean something else.
    const unit = fc.constantFrom(...'/aZé日ñ\u0301٣5 _.,/()\'!?&+-:#"\\[]{}*|>%@`~=\t\u0085\u2028\u00a0'.split(''), 'yes', 'No', 'null', 'ON', '0x', '.inf', '12:30', '2015-03-01');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (title) => {
        const yaml = stringifyFrontMatter({ title, tags: [title] });
        for (const version of ['1.1', '1.2'] as const) {
          const data = parse(yaml, { version });
          expect(data.title, `version ${version}:\n${yaml}`).toBe(title);
          expect(data.tags).toEqual([title]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('writes ordinary titles, names and tags plain, and the words YAML reads as values quoted', () => {
    for (const title of ['Hello world', 'Café & croissants, part 2', 'Écrire (vite) !', 'नमस्ते दुनिया', 'Tom/Jerry - the end?']) {
      expect(stringifyFrontMatter({ title })).toBe(`title: ${title}\n`);
    }
    for (const title of ['Yes', 'NULL', 'off', 'Y', 'True']) expect(stringifyFrontMatter({ title })).toBe(`title: "${title}"\n`);
    expect(stringifyFrontMatter({ title: 'trailing ' })).toBe(`title: "trailing "\n`);
  });

  it("quotes what Psych (Jekyll) reads as a symbol or a number with commas", () => {
    for (const title of [':)', ':-) happy', ':tada:', '1,000', '5,5', '0x1,', '1,000.5', '-1,2']) {
      expect(stringifyFrontMatter({ title })).toBe(`title: "${title}"\n`);
    }
    // Not numbers, not symbols: still plain.
    for (const title of ['Top 1,000 songs', 'a:b', 'v1.2']) expect(stringifyFrontMatter({ title })).not.toMatch(/^title: "/);
  });

  it('keeps key order', () => {
    const yaml = stringifyFrontMatter({ z: 1, a: 2, m: 3 });
    expect(Object.keys(parse(yaml))).toEqual(['z', 'a', 'm']);
  });
});

describe('stringifyData', () => {
  it('writes comment data that reads back the same under YAML 1.1 (Jekyll _data) and 1.2, call after call', () => {
    // Each call reuses one document; what one call wrote must not leak into the next.
    for (const text of [...TRICKY, 'the last one']) {
      const comments = [
        { id: 'c1', author: text, date: new FrontMatterDate('2015-03-01T22:34:00+01:00'), body: `${text}\n\nSecond paragraph\n` },
        { id: text, reply_to: 'c1', body: '' },
      ];
      const yaml = stringifyData(comments);
      for (const version of ['1.1', '1.2'] as const) {
        const data = parse(yaml, { version });
        expect(data[0].author, `version ${version}:\n${yaml}`).toBe(text);
        expect(data[0].body).toBe(`${text}\n\nSecond paragraph\n`);
        expect(data[1]).toEqual({ id: text, reply_to: 'c1', body: '' });
      }
    }
  });

  it('quotes a commenter named like a YAML 1.1 value and writes dates as timestamps', () => {
    const yaml = stringifyData([{ id: '1', author: 'yes', date: new FrontMatterDate('2015-03-01T22:34:00Z'), body: 'Hi' }]);
    expect(yaml).toBe('- id: "1"\n  author: "yes"\n  date: 2015-03-01T22:34:00Z\n  body: Hi\n');
  });
});

describe('renderDocument', () => {
  it('fences the YAML and separates the body with one blank line', () => {
    expect(renderDocument({ title: 'Hi' }, 'Body text.\n')).toBe('---\ntitle: Hi\n---\n\nBody text.\n');
  });

  it('ends with exactly one newline, and trims blank lines around the body', () => {
    expect(renderDocument({ title: 'Hi' }, '\n\nBody\n\n\n')).toBe('---\ntitle: Hi\n---\n\nBody\n');
    expect(renderDocument({ title: 'Hi' }, '')).toBe('---\ntitle: Hi\n---\n\n');
  });

  it('writes empty front matter as bare fences', () => {
    expect(renderDocument({}, 'x')).toBe('---\n---\n\nx\n');
  });

  it.each(TRICKY.map((t) => [t]))('a title %j cannot end the front matter early', (title) => {
    const doc = renderDocument({ title, author: 'me' }, '---\nnot: front matter\n---\n');
    // The first line that is exactly `---` after the opening one closes the block.
    const lines = doc.split('\n');
    const close = lines.indexOf('---', 1);
    const yaml = lines.slice(1, close).join('\n');
    expect(parse(yaml, { version: '1.1' })).toEqual({ title, author: 'me' });
    expect(frontMatterOf(doc)).toBe(`${yaml}\n`);
  });
});
