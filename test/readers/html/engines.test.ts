import { describe, expect, it } from 'vitest';
import type { Post } from '../../../src/model/post.js';
import { detectReader } from '../../../src/readers/index.js';
import { bloggerExtractor } from '../../../src/readers/html/engines/blogger.js';
import { parsePage } from '../../../src/readers/html/page.js';
import { inputFromBytes } from '../../../src/readers/input.js';
import { fixturePath, readAll } from '../../helpers/readAll.js';

const page = (path: string) => fixturePath(`pages/${path}`);
const byTitle = (posts: Post[], title: string) => posts.find((p) => p.title === title)!;

describe('saved pages: Blogger', () => {
  it('classic archive: posts under one date header share its day; time and permalink from the footer; untitled post flagged', async () => {
    const { posts, error } = await readAll(page('blogger/classic-archive-two-posts-one-day.html'));
    expect(error).toBeUndefined();
    expect(posts.map((p) => [p.title, p.date])).toEqual([
      ['Spring cleaning', { precision: 'local', date: '2007-03-15', time: '21:05:00' }],
      ['Quick note: the garden is green again.', { precision: 'local', date: '2007-03-15', time: '08:15:00' }],
      ['Birds', { precision: 'local', date: '2007-03-12', time: '07:30:00' }],
    ]);
    const [cleaning, note, birds] = posts as [Post, Post, Post];
    expect(note.titleDerived).toBe(true);
    expect(note.warnings.map((w) => w.code)).toContain('UNTITLED');
    expect(cleaning.author).toBe('Lena');
    expect(cleaning.url).toBe('http://lena.example.com/2007/03/spring-cleaning.html');
    expect(cleaning.slug).toBe('spring-cleaning');
    expect(cleaning.aliases).toEqual(['/2007/03/spring-cleaning.html']);
    expect(cleaning.evidence).toBe('blogger');
    // Footer, comment link and admin icons stay out of the body; relative links become absolute.
    expect(cleaning.body.value).not.toMatch(/posted by|comments|post-edit/i);
    expect(cleaning.body.value).toContain('href="http://lena.example.com/2006/01/new-router.html"');
    expect(birds.body.value).toContain('src="http://lena.example.com/uploaded_images/robins.jpg"');
    for (const post of posts) expect(post.body.value).not.toMatch(/Previous Posts|Get your own blog|Powered by Blogger/);
  });

  it('a classic page of many posts is searched as a whole a fixed number of times, not once more per post', () => {
    // Whole-page queries per post made a 6,000-post archive page take most of a minute (quadratic).
    const html = (posts: number) =>
      `<html><head><meta name="generator" content="Blogger"></head><body><h2 class="date-header">Sunday, March 1, 2015</h2>` +
      Array.from({ length: posts }, (_, i) => `<div class="post"><h3 class="post-title">Post ${i}</h3><div class="post-body">Body ${i}</div></div>`).join('') +
      `</body></html>`;
    const wholePageQueries = (posts: number) => {
      const page = parsePage(html(posts), 'many-posts.html');
      let queries = 0;
      const counted = new Proxy(page.$, {
        apply(target, self, args: unknown[]) {
          if (typeof args[0] === 'string' && args.length === 1) queries++;
          return Reflect.apply(target, self, args);
        },
      });
      const found = bloggerExtractor.find({ ...page, $: counted });
      expect(found).toHaveLength(posts);
      return queries;
    };
    expect(wholePageQueries(40)).toBe(wholePageQueries(4));
  });

  it('layouts-era post page: exact time with offset, author, labels; threaded comments captured, deleted ones counted, none in the body', async () => {
    const { posts, skipped } = await readAll(page('blogger/layouts-post-threaded-comments.html'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.title).toBe('A better soldering station');
    expect(post.date).toEqual({ precision: 'offset', date: '2015-06-14', time: '20:41:00', offset: '-07:00' });
    expect(post.author).toBe('Ada T.');
    expect(post.authorUrl).toBe('https://www.blogger.com/profile/42');
    expect(post.tags).toEqual(['tools', 'electronics']);
    expect(post.url).toBe('https://tinkerer.blogspot.com/2015/06/soldering-station.html');
    expect(post.comments.map((c) => [c.author, c.date])).toEqual([
      ['Bob Builder', { precision: 'local', date: '2015-06-15', time: '07:20:00' }],
      ['Ada T.', { precision: 'local', date: '2015-06-15', time: '09:02:00' }],
    ]);
    expect(post.comments[1]!.replyTo).toBe(post.comments[0]!.id);
    expect(post.comments[0]!.body.value).toContain('Which tips do you use?');
    expect(skipped['deleted comment']).toBe(1);
    expect(post.body.value).not.toMatch(/Which tips|Post a Comment|Share to Twitter|Labels|Older Post|Blog Archive/);
    expect(post.body.value).toContain('s1600/station.jpg');
  });

  it('broken markup still yields its post', async () => {
    const { posts, error } = await readAll(page('bad/broken-markup-unclosed.html'));
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Unclosed things']);
    expect(posts[0]!.body.value).toContain('Second paragraph');
    expect(posts[0]!.date).toEqual({ precision: 'local', date: '2009-05-05', time: '13:00:00' });
  });
});

describe('saved pages: WordPress', () => {
  it('single post: categories and tags told apart, share and related-posts blocks and comments out of the body, threaded comments kept', async () => {
    const { posts } = await readAll(page('wordpress/post-comments-share-related.html'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.evidence).toBe('wordpress');
    expect(post.title).toBe('Brewing at altitude');
    expect(post.date).toEqual({ precision: 'offset', date: '2019-08-03', time: '10:12:00', offset: '+02:00' });
    expect(post.updated).toEqual({ precision: 'offset', date: '2019-08-05', time: '08:00:00', offset: '+02:00' });
    expect(post.author).toBe('Marta');
    expect(post.categories).toEqual(['Brewing']);
    expect(post.tags).toEqual(['altitude', 'boiling point']);
    expect(post.slug).toBe('brewing-at-altitude');
    expect(post.image).toBe('https://hopsandhills.example/wp-content/uploads/2019/08/kettle.jpg');
    expect(post.body.value).toContain('hop utilisation');
    expect(post.body.value).toContain('https://hopsandhills.example/wp-content/uploads/2019/08/kettle-300x225.jpg 300w');
    expect(post.body.value).not.toMatch(/Share this|Related|Mashing in the cold|Leave a Reply|Recent Posts|pressure cooker/);
    expect(post.comments.map((c) => c.author)).toEqual(['Karl', 'Marta']);
    expect(post.comments[0]!.authorUrl).toBe('https://karl.example/');
    expect(post.comments[1]!.replyTo).toBe(post.comments[0]!.id);
    expect(post.comments[0]!.body.value).not.toContain('Reply');
  });

  it('listing: a summary with "Continue reading" is an excerpt, a full post on the listing is not', async () => {
    const { posts } = await readAll(page('wordpress/listing-excerpts-read-more.html'));
    expect(posts.map((p) => [p.title, p.excerpt ?? false])).toEqual([
      ['Brewing at altitude', true],
      ['Mashing in the cold', false],
    ]);
    expect(posts[0]!.body.value).not.toContain('Continue reading');
    expect(posts[0]!.warnings.map((w) => w.code)).toContain('EXCERPT');
    expect(posts[0]!.url).toBe('https://hopsandhills.example/2019/08/brewing-at-altitude/');
  });
});

describe('saved pages: structured data', () => {
  it('h-entry: name, published, author, categories, e-content; an h-cite reply is a comment', async () => {
    const { posts } = await readAll(page('structured/h-entry-note-with-comment.html'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.evidence).toBe('h-entry');
    expect(post).toMatchObject({ title: 'Walking to work', author: 'Sam Rivera', tags: ['walking', 'city'] });
    expect(post.date).toEqual({ precision: 'offset', date: '2021-04-02', time: '08:15:00', offset: '-04:00' });
    expect(post.body.value).toContain('<em>heron</em>');
    expect(post.comments.map((c) => c.author)).toEqual(['Jo']);
  });

  it('JSON-LD Article: facts from the data, body from the main content without its tag list and share bar', async () => {
    const { posts } = await readAll(page('structured/json-ld-article-ghost.html'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.evidence).toBe('json-ld');
    expect(post).toMatchObject({ title: 'Der lange Weg', author: 'Greta Weber', tags: ['Wandern', 'Alpen'], description: 'Drei Tage über den Kamm.' });
    expect(post.date).toEqual({ precision: 'offset', date: '2022-05-01', time: '09:30:00', offset: '+00:00' });
    expect(post.body.value).toContain('Am ersten Tag');
    expect(post.body.value).toContain('href="https://wander.example/gipfel/"');
    expect(post.body.value).not.toMatch(/Teile diesen|Facebook|Beliebte|Startseite|Impressum/);
  });

  it('schema.org microdata BlogPosting', async () => {
    const { posts } = await readAll(page('structured/microdata-blogposting.html'));
    expect(posts.map((p) => [p.evidence, p.title, p.author, p.tags, p.date])).toEqual([
      ['microdata', 'Replacing the clutch cable', 'Tom', ['motorbike', 'repair'], { precision: 'day', date: '2012-11-20' }],
    ]);
  });

  it('Open Graph article meta: title, date and tags; body is the main text block, not the menu or sidebar', async () => {
    const { posts } = await readAll(page('structured/open-graph-article.html'));
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.evidence).toBe('open-graph');
    expect(post.title).toBe('Field notes from the marsh');
    expect(post.tags).toEqual(['marsh', 'autumn']);
    expect(post.date).toEqual({ precision: 'offset', date: '2018-10-07', time: '17:45:00', offset: '+01:00' });
    expect(post.body.value).toContain('bittern');
    expect(post.body.value).not.toMatch(/Birding forum|Archive|All photos|Field notes from the marsh/);
  });
});

describe('saved pages: date headers in the main content (no engine, no structured data)', () => {
  it('localised headers split the content; several titled posts under one header; footers become author, time and tags', async () => {
    const { posts } = await readAll(page('fallback/date-headers-german-italian-footers.html'));
    expect(posts.map((p) => [p.title, p.date, p.author, p.tags])).toEqual([
      ['Herbstlaub', { precision: 'local', date: '2009-10-21', time: '22:34:00' }, 'Klara', ['Herbst', 'Garten']],
      ['Kürbissuppe', { precision: 'local', date: '2009-10-21', time: '19:02:00' }, 'Klara', []],
      ['In Rom', { precision: 'day', date: '2007-01-12' }, undefined, []],
    ]);
    expect(posts.every((p) => p.evidence === 'date-headers')).toBe(true);
    for (const post of posts) expect(post.body.value).not.toMatch(/Posted by|Labels|comments:|Gästebuch|Freunde|Oktober 21/);
    expect(posts[0]!.body.value).toContain('<b>gelb</b>');
  });

  it('a listing whose date sits inside each block: one excerpt per block, tags from the tag box, chrome out', async () => {
    const { posts } = await readAll(page('fallback/listing-blocks-dates-inside.html'));
    expect(posts.map((p) => [p.title, p.date?.date, p.url, p.excerpt, p.tags])).toEqual([
      ['Конкурс для водителей', '2016-02-17', 'http://shop.example.ru/blog/konkurs/', true, ['Новости', 'Акции']],
      ['Обновление ПО 7.0.1', '2016-02-03', 'http://shop.example.ru/blog/update-7-0-1/', true, ['Новости']],
    ]);
    for (const post of posts) expect(post.body.value).not.toMatch(/ВКонтакте|комментарии|Tags|Главная|Магазин/);
  });

  it('a page with no recognisable post: one warning naming the page, no posts', async () => {
    const { posts, warnings, error } = await readAll(page('bad/no-post-about-page.html'));
    expect(error).toBeUndefined();
    expect(posts).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'NO_POSTS', source: { file: page('bad/no-post-about-page.html') } })]);
  });
});

describe('saved pages: numeric date headers', () => {
  const numericPage = (lang: string, dates: string[]) =>
    `<html lang="${lang}"><head><meta charset="utf-8"></head><body><div id="posts">${dates
      .map((d, i) => `<p class="when">${d}</p><h3>Post ${i + 1}</h3><p>Some text of post ${i + 1}, long enough to be a body.</p>`)
      .join('')}</div></body></html>`;
  const read = (html: string, options = {}) => readAll(inputFromBytes('numeric.html', new TextEncoder().encode(html)), options);

  it('a field above 12 on the page proves the order for every header', async () => {
    const { posts } = await read(numericPage('en', ['03/04/2015', '25/03/2015']));
    expect(posts.map((p) => p.date?.date)).toEqual(['2015-04-03', '2015-03-25']);
    expect(posts.flatMap((p) => p.warnings.map((w) => w.code))).not.toContain('DATE_ORDER_ASSUMED');
  });

  it('ambiguous dates follow the page language, with a warning; --date-order decides silently', async () => {
    const us = await read(numericPage('en-US', ['03/04/2015']));
    expect(us.posts[0]!.date?.date).toBe('2015-03-04');
    expect(us.posts[0]!.warnings.map((w) => w.code)).toContain('DATE_ORDER_ASSUMED');
    const de = await read(numericPage('de', ['03.04.2015']));
    expect(de.posts[0]!.date?.date).toBe('2015-04-03');
    const chosen = await read(numericPage('de', ['03.04.2015']), { dateOrder: 'mdy' });
    expect(chosen.posts[0]!.date?.date).toBe('2015-03-04');
    expect(chosen.posts[0]!.warnings.map((w) => w.code)).not.toContain('DATE_ORDER_ASSUMED');
  });
});

describe('saved pages: comment markups and page facts', () => {
  it('classic Blogger comment list: poster, numeric date, body; deleted comments counted', async () => {
    const { posts, skipped } = await readAll(page('blogger/classic-post-page-comments-list.html'));
    expect(posts[0]!.comments.map((c) => [c.author, c.authorUrl, c.date])).toEqual([
      ['Ed Finkler', 'http://ed.example.org/', { precision: 'local', date: '2006-02-16', time: '06:48:00' }],
    ]);
    expect(skipped['deleted comment']).toBe(1);
    expect(posts[0]!.body.value).not.toMatch(/Looks like|Post a Comment|Home/);
  });

  it('Epoch comments: a plain-text author without the date after it, the date from the text, replies threaded', async () => {
    const { posts } = await readAll(page('wordpress/epoch-comments-plain-author.html'));
    const [first, reply] = posts[0]!.comments;
    expect([first!.author, reply!.author]).toEqual(['Sallie', 'Ammon']);
    expect(reply!.date).toEqual({ precision: 'local', date: '2017-03-11', time: '20:41:00' });
    expect(reply!.replyTo).toBe(first!.id);
  });

  it('a listing ends with its last post: pagination and "back to top" after it are not part of it; control characters leave titles', async () => {
    const { posts } = await readAll(page('fallback/listing-blocks-dates-inside.html'));
    expect(posts.map((p) => p.title)).toEqual(['Конкурс для водителей', 'Обновление ПО 7.0.1']);
    expect(posts[1]!.body.value).not.toMatch(/Начало|up\.png|PAGEN/);
  });

  it('a Movable Type export with HTML bodies is not taken for a saved page: it is named for what it is', async () => {
    const mt = 'AUTHOR: x\nTITLE: y\nDATE: 03/01/2015 10:00:00\n-----\nBODY:\n<p>Hello <a href="https://example.com/">world</a></p>\n<div>more</div>\n-----\n--------\n';
    expect(() => detectReader(inputFromBytes('mt.txt', new TextEncoder().encode(mt)))).toThrow(/^is a Movable Type export/);
  });
});
