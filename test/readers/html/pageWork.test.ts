// The reader's pool path: pages parsed elsewhere (`ReadOptions.pageWork`, worker threads in
// `convert`) give the same posts, warnings and skip counts, in the same order, as pages parsed
// on the reader's own thread. The pool here stands in for the threads: every job and answer
// crosses a structured clone, and answers come back out of order.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPageBytes, type PageJob, type PageOutcome } from '../../../src/readers/html/pageWork.js';
import { fixturePath, readAll } from '../../helpers/readAll.js';

const HOST = 'mara.example.blogspot.com';

function bloggerPage(canonical: string, posts: { slug: string; title: string; body: string; excerpt?: boolean; comments?: string[] }[]): string {
  const blocks = posts
    .map(
      (p) => `<div class='post-outer'><div class='post hentry'>
<h3 class='post-title entry-title'><a href='https://${HOST}/2014/03/${p.slug}.html'>${p.title}</a></h3>
<div class='post-body entry-content'>${p.body}</div>
${p.excerpt ? `<div class='jump-link'><a href='https://${HOST}/2014/03/${p.slug}.html#more'>Read more »</a></div>` : ''}
<div class='post-footer'><a class='timestamp-link' href='https://${HOST}/2014/03/${p.slug}.html'><abbr class='published' title='2014-03-0${p.slug.length % 9}T09:00:00+01:00'>9:00</abbr></a></div>
</div>${p.comments ? `<div class='comments' id='comments'><div class='comments-content'><div class='comment-thread'><ol>${p.comments.map((c, i) => `<li class='comment' id='c${i + 1}'><div class='comment-block'><div class='comment-header'><cite class='user'>Reader ${i + 1}</cite></div><p class='comment-content'>${c}</p></div></li>`).join('')}</ol></div></div></div>` : ''}</div>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html><head><meta content='blogger' name='generator'/><meta charset='utf-8'>
<link href='${canonical}' rel='canonical'/><title>Mara</title></head><body><div class='blog-posts hfeed'>${blocks}</div></body></html>`;
}

const root = mkdtempSync(join(tmpdir(), 'blogport-pagework-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string | Buffer): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

const kites = { slug: 'kites', title: 'Kites', body: '<p>Short.</p>' };
const tides = { slug: 'tides', title: 'Tides', body: '<p>The tide came in twice.</p>', comments: ['Lovely', 'Which beach?'] };
const frost = { slug: 'frost', title: 'Frost', body: '<p>Frost on the window, a longer text than the listing shows.</p>' };
// Posts on their own pages (final at once), a post only on listings (merged in the second pass),
// a page with no post, and a legacy-encoded page with no charset.
write(`${HOST}/2014/03/kites.html`, bloggerPage(`https://${HOST}/2014/03/kites.html`, [kites]));
write(`${HOST}/2014/03/tides.html`, bloggerPage(`https://${HOST}/2014/03/tides.html`, [tides]));
write(`${HOST}/2014/03/tides.html?m=1`, bloggerPage(`https://${HOST}/2014/03/tides.html`, [tides]));
write(`${HOST}/index.html`, bloggerPage(`https://${HOST}/`, [kites, { ...frost, body: '<p>Frost on the window</p>', excerpt: true }]));
write(`${HOST}/2014/03/index.html`, bloggerPage(`https://${HOST}/2014/03/`, [frost, tides, kites]));
write(`${HOST}/search/label/weather.html`, bloggerPage(`https://${HOST}/search/label/weather`, [frost]));
write(`${HOST}/p/about.html`, '<!DOCTYPE html><html><head><title>About</title></head><body><p>Just me.</p></body></html>');
write(
  `${HOST}/2014/03/cafe.html`,
  Buffer.from(
    bloggerPage(`https://${HOST}/2014/03/cafe.html`, [{ slug: 'cafe', title: 'Caf\u00e9 cr\u00e8me', body: '<p>\u00c0 la fen\u00eatre \u2013 \u00bfqu\u00e9 tal?</p>' }]).replace("<meta charset='utf-8'>", ''),
    'latin1',
  ),
);

/** A stand-in for worker threads: clones each way, answers out of order, and may fail a page like a dying worker. */
function threads(fail?: RegExp) {
  const jobs: string[] = [];
  let running = 0;
  let most = 0;
  const pageWork = async (job: PageJob): Promise<PageOutcome> => {
    jobs.push(job.file);
    const sent = structuredClone(job);
    running++;
    most = Math.max(most, running);
    try {
      // Later pages answer first.
      await new Promise((resolve) => setTimeout(resolve, jobs.length % 2 === 0 ? 1 : 8));
      if (fail?.test(job.file)) throw new Error('the worker thread stopped');
      return structuredClone(readPageBytes(sent));
    } finally {
      running--;
    }
  };
  return { pageWork, jobs, most: () => most };
}

describe('pages parsed on other threads', () => {
  it('give the same posts, warnings and skip counts, in the same order, as pages parsed here', async () => {
    const here = await readAll(root);
    const pool = threads();
    const there = await readAll(root, { pageWork: pool.pageWork });
    expect(here.error).toBeUndefined();
    // Posts on their own pages first (in folder order), then Frost from the best listing.
    expect(here.posts.map((p) => p.title).slice(0, 3).sort()).toEqual(['Café crème', 'Kites', 'Tides']);
    expect(here.posts[3]!.title).toBe('Frost');
    expect(here.posts[3]!.body.value).toContain('a longer text than the listing shows');
    expect(here.warnings.map((w) => w.code).sort()).toEqual(['ENCODING_GUESSED', 'NO_POSTS']);
    expect(here.posts.find((p) => p.title === 'Tides')!.comments).toHaveLength(2);
    expect(here.skipped).toMatchObject({ 'post shown on another page': 5, 'mirror duplicate page': 1 });
    expect(there).toEqual(here);
    // Every page went to the pool once (the first pass), and the listing Frost is taken from again.
    expect(pool.jobs.filter((file) => file.endsWith('2014/03/index.html'))).toHaveLength(2);
    expect(pool.jobs).toHaveLength(8);
  });

  it('keep a few pages in flight at once, never the whole folder', async () => {
    const pool = threads();
    await readAll(root, { pageWork: pool.pageWork });
    expect(pool.most()).toBeGreaterThan(1);
    expect(pool.most()).toBeLessThanOrEqual(8);
  });

  it('a page whose thread fails is read here instead, and so is every page after it, with nothing lost', async () => {
    const here = await readAll(root);
    const pool = threads(/2014\/03\/tides\.html$/);
    const there = await readAll(root, { pageWork: pool.pageWork });
    expect(there).toEqual(here);
    // Once the pool failed, no page went to it again: only pages already in flight had.
    expect(pool.jobs.length).toBeLessThan(8);
  });

  it('a page that cannot be read on its thread is reported as it is here, and the others still read', async () => {
    // An encoding no decoder knows fails every page where it is decoded, on whichever thread.
    const here = await readAll(root, { encoding: 'x-no-such-encoding' });
    const there = await readAll(root, { encoding: 'x-no-such-encoding', pageWork: threads().pageWork });
    expect(here.posts).toEqual([]);
    expect(here.warnings).toHaveLength(7);
    for (const warning of here.warnings) expect(warning).toMatchObject({ code: 'PAGE_FAILED', message: expect.stringMatching(/^could not be read as a page \(Encoding not recognized.*\); skipped$/) });
    expect(there).toEqual(here);
  });

  it('every fixture page, as one folder, reads the same on other threads', async () => {
    const here = await readAll(fixturePath('pages'));
    const there = await readAll(fixturePath('pages'), { pageWork: threads().pageWork });
    expect(here.posts.length).toBeGreaterThan(10);
    expect(there).toEqual(here);
  });

  it('one page alone is read here, where its error can be the input’s', async () => {
    const pool = threads();
    const { posts } = await readAll(join(root, HOST, '2014/03/tides.html'), { pageWork: pool.pageWork });
    expect(posts.map((p) => p.title)).toEqual(['Tides']);
    expect(pool.jobs).toEqual([]);
  });
});
