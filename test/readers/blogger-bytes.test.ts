import { isUtf8 } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFromBytes } from '../../src/readers/input.js';
import { fixturePath, readAll } from '../helpers/readAll.js';

/**
 * A UTF-8 export is surveyed on its bytes (pass 1 decodes only comments and settings); anything
 * else, and any export the text scanner has something to say about, is surveyed on its text.
 * Both must give the same: the same file as UTF-16 (which only the text scanner reads) is the
 * reference.
 */
const fixture = (path: string) => fixturePath(`blogger/${path}`);

async function readBoth(bytes: Buffer) {
  const asUtf8 = await readAll(inputFromBytes('export.xml', bytes));
  const asText = await readAll(inputFromBytes('export.xml', Buffer.from(`\ufeff${bytes.toString('utf8').replace(/^\ufeff/, '')}`, 'utf16le')));
  return { asUtf8, asText };
}

function comparable(read: Awaited<ReturnType<typeof readAll>>) {
  return { posts: read.posts, warnings: read.warnings, skipped: read.skipped, error: read.error === undefined ? undefined : String(read.error) };
}

/** The fixtures that are one feed in UTF-8 (the byte path's case). */
function utf8Feeds(): string[] {
  const root = fixture('');
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.(xml|atom)$/.test(name) ? [path] : [];
    });
  return walk(root).filter((path) => {
    const bytes = readFileSync(path);
    return isUtf8(bytes) && !/encoding=['"](?!utf-8)/i.test(bytes.subarray(0, 200).toString('latin1'));
  });
}

describe('blogger reader: the survey on bytes reads what the survey on text reads', () => {
  it.each(utf8Feeds().map((path) => [path.slice(fixture('').length), path]))('%s', async (_, path) => {
    const { asUtf8, asText } = await readBoth(readFileSync(path));
    expect(comparable(asUtf8)).toEqual(comparable(asText));
  });
});

describe('blogger reader: comments that are not plain', () => {
  const file = fixture('comments-not-plain/export.xml');

  it('reads each as the parser does, beside the plain ones', async () => {
    const { posts, warnings, error } = await readAll(file);
    expect(error).toBeUndefined();
    expect(warnings).toEqual([]);
    const [post] = posts;
    expect(posts).toHaveLength(1);
    expect(post!.comments.map((c) => [c.author, c.body.value])).toEqual([
      ['Reader 1', 'Plain and simple, with an entity: fish &amp; chips.'],
      ['Reader 2', 'Kept <b>as written</b> & unescaped'],
      ['Reader 3', 'Inline <i>markup</i> in the body'],
      ['Reader 4', 'After a note'],
      ['Reader 5', 'A reply to the first'],
      ['Reader 6', 'Its own namespace'],
      ['Reader 7', 'Spaced end tag'],
    ]);
    expect(post!.comments[4]!.replyTo).toBe('tag:blogger.com,1999:blog-2222.post-901');
    const { asUtf8, asText } = await readBoth(readFileSync(file));
    expect(comparable(asUtf8)).toEqual(comparable(asText));
  });
});

describe('blogger reader: exports surveyed on their text', () => {
  it('reads an export in the encoding it declares (ISO-8859-1)', async () => {
    const { posts, warnings, error } = await readAll(fixture('latin1-declared/export.xml'));
    expect(error).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(posts.map((p) => p.title)).toEqual(['Crème brûlée', 'Second']);
    expect(posts[0]!.body.value).toBe('<p>Déjà vu à Noël.</p>');
    expect(posts[0]!.comments.map((c) => [c.author, c.body.value])).toEqual([['Renée', 'Très bon, merci ! ¿Qué?']]);
  });

  it('says where bytes that are not UTF-8 are, and reads the rest', async () => {
    const file = fixture('invalid-utf8/export.xml');
    const { posts, warnings, error } = await readAll(file);
    expect(error).toBeUndefined();
    // Line 13 `  <content type='html'>&lt;p&gt;Before ` is 39 characters: the bad bytes are the 40th.
    expect(warnings).toEqual([
      {
        code: 'ENCODING',
        message: 'bytes that are not valid UTF-8 were replaced by U+FFFD (check the file is not damaged, or pass --encoding) (line 13, column 40)',
        source: { file, line: 13 },
      },
    ]);
    expect(posts.map((p) => p.body.value)).toEqual(['<p>Before \uFFFD(\uFFFD after.</p>', '<p>Grüße.</p>']);
    expect(posts[0]!.comments.map((c) => c.body.value)).toEqual(['Nice — thanks.']);
  });

  it('says where the feed needed a repair, and reads the rest', async () => {
    const file = fixture('stray-end-tag/export.xml');
    const { posts, warnings, error } = await readAll(file);
    expect(error).toBeUndefined();
    expect(warnings).toEqual([
      { code: 'XML_RECOVERED', message: "stray end tag </stray> between the feed's elements was ignored (line 17, column 1)", source: { file, line: 17 } },
    ]);
    expect(posts.map((p) => p.title)).toEqual(['First', 'Second']);
    expect(posts[0]!.comments.map((c) => c.body.value)).toEqual(['Reply ✓']);
    const { asUtf8, asText } = await readBoth(readFileSync(file));
    expect(comparable(asUtf8)).toEqual(comparable(asText));
  });
});
