import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { main, pluralOf } from '../../src/cli/main.js';
import { optionTable } from '../../src/options.js';
import { bloggerExport } from '../helpers/bloggerExport.js';
import { ImageServer, imageBytes } from '../helpers/imageServer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blogport-cli-'));
});

async function run(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

const sample = new URL('../../fixtures/sample-blog.txt', import.meta.url).pathname;

describe('blogport CLI', () => {
  it('converts the sample archive and closes with a summary and its warnings', async () => {
    const out = join(dir, 'site');
    const { code, out: stdout, err } = await run('convert', sample, '-o', out);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(join(out, 'posts')).sort()).toEqual([
      'a-script-to-log-the-shed-temperature.md',
      'cafe-racer-part-2-the-tank-question.md',
      'pi-day-in-the-shed.md',
      'welcome-back.md',
    ]);
    expect(stdout).toMatch(/4 posts read from 1 input .*: 4 written, 0 unchanged, 0 skipped, 0 failed, 1 warning/);
    expect(stdout).toMatch(/sample-blog\.txt:1: lines 1-2 come before the first date header/);
  });

  it('says per input how many posts, pages, drafts and live comments it held, and what it skipped (the same counts in the report)', async () => {
    // 4 posts (one a draft, one scheduled after the export), 1 page, 5 comments of which one was removed.
    const blog = new URL('../fixtures/blogger/classic-tiny/export.xml', import.meta.url).pathname;
    const reportFile = join(dir, 'report.json');
    const { code, out: stdout } = await run('convert', blog, '-o', join(dir, 'site'), '--report', reportFile);
    expect(code).toBe(0);
    expect(stdout).toContain(`\n  ${blog}: 4 posts, 1 page (2 drafts), 4 comments; skipped 1 deleted comment, 1 template\n`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.inputs[0]).toMatchObject({ posts: 5, read: { posts: 4, pages: 1, drafts: 2, comments: 4 }, skipped: { 'deleted comment': 1, template: 1 } });
  });

  it('writes each post of the report with only the fields it has, always in the same order', async () => {
    // Report entries are made with every field present (one shape for all); those a post lacks
    // must still be left out of the JSON, not written as null, and the order must not move.
    const blog = new URL('../fixtures/blogger/classic-tiny/export.xml', import.meta.url).pathname;
    const reportFile = join(dir, 'report.json');
    const { code } = await run('convert', blog, '-o', join(dir, 'site'), '--report', reportFile, '--quiet');
    expect(code).toBe(0);
    const posts: Record<string, unknown>[] = JSON.parse(readFileSync(reportFile, 'utf8')).posts;
    const order = ['id', 'kind', 'title', 'draft', 'status', 'warnings', 'evidence', 'date', 'output', 'comments', 'assets'];
    for (const post of posts) {
      const keys = Object.keys(post);
      expect(keys).toEqual(order.filter((key) => keys.includes(key)));
      expect(Object.values(post)).not.toContain(null);
    }
    // Posts with comments name their data file; the others have no `comments` key at all.
    expect(posts.filter((post) => 'comments' in post).length).toBeGreaterThan(0);
    expect(posts.filter((post) => !('comments' in post)).length).toBeGreaterThan(0);
    expect(posts.every((post) => !('evidence' in post) && !('assets' in post))).toBe(true);
  });

  it.each([
    ['deleted comment', 'deleted comments'],
    ['broken entry', 'broken entries'],
    ['template', 'templates'],
    ['comment on trashed post', 'comments on trashed post'],
    ['post shown on another page', 'posts shown on another page'],
    ['comment with status PENDING', 'comments with status PENDING'],
    ['saved-page asset folder', 'saved-page asset folders'],
    ['duplicate post', 'duplicate posts'],
  ])('names %j skipped more than once as %j', (one, many) => {
    expect(pluralOf(one)).toBe(many);
  });

  it('writes the report as JSON with every post, its path and warnings', async () => {
    const reportFile = join(dir, 'report.json');
    const { code } = await run('convert', sample, '-o', join(dir, 'site'), '--report', reportFile, '--quiet', '--layout', 'jekyll');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.posts.map((p: { output: string }) => p.output)).toContain('_posts/2015-03-14-pi-day-in-the-shed.md');
    expect(report.posts[0]).toMatchObject({ id: 'text:sample-blog.txt#1', title: 'Pi day, in the shed', date: '2015-03-14T21:41:00', status: 'written' });
    expect(report.warnings[0].code).toBe('TEXT_BEFORE_FIRST_POST');
  });

  it('says in one line how many internal links now point to the new pages and how many were left, and where the redirect map went', async () => {
    const blog = new URL('../fixtures/blogger/internal-links/export.xml', import.meta.url).pathname;
    const reportFile = join(dir, 'report.json');
    const { code, out: stdout } = await run('convert', blog, '-o', join(dir, 'site'), '--layout', 'hugo', '--redirects', 'netlify', '--site-url', 'wanderlust.example', '--report', reportFile);
    expect(code).toBe(0);
    expect(stdout).toContain('\nInternal links: 12 now point to the new pages (in 5 posts); 1 to posts not in the archive left as they were (listed in the --report JSON)\n');
    expect(stdout).toContain('\nRedirects (netlify): 6 old addresses → static/_redirects: written');
    expect(JSON.parse(readFileSync(reportFile, 'utf8')).links.unresolved).toEqual([
      { output: 'content/posts/back-in-porto.md', url: 'https://wanderlust-notes.blogspot.com/2018/11/a-post-i-deleted.html' },
    ]);
    const { out: quiet } = await run('convert', sample, '-o', join(dir, 'text'));
    expect(quiet).not.toMatch(/Internal links|Redirects/);
  });

  it.each([
    ['an empty file', () => writeFileSync(join(dir, 'in'), ''), /in: is empty \(0 bytes\)/],
    ['a binary file', () => writeFileSync(join(dir, 'in'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /in: .*PNG/],
    ['text with no date headers', () => writeFileSync(join(dir, 'in'), 'hello\nworld\n'), /in: no date header lines found.*--from/],
    ['a folder', () => mkdirSync(join(dir, 'in')), /in: is a folder/],
    ['a missing file', () => undefined, /in: no such file/],
  ])('refuses %s with one line naming it, exit 2, nothing written', async (_case, make, message) => {
    make();
    const out = join(dir, 'site');
    const { code, err } = await run('convert', join(dir, 'in'), '-o', out, '--quiet');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('prints titles and messages from the archive as one line each, their control characters shown, never sent to the terminal', async () => {
    const page = new URL('../fixtures/pages/bad/terminal-escapes-in-titles.html', import.meta.url).pathname;
    const { code, out: stdout } = await run('convert', page, '-o', join(dir, 'site'), '--dry-run');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const listed = stdout.split('\n').filter((line) => line.includes('alert'));
    expect(listed).toEqual([
      expect.stringMatching(/^ {2}planned +posts\/red-31m-alert-0-window-title-on-two-lines\.md {2}Red\\u001b\[31m alert \\u001b\]0;window title\\u0007 on two lines$/),
      expect.stringMatching(/^ {2}planned +posts\/red-31m-alert-0-window-title-on-two-lines-2\.md {2}Red/),
      expect.stringMatching(/entry 2: another post already has the slug/),
    ]);
  });

  it.each([
    [['convert'], /no input given/],
    [['explode', 'x'], /unknown command "explode"/],
    [['convert', 'x', '--layout', 'wordpress'], /--layout wordpress is not one of/],
    [['convert', 'x', '--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['convert', 'x', '--concurrency', 'many'], /--concurrency many is not a whole number of at least 1/],
    [['convert', 'x', '--concurrency', '0'], /--concurrency 0 is not a whole number of at least 1/],
    [['convert', 'x', '--retries', '1.5'], /--retries 1.5 is not a whole number of at least 0/],
    [['convert', 'x', '--max-asset-size', 'huge'], /--max-asset-size huge is not a size — e\.g\. 500KB/],
    [['convert', 'x', '--assets-dir', '../elsewhere'], /--assets-dir "\.\.\/elsewhere" must be a folder inside the output folder/],
    [['convert', 'x', '--assets', 'fetch'], /--assets fetch is not one of keep, download/],
  ])('treats %j as bad usage (exit 2)', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('documents every option in --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const spec of optionTable) expect(out).toContain(`--${spec.flag}`);
    for (const flag of ['--report', '--quiet', '--version']) expect(out).toContain(flag);
  });

  it("keeps the README's usage block identical to --help", async () => {
    const { out } = await run('--help');
    const usage = out.slice(out.indexOf('Usage:'), out.indexOf('\nInputs:')).trimEnd();
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(usage);
  });

  it('prints its version', async () => {
    const { code, out } = await run('--version');
    expect(code).toBe(0);
    expect(out.trim()).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  });

  it('downloads images with --assets download and sums them up, failures listed with their reason', async () => {
    const server = await ImageServer.start();
    try {
      server.routes.set('/photo.jpg', { body: imageBytes.jpeg('photo') });
      const input = join(dir, 'export.xml');
      writeFileSync(input, bloggerExport([{ slug: 'photos', title: 'Photos', html: `<img src="${server.url('/photo.jpg')}"><img src="${server.url('/lost.jpg')}">` }]));
      const out = join(dir, 'site');
      const { code, out: stdout } = await run('convert', input, '-o', out, '--assets', 'download', '--allow-private-hosts', '--layout', 'hugo');
      expect(code).toBe(0);
      expect(stdout).toMatch(/\nImages: 1 downloaded \(\d+ bytes, 2 requests\), 0 reused, 1 failed \(kept remote; see the warnings\)\n/);
      expect(stdout).toContain(`export.xml entry 1: image kept remote, not downloaded: ${server.url('/lost.jpg')} — HTTP 404`);
      expect(readdirSync(join(out, 'static/images/posts/photos'))).toEqual(['photo.jpg']);
    } finally {
      await server.close();
    }
  });
});
