import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { isChrome, isReadMore, mainContent } from '../../../src/readers/html/content.js';
import { humanDate } from '../../../src/readers/html/found.js';
import { permalinkKey, SightingIndex } from '../../../src/readers/html/merge.js';
import { listPages } from '../../../src/readers/html/pages.js';
import { inputFromBytes } from '../../../src/readers/input.js';

describe('permalink keys: one post, many addresses', () => {
  it.each([
    ['https://www.example.blogspot.co.uk/2013/10/a.html?m=1#comments', 'example.blogspot.com/2013/10/a.html'],
    ['http://example.blogspot.de/2013/10/a.html', 'example.blogspot.com/2013/10/a.html'],
    ['https://example.com/2013/10/index.html', 'example.com/2013/10'],
    ['https://example.com/?p=123&utm_source=feed', 'example.com/?p=123'],
    ['https://example.com/caf%C3%A9/', 'example.com/café'],
  ])('%s → %s', (url, key) => {
    expect(permalinkKey(url)).toBe(key);
  });
});

describe('SightingIndex', () => {
  it('merges by permalink, or by title and day when one sighting has no permalink', () => {
    const index = new SightingIndex();
    index.add({ url: 'x.com/a', title: '2006-02-15:hip-hop' });
    expect(index.has({ url: 'x.com/a' })).toBe(true);
    expect(index.has({ title: '2006-02-15:hip-hop' })).toBe(true);
    // Same title, same day, another permalink: a second post (a double-posted entry), not a copy.
    expect(index.has({ url: 'x.com/a-15', title: '2006-02-15:hip-hop' })).toBe(false);
    index.add({ title: '2007-01-01:untitled-listing' });
    expect(index.has({ url: 'x.com/b', title: '2007-01-01:untitled-listing' })).toBe(true);
  });
});

describe('content rules', () => {
  it.each(['Read more »', 'Continue reading →', 'Weiterlesen', 'Далее', 'Leer más', '続きを読む', '»', '…'])('"%s" is a read-more link', (text) => {
    expect(isReadMore(text)).toBe(true);
  });
  it.each(['Read more about soldering irons in my older post from last year, which covers tips', 'More', 'Moreover'])('"%s" is not', (text) => {
    expect(isReadMore(text)).toBe(text === 'More');
  });

  it('chrome by element, role and class/id words; content classes are not chrome', () => {
    const $ = load(`<nav id="a"></nav><div role="navigation" id="b"></div><div class="post-share-buttons" id="c"></div>
      <div id="sidebar-left-1" class="x"></div><div class="entry-content" id="d"></div><div class="shared-memories" id="e"></div>
      <article><footer id="f"></footer></article><footer id="g"></footer>`);
    const chrome = (id: string) => isChrome($, $(`#${id}`)[0] as Element);
    expect(['a', 'b', 'c', 'sidebar-left-1', 'g'].map((id) => chrome(id))).toEqual([true, true, true, true, true]);
    expect(['d', 'e', 'f'].map((id) => chrome(id))).toEqual([false, false, false]);
  });

  it('main content: the block with the most running text, not the link-heavy sidebar', () => {
    const para = 'A sentence with words, commas, and more words to make a paragraph of running text. ';
    const $ = load(`<body><div id="side"><p>${'<a href="#">link</a> '.repeat(40)}</p></div>
      <div id="main"><p>${para.repeat(3)}</p><p>${para.repeat(2)}</p></div></body>`);
    expect(mainContent($)?.attribs.id).toBe('main');
  });
});

describe('dates as pages print them', () => {
  it.each([
    ['June 15, 2015 at 7:20 AM', { precision: 'local', date: '2015-06-15', time: '07:20:00' }],
    ['sábado, 12 de octubre de 2013 11:04', { precision: 'local', date: '2013-10-12', time: '11:04:00' }],
    ['12. März 2015 um 22:34 Uhr', { precision: 'local', date: '2015-03-12', time: '22:34:00' }],
    ['Saturday, October 12, 2013 11:04:00 AM CEST', { precision: 'local', date: '2013-10-12', time: '11:04:00' }],
    ['17 февраля 2016 г.', { precision: 'day', date: '2016-02-17' }],
    ['2017-03-09T23:16:02.000+0000', { precision: 'offset', date: '2017-03-09', time: '23:16:02', offset: '+00:00' }],
  ])('%s', (text, date) => {
    expect(humanDate(text)).toEqual(date);
  });
  it.each(['comment_date', 'yesterday', '10:34 PM', '31 February 2015'])('"%s" is no date', (text) => {
    expect(humanDate(text)).toBeUndefined();
  });
});

describe('pages of an input', () => {
  it('a page larger than the limit is refused without being parsed, with a one-line reason', async () => {
    const { pages } = await listPages(inputFromBytes('huge.html', new Uint8Array(2048)));
    await expect(pages[0]!.read(1024)).rejects.toMatchObject({ code: 'PAGE_TOO_LARGE', source: { file: 'huge.html' } });
  });
});
