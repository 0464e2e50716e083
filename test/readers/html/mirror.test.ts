import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAll } from '../../helpers/readAll.js';

const HOST = 'lena.example.blogspot.com';

/** A Layouts-era Blogger page holding `posts` (each full, or cut at its jump break). */
function bloggerPage(canonical: string, posts: { slug: string; title: string; day: string; body: string; excerpt?: boolean }[]): string {
  const blocks = posts
    .map(
      (p) => `<div class="date-outer"><h2 class='date-header'><span>${p.day}</span></h2><div class="date-posts"><div class='post-outer'>
<div class='post hentry'><h3 class='post-title entry-title'><a href='https://${HOST}/2013/10/${p.slug}.html'>${p.title}</a></h3>
<div class='post-body entry-content'>${p.excerpt ? p.body.split('<!--jump-->')[0] : p.body.replace('<!--jump-->', "<a name='more'></a>")}</div>
${p.excerpt ? `<div class='jump-link'><a href='https://${HOST}/2013/10/${p.slug}.html#more' title='${p.title}'>Read more »</a></div>` : ''}
<div class='post-footer'><span class='post-timestamp'>at <a class='timestamp-link' href='https://${HOST}/2013/10/${p.slug}.html' rel='bookmark' title='permanent link'><abbr class='published' title='2013-10-0${p.slug.length % 9}T10:00:00+02:00'>10:00 AM</abbr></a></span></div>
</div></div></div></div>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html><head><meta content='blogger' name='generator'/><meta charset='utf-8'>
<link href='${canonical}' rel='canonical'/><title>Lena</title></head><body><div class='blog-posts hfeed'>${blocks}</div>
<div class='sidebar'><h2>Blog Archive</h2></div></body></html>`;
}

const gardens = { slug: 'gardens', title: 'Gardens', day: 'Saturday, October 5, 2013', body: '<p>Short intro.</p><!--jump--><p>The long rest of the post, only on its own page.</p>' };
const rain = { slug: 'rain', title: 'Rain', day: 'Friday, October 4, 2013', body: '<p>It rained all day.</p>' };

const root = mkdtempSync(join(tmpdir(), 'blogport-mirror-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

describe('a mirror folder', () => {
  write(`${HOST}/index.html`, bloggerPage(`https://${HOST}/`, [{ ...gardens, excerpt: true }, rain]));
  write(`${HOST}/2013/10/index.html`, bloggerPage(`https://${HOST}/2013/10/`, [gardens, rain]));
  write(`${HOST}/2013/10/gardens.html`, bloggerPage(`https://${HOST}/2013/10/gardens.html`, [gardens]));
  write(`${HOST}/2013/10/gardens.html?m=1`, bloggerPage(`https://${HOST}/2013/10/gardens.html`, [gardens]));
  write(`${HOST}/2013/10/gardens.html?showComment=1380960000000`, bloggerPage(`https://${HOST}/2013/10/gardens.html`, [gardens]));
  write(`${HOST}/search/label/weather.html`, bloggerPage(`https://${HOST}/search/label/weather`, [rain]));
  write(`${HOST}/2013/10/gardens_files/style.html`, '<html><body>not a page of the blog</body></html>');
  write(`${HOST}/robots.txt`, 'User-agent: *');

  it('gives each post once, from its best page: the full body over the excerpt, its own page over listings', async () => {
    const { posts, skipped, warnings } = await readAll(join(root, HOST));
    expect(warnings).toEqual([]);
    expect(posts.map((p) => p.title).sort()).toEqual(['Gardens', 'Rain']);
    const garden = posts.find((p) => p.title === 'Gardens')!;
    expect(garden.body.value).toContain('only on its own page');
    expect(garden.excerpt).toBeUndefined();
    expect(garden.source.file).toMatch(/2013\/10\/gardens\.html$/);
    // Rain has no page of its own in the mirror: it comes from one listing, once.
    expect(posts.filter((p) => p.title === 'Rain')).toHaveLength(1);
    expect(skipped).toMatchObject({ 'mirror duplicate page': 2, 'saved-page asset folder': 1 });
    // Six sightings of two posts: four are other pages showing them.
    expect(skipped['post shown on another page']).toBe(4);
  });

  it('posts and pages without a canonical link get their URL from their place in the mirror', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'blogport-mirror-nocanon-'));
    try {
      mkdirSync(join(sub, 'old.example.com', '2006', '02'), { recursive: true });
      writeFileSync(
        join(sub, 'old.example.com', '2006', '02', 'post.html'),
        `<html><head><meta name="generator" content="Blogger"></head><body><h2 class="date-header">Friday, February 24, 2006</h2>
<div class="post"><h3 class="post-title">Relative</h3><div class="post-body"><img src="../../uploaded_images/a.jpg"></div></div></body></html>`,
      );
      const { posts } = await readAll(sub);
      expect(posts[0]!.body.value).toContain('src="http://old.example.com/uploaded_images/a.jpg"');
      const { posts: based } = await readAll(sub, { baseUrl: 'https://mirror.example.net/site/' });
      expect(based[0]!.body.value).toContain('src="https://mirror.example.net/site/old.example.com/uploaded_images/a.jpg"');
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  it('a folder without any HTML page is a clear error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'blogport-empty-'));
    try {
      writeFileSync(join(empty, 'notes.txt'), 'hello');
      const { error } = await readAll(empty, { from: 'html' });
      expect(error).toMatchObject({ code: 'FORMAT_UNKNOWN', message: 'is a folder with no HTML pages in it' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
