import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import { exitCodeOf } from '../../src/model/report.js';
import { convert } from '../../src/write/convert.js';

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blogport-convert-'));
  out = join(dir, 'out');
});

const input = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const frontMatter = (file: string) => parse(readFileSync(file, 'utf8').split('---\n')[1]!) as Record<string, unknown>;

const SAME_TITLE = `Sunday, 1 March 2015

Hello

First.

Post created by X

Hello

Second.

Post created by X
`;

describe('convert', () => {
  it('gives two posts on one path distinct names and warns about the second', async () => {
    const report = await convert([input('dup.txt', SAME_TITLE)], { outDir: out });
    expect(readdirSync(join(out, 'posts')).sort()).toEqual(['hello-2.md', 'hello.md']);
    expect(report.posts.map((p) => p.output)).toEqual(['posts/hello.md', 'posts/hello-2.md']);
    expect(report.posts[1]!.warnings.map((w) => w.code)).toEqual(['PATH_COLLISION']);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('never overwrites an edited file without --force, and says so', async () => {
    const file = input('dup.txt', SAME_TITLE);
    await convert([file], { outDir: out });
    writeFileSync(join(out, 'posts/hello.md'), 'my edits');
    const again = await convert([file], { outDir: out });
    expect(readFileSync(join(out, 'posts/hello.md'), 'utf8')).toBe('my edits');
    expect(again.posts.map((p) => p.status)).toEqual(['skipped', 'unchanged']);
    expect(again.posts[0]!.warnings.at(-1)!.message).toMatch(/--force/);
    const forced = await convert([file], { outDir: out, force: true });
    expect(forced.posts.map((p) => p.status)).toEqual(['written', 'unchanged']);
    expect(readFileSync(join(out, 'posts/hello.md'), 'utf8')).toMatch(/^---\ntitle: Hello/);
  });

  it('plans but writes nothing on a dry run', async () => {
    const report = await convert([input('dup.txt', SAME_TITLE)], { outDir: out, dryRun: true });
    expect(report.posts.map((p) => [p.status, p.output])).toEqual([
      ['planned', 'posts/hello.md'],
      ['planned', 'posts/hello-2.md'],
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps every file inside the output folder whatever the title says', async () => {
    const text = 'Sunday, 1 March 2015\n\n../../../etc/passwd\n\nx\n\nPost created by X\n\n/absolute/path\n\ny\n';
    const report = await convert([input('evil.txt', text)], { outDir: out, layout: 'jekyll' });
    expect(report.posts.map((p) => p.output)).toEqual(['_posts/2015-03-01-etc-passwd.md', '_posts/2015-03-01-absolute-path.md']);
    expect(readdirSync(dir).sort()).toEqual(['evil.txt', 'out']);
  });

  it('reports an unreadable input and still converts the others', async () => {
    const good = input('good.txt', SAME_TITLE);
    const report = await convert([join(dir, 'missing.txt'), good], { outDir: out });
    expect(report.inputs.map((i) => i.error ?? 'ok')).toEqual([`${join(dir, 'missing.txt')}: no such file — check the path (relative paths start from the current folder)`, 'ok']);
    expect(report.counts.written).toBe(2);
    expect(exitCodeOf(report)).toBe(2);
  });

  it('gives times an offset with --timezone and keeps day-only dates as days', async () => {
    const text = 'Sunday, 1 March 2015\n\nA\n\nx\n\nPosted by Ann at 10:34 PM\n\nSunday, 2 August 2015\n\nB\n\ny\n';
    await convert([input('tz.txt', text)], { outDir: out, timezone: 'Europe/London' });
    expect(String(frontMatter(join(out, 'posts/a.md')).date)).toBe('2015-03-01T22:34:00+00:00');
    expect(frontMatter(join(out, 'posts/b.md')).date).toBe('2015-08-02');
  });

  it.each([
    [{ layout: 'wordpress' }, /--layout wordpress is not one of plain, hugo/],
    [{ dateOrder: 'ymd' }, /--date-order ymd/],
    [{ timezone: 'Mars/Olympus' }, /Mars\/Olympus/],
    [{ footer: ['(unclosed'] }, /--footer "\(unclosed" is not a valid regular expression/],
  ])('rejects the bad option %j before touching anything', async (options, message) => {
    const error = await convert([input('x.txt', SAME_TITLE)], { outDir: out, ...(options as object) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlogportError);
    expect((error as BlogportError).toLine()).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('convert: a Takeout whose blogs have names that make the same folder', () => {
  it('gives each blog a tree of its own, so neither its posts nor its redirect map meet the other blog\'s', async () => {
    // Names with no Latin letters both slugify to nothing, so both would be "blog/".
    const blogs = join(dir, 'Takeout/Blogger/Blogs');
    const fixtures = new URL('../fixtures/blogger/takeout-two-blogs/Takeout/Blogger/Blogs/', import.meta.url).pathname;
    for (const [name, from] of [['日本語ブログ', 'Cooking Notes'], ['中文博客', 'Garden Diary']] as const) {
      mkdirSync(join(blogs, name), { recursive: true });
      copyFileSync(join(fixtures, from, 'feed.atom'), join(blogs, name, 'feed.atom'));
    }
    const report = await convert([join(dir, 'Takeout')], { outDir: out, layout: 'hugo', redirects: 'netlify' });
    expect(readdirSync(out).sort()).toEqual(['blog', 'blog-2']);
    const trees = new Set(report.posts.map((p) => `${p.output!.split('/')[0]} ${p.id.replace(/\.post-.*/, '')}`));
    // Feeds are read in folder-name order: 中文博客 (U+4E2D) before 日本語ブログ (U+65E5).
    expect(trees).toEqual(new Set(['blog tag:blogger.com,1999:blog-3333', 'blog-2 tag:blogger.com,1999:blog-2222']));
    expect(report.redirects!.map((r) => [r.path, r.status])).toEqual([
      ['blog/static/_redirects', 'written'],
      ['blog-2/static/_redirects', 'written'],
    ]);
    expect(readFileSync(join(out, 'blog-2/static/_redirects'), 'utf8')).toContain('/2021/03/sourdough-step-by-step.html');
    expect(readFileSync(join(out, 'blog/static/_redirects'), 'utf8')).not.toContain('sourdough');
    expect(report.posts.flatMap((p) => p.warnings).filter((w) => w.code === 'BLOG_FOLDER_COLLISION').map((w) => w.message)).toEqual([
      'another blog of this export is written under "blog/"; this blog ("日本語ブログ") goes to "blog-2/"',
    ]);
  });
});

describe('convert: a Blogger date with an offset past ±23:59', () => {
  it('converts the post from its other date, with a warning; it failed with "Malformed PostDate offset"', async () => {
    const file = new URL('../fixtures/blogger/date-offset-out-of-range/export.xml', import.meta.url).pathname;
    const report = await convert([file], { outDir: out, layout: 'jekyll' });
    expect(exitCodeOf(report)).toBe(0);
    expect(report.posts.map((p) => [p.status, p.date, p.output])).toEqual([['written', '2016-08-02T11:30:00+02:00', '_posts/2016-08-02-offset-past-a-day.md']]);
    expect(report.posts[0]!.warnings.map((w) => w.code)).toContain('BAD_DATE');
  });
});

describe('convert: saved pages named one by one', () => {
  const fixture = (path: string) => join(import.meta.dirname, '..', 'fixtures', 'pages', path);

  it('reads them as one input, so a post shown on a listing and on its own page is written once, from its own page', async () => {
    const listing = fixture('wordpress/listing-excerpts-read-more.html');
    const single = fixture('wordpress/post-comments-share-related.html');
    const report = await convert([listing, single], { outDir: out });
    expect(report.inputs).toEqual([
      expect.objectContaining({ file: `${listing} and 1 more page`, format: 'html', posts: 2, skipped: { 'post shown on another page': 1 }, evidence: { wordpress: 2 } }),
    ]);
    expect(report.posts.map((p) => [p.title, p.evidence])).toEqual([
      ['Brewing at altitude', 'wordpress'],
      ['Mashing in the cold', 'wordpress'],
    ]);
    const brewing = readFileSync(join(out, report.posts[0]!.output!), 'utf8');
    expect(brewing).toContain('Add 10% more bittering hops');
    expect(frontMatter(join(out, report.posts[0]!.output!))).not.toHaveProperty('truncated');
  });
});

describe('convert: post entries streamed', () => {
  it('hands every settled post to onPost with its reading index; reportPosts: false keeps only the counts', async () => {
    const seen: [number, string, string][] = [];
    const report = await convert([input('blog.txt', SAME_TITLE)], {
      outDir: out,
      reportPosts: false,
      onPost: (post, index) => seen.push([index, post.status, post.output ?? '']),
    });
    expect(report.posts).toEqual([]);
    expect(report.counts).toMatchObject({ read: 2, written: 2 });
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 'written', 'posts/hello.md'],
      [1, 'written', 'posts/hello-2.md'],
    ]);
  });
});

describe('convert: an unknown --encoding', () => {
  it('is one BAD_OPTION error before anything is read or written, not a failure per page', async () => {
    const pages = join(import.meta.dirname, '../fixtures/pages');
    const failure = await convert([pages], { outDir: out, encoding: 'klingon-8' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BlogportError);
    expect((failure as BlogportError).code).toBe('BAD_OPTION');
    expect((failure as BlogportError).message).toMatch(/unknown encoding "klingon-8"/);
    expect(existsSync(out)).toBe(false);
  });
});
