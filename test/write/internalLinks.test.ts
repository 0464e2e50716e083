/**
 * Links between posts of one blog, through `convert`: a Blogger export (written for these tests)
 * whose posts link each other under the blog's other hosts, with ?m=1, fragments, a label, the
 * home page, a page, a deleted post, another blog, a custom domain, and the same links inside
 * code. Then the same files again: re-runs, dry runs, edits, --force.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/layouts/frontMatter.js';
import { layouts } from '../../src/layouts/index.js';
import { renderPost } from '../../src/layouts/toMarkdown.js';
import type { PostReport } from '../../src/model/report.js';
import { exitCodeOf } from '../../src/model/report.js';
import { convert } from '../../src/write/convert.js';
import { InternalLinks } from '../../src/write/internalLinks.js';
import { OutputFolder } from '../../src/write/outputFolder.js';
import { SiteMap } from '../../src/write/siteMap.js';
import { makePost } from '../helpers/makePost.js';
import { fixturePath, readAll } from '../helpers/readAll.js';

const EXPORT = fixturePath('blogger/internal-links/export.xml');
const DELETED = 'https://wanderlust-notes.blogspot.com/2018/11/a-post-i-deleted.html';

let out: string;
beforeEach(() => {
  out = join(mkdtempSync(join(tmpdir(), 'blogport-links-')), 'out');
});
const read = (path: string) => readFileSync(join(out, path), 'utf8');
const body = (path: string) => read(path).split('\n---\n')[1]!.trim();
const statuses = (report: Awaited<ReturnType<typeof convert>>) => Object.fromEntries(report.posts.map((p) => [p.output, p.status]));

/** The body of "Back in Porto", links rewritten for the plain layout. */
const PORTO_PLAIN = [
  'Back in Porto, two years after [the Lisbon tram](/posts/lisbon-tram/) and [my first look](/posts/porto-first-look/#photos) (see [this comment](/posts/porto-first-look/#c777)).',
  '',
  `The [post I deleted](${DELETED}) is gone, more [cafés](/tags/cafe-culture/), [home](/), [about me](/pages/about/), [someone else's tram](https://other-blog.blogspot.com/2019/05/lisbon-tram.html), [the tram on my own domain](/posts/lisbon-tram/) and [the May 2019 archive](https://wanderlust-notes.blogspot.com/2019/05/).`,
  '',
  '[![tram](https://blogger.googleusercontent.com/img/tram.jpg)](/posts/lisbon-tram/)',
  '',
  'To link a post in Markdown, write `[the tram](https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html)`, or:',
  '',
  '```',
  '[the tram](https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html)',
  '<a href="https://wanderlust-notes.blogspot.com/2019/05/lisbon-tram.html">tram</a>',
  '```',
].join('\n');

describe('internal links', () => {
  it('point at the new pages: country domains, ?m=1, fragments, labels, home, pages, a custom domain; code untouched', async () => {
    const report = await convert([EXPORT], { outDir: out, siteUrl: ['https://www.wanderlust.example/'] });
    expect(exitCodeOf(report)).toBe(0);
    expect(body('posts/back-in-porto.md')).toBe(PORTO_PLAIN);
    // A link to a post that comes later in the export (older posts are listed last) …
    expect(body('posts/lisbon-tram.md')).toBe('Tram 28 through Alfama. Read [about me](/pages/about/).');
    // … and to one that came earlier (the export lists the newest first).
    expect(body('posts/porto-first-look.md')).toBe('First look at Porto. I went back [later](/posts/back-in-porto/).\n\nPhotos below.');
    expect(body('pages/about.md')).toBe('I write about [travel](/tags/travel/).');
    // Drafts are published later: their links are rewritten too.
    expect(body('posts/not-yet.md')).toBe('Draft: compare with [the tram](/posts/lisbon-tram/).');
    // Eight in "Back in Porto" (the image link too; not the deleted post, the other blog, the
    // archive page or the code), one in each of the four others.
    expect(report.links).toEqual({ rewritten: 12, posts: 5, unresolved: [{ output: 'posts/back-in-porto.md', url: DELETED }] });
    expect(Object.values(statuses(report))).toEqual(['written', 'written', 'written', 'written', 'written']);
  });

  it('use the layout’s URLs (Hugo: section paths, urlized tags)', async () => {
    const report = await convert([EXPORT], { outDir: out, layout: 'hugo' });
    const porto = body('content/posts/back-in-porto.md');
    expect(porto).toContain('[the Lisbon tram](/posts/lisbon-tram/)');
    expect(porto).toContain('[cafés](/tags/caf%C3%A9-culture/)');
    expect(porto).toContain('[about me](/about/)');
    // Without --site-url the custom domain is just another site.
    expect(porto).toContain('[the tram on my own domain](http://www.wanderlust.example/2019/05/lisbon-tram.html)');
    expect(report.links.rewritten).toBe(11);
  });

  it('running again changes nothing and rewrites nothing', async () => {
    await convert([EXPORT], { outDir: out });
    const before = statSync(join(out, 'posts/back-in-porto.md')).mtimeMs;
    const first = read('posts/back-in-porto.md');
    const again = await convert([EXPORT], { outDir: out });
    expect(Object.values(statuses(again))).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(read('posts/back-in-porto.md')).toBe(first);
    expect(statSync(join(out, 'posts/back-in-porto.md')).mtimeMs).toBe(before);
    expect(again.links.rewritten).toBe(11);
  });

  it('a dry run writes nothing and reports what would be rewritten', async () => {
    const dry = await convert([EXPORT], { outDir: out, dryRun: true });
    expect(existsSync(out)).toBe(false);
    expect(Object.values(statuses(dry))).toEqual(['planned', 'planned', 'planned', 'planned', 'planned']);
    expect(dry.links).toEqual({ rewritten: 11, posts: 5, unresolved: [{ output: 'posts/back-in-porto.md', url: DELETED }] });
    await convert([EXPORT], { outDir: out });
    const dryAgain = await convert([EXPORT], { outDir: out, dryRun: true });
    expect(Object.values(statuses(dryAgain))).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('finishes a file an earlier version (or an interrupted run) wrote with the old links, without --force', async () => {
    const { posts } = await readAll(EXPORT);
    const porto = posts.find((p) => p.title === 'Back in Porto')!;
    const unlinked = renderPost(porto, { layout: 'plain', slug: 'back-in-porto', comments: 'data' }).document;
    expect(unlinked).toContain('](https://wanderlust-notes.blogspot.co.uk/2019/05/lisbon-tram.html?m=1)');
    const first = await convert([EXPORT], { outDir: out });
    writeFileSync(join(out, 'posts/back-in-porto.md'), unlinked);
    const dry = await convert([EXPORT], { outDir: out, dryRun: true });
    expect(statuses(dry)['posts/back-in-porto.md']).toBe('planned');
    expect(read('posts/back-in-porto.md')).toBe(unlinked);
    const again = await convert([EXPORT], { outDir: out });
    expect(statuses(again)['posts/back-in-porto.md']).toBe('written');
    expect(again.posts.flatMap((p) => p.warnings)).toEqual([]);
    expect(body('posts/back-in-porto.md')).toBe(PORTO_PLAIN.replace('[the tram on my own domain](/posts/lisbon-tram/)', '[the tram on my own domain](http://www.wanderlust.example/2019/05/lisbon-tram.html)'));
    expect(first.links.rewritten).toBe(again.links.rewritten);
  });

  it('keeps a file someone edited (text or a link) unless --force, like any other file', async () => {
    await convert([EXPORT], { outDir: out });
    const original = read('posts/back-in-porto.md');
    const cases = [
      ['edited text', original.replace('two years after', 'three years after')],
      ['edited link', original.replace('[my first look](/posts/porto-first-look/#photos)', '[my first look](/my/own/place/)')],
    ] as const;
    for (const [what, edited] of cases) {
      writeFileSync(join(out, 'posts/back-in-porto.md'), edited);
      const dry = await convert([EXPORT], { outDir: out, dryRun: true });
      expect(statuses(dry)['posts/back-in-porto.md'], `${what}: dry run`).toBe('skipped');
      const kept = await convert([EXPORT], { outDir: out });
      expect(statuses(kept)['posts/back-in-porto.md'], what).toBe('skipped');
      expect(kept.posts.find((p) => p.output === 'posts/back-in-porto.md')!.warnings.map((w) => w.code), what).toEqual(['EXISTS']);
      expect(read('posts/back-in-porto.md'), what).toBe(edited);
      expect(kept.links.unresolved, `${what}: a kept file's links are not counted`).toEqual([]);
      const forcedDry = await convert([EXPORT], { outDir: out, force: true, dryRun: true });
      expect(statuses(forcedDry)['posts/back-in-porto.md'], `${what}: --force --dry-run`).toBe('planned');
      expect(read('posts/back-in-porto.md'), what).toBe(edited);
      const forced = await convert([EXPORT], { outDir: out, force: true });
      expect(statuses(forced)['posts/back-in-porto.md'], `${what}: --force`).toBe('written');
      expect(read('posts/back-in-porto.md'), `${what}: --force`).toBe(original);
    }
  });

  it('leaves documents without links to their blog to the ordinary path (text dumps, --site-url or not)', async () => {
    const text = join(out.replace(/out$/, ''), 'blog.txt');
    writeFileSync(text, 'Sunday, 1 March 2015\n\nHello\n\nSee https://www.wanderlust.example/2019/05/lisbon-tram.html\n');
    const report = await convert([text], { outDir: out, siteUrl: ['wanderlust.example'] });
    expect(report.links).toEqual({ rewritten: 0, posts: 0, unresolved: [] });
    expect(read('posts/hello.md')).toContain('https://www.wanderlust.example/2019/05/lisbon-tram.html');
  });

  it('refuses a --site-url that is not an address, before writing anything', async () => {
    await expect(convert([EXPORT], { outDir: out, siteUrl: ['https://'] })).rejects.toThrow(/--site-url/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('InternalLinks: documents kept in memory, or written twice beyond the budget', () => {
  const blog = { id: '7', url: 'https://x.blogspot.com/' };
  const postA = makePost({ blog, aliases: ['/2019/01/a.html'], title: 'A' });
  const postB = makePost({ blog, aliases: ['/2019/02/b.html'], title: 'B' });
  const reportOf = (): PostReport => ({ id: 'x', kind: 'post', title: 'x', draft: false, status: 'failed', warnings: [] });
  const DOC = renderDocument({ title: 'A' }, 'See [b](https://x.blogspot.de/2019/02/b.html?m=1) and `[b](https://x.blogspot.com/2019/02/b.html)`.');

  async function settleA(budget: number) {
    const site = new SiteMap(layouts.plain, { bundle: false }, []);
    const links = new InternalLinks(site, new OutputFolder(out), { dryRun: false, force: false }, budget);
    const reportA = reportOf();
    const pageA = site.add(postA, 'a', '');
    const found = links.find(postA, DOC)!;
    expect(found.links.map((l) => l.raw)).toEqual(['https://x.blogspot.de/2019/02/b.html?m=1']);
    reportA.status = await links.settle(postA, reportA, 'posts/a.md', DOC, found, pageA);
    // B is read after A (as an older post is, in an export).
    site.add(postB, 'b', '');
    return { links, reportA, pageA };
  }

  it('within the budget: nothing on disk until the end, then one write with the links rewritten', async () => {
    const { links, reportA } = await settleA(1 << 20);
    expect(reportA.status).toBe('written');
    expect(existsSync(join(out, 'posts/a.md'))).toBe(false);
    expect(await links.finish()).toEqual({ rewritten: 1, posts: 1, unresolved: [] });
    expect(read('posts/a.md')).toBe(DOC.replace('https://x.blogspot.de/2019/02/b.html?m=1', '/posts/b/'));
  });

  it('beyond it: written at once as rendered, rewritten at the end', async () => {
    const { links, reportA } = await settleA(0);
    expect(reportA.status).toBe('written');
    expect(read('posts/a.md')).toBe(DOC);
    expect(await links.finish()).toEqual({ rewritten: 1, posts: 1, unresolved: [] });
    expect(reportA.status).toBe('written');
    expect(read('posts/a.md')).toBe(DOC.replace('https://x.blogspot.de/2019/02/b.html?m=1', '/posts/b/'));
  });

  it('a file changed on disk in between is left alone and the post fails with a reason', async () => {
    const { links, reportA, pageA } = await settleA(0);
    writeFileSync(join(out, 'posts/a.md'), `${DOC}edited\n`);
    expect(await links.finish()).toEqual({ rewritten: 0, posts: 0, unresolved: [] });
    expect(reportA.status).toBe('failed');
    // The site map hears of it: no redirect or link leads to a post that failed.
    expect(pageA.failed).toBe(true);
    expect(reportA.warnings.map((w) => w.message)).toEqual(['could not rewrite the links in posts/a.md: the file changed while blogport was running']);
    expect(read('posts/a.md')).toBe(`${DOC}edited\n`);
  });
});

describe('internal links and comments files', () => {
  it('a post whose comments file cannot be written still fails, and its document is still finished', async () => {
    const withComment = join(out.replace(/out$/, ''), 'export.xml');
    // The fixture's "Back in Porto" with a comment, so it has a comments data file.
    const xml = readFileSync(EXPORT, 'utf8').replace(
      '</feed>',
      "<entry><id>tag:blogger.com,1999:blog-4242.post-77</id><published>2021-03-11T10:00:00.000Z</published><updated>2021-03-11T10:00:00.000Z</updated><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/><title type='text'>Nice</title><content type='html'>Nice</content><author><name>Bo</name></author><thr:in-reply-to href='https://wanderlust-notes.blogspot.com/2021/03/back-in-porto.html' ref='tag:blogger.com,1999:blog-4242.post-3' type='text/html'/></entry></feed>",
    );
    writeFileSync(withComment, xml);
    const { mkdirSync } = await import('node:fs');
    // A folder where the comments file should go.
    mkdirSync(join(out, 'comments/posts/back-in-porto.yaml'), { recursive: true });
    const report = await convert([withComment], { outDir: out, force: true });
    const porto = report.posts.find((p) => p.output === 'posts/back-in-porto.md')!;
    expect(porto.comments).toBe('comments/posts/back-in-porto.yaml');
    expect(porto.status).toBe('failed');
    expect(porto.warnings.map((w) => w.code)).toEqual(['WRITE_FAILED']);
    expect(body('posts/back-in-porto.md')).toContain('[the Lisbon tram](/posts/lisbon-tram/)');
    expect(exitCodeOf(report)).toBe(1);
  });
});
