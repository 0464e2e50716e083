/**
 * Blogger pages, both eras. Classic (FTP-published, pre-2007) templates print `h2.date-header`
 * once per day and a `.post` per post with a "posted by NAME at TIME" footer whose time links to
 * the permalink; Layouts-era templates wrap each day in `.date-outer` and each post in
 * `.post-outer`, with `abbr.published[title]` carrying the exact time and offset. In both, posts
 * under one date header belong to that day.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { parseTimeOfDay } from '../../common/dateHeader.js';
import { COMMENT_SECTIONS, findComments } from '../comments.js';
import { atTime, emptyPost, firstDate, firstElement, firstText, humanDate, outermost, uniqueList, type FoundPost } from '../found.js';
import { absoluteUrl, normaliseSpace, textOf, type Page } from '../page.js';
import type { Extractor } from './extractor.js';

const POST = '.post';
const BODY = ['.post-body', '.entry-content', '.post-content'];
const POSTED_BY_AT = /(?:posted|published|publicado|publié|pubblicato|eingestellt|gepostet|geplaatst|postado|escrito)\s+(?:by|por|par|da|von|door)\s+(.+?)\s+(?:at|a las|à|alle|um|om|às|en|a)\s+(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?\s?m\.?)?)/iu;

function isBlogger(page: Page): boolean {
  if (/blogger/i.test(page.meta.generator)) return true;
  const { $ } = page;
  return $('.date-header').length > 0 && $('.post .post-body, .post-outer').length > 0;
}

export const bloggerExtractor: Extractor = {
  name: 'blogger',
  find(page) {
    if (!isBlogger(page)) return [];
    const { $ } = page;
    const posts: FoundPost[] = [];
    // Asked once per page, not per post: a query over the whole page for each of its posts made a
    // page of thousands of posts take minutes.
    const onlyPost = outermost($, $, POST).length === 1;
    // Date headers and posts in document order: each post belongs to the last header before it.
    let day: string | undefined;
    for (const el of $('.date-header, ' + POST).toArray() as Element[]) {
      if ($(el).is('.date-header')) {
        day = textOf(el);
        continue;
      }
      if ($(el).parents(POST).length > 0 || $(el).parents(COMMENT_SECTIONS).length > 0) continue;
      const body = firstElement($, el, BODY);
      if (!body) continue;
      posts.push(readPost($, page, el, body, day, onlyPost));
    }
    return posts;
  },
};

function readPost($: CheerioAPI, page: Page, el: Element, body: Element, day: string | undefined, onlyPost: boolean): FoundPost {
  const post = emptyPost('blogger');
  post.body = body;
  // The Layouts era keeps footers and comments in .post-outer around .post; classic in .post itself.
  const outer = ($(el).parent('.post-outer')[0] as Element | undefined) ?? el;
  // A footer that broken markup pushed out of its post still belongs to it (up to the next post).
  const stray = firstElement($, outer, ['.post-footer'])
    ? undefined
    : ($(outer).nextUntil('.post, .post-outer, .date-header, .date-outer').filter('.post-footer').first()[0] as Element | undefined);
  const around = $(stray ? [outer, stray] : [outer]);
  const footer = stray ?? firstElement($, outer, ['.post-footer']);
  const footerText = footer ? textOf(footer) : '';
  // "posted by NAME at TIME": read once, for the author and the time.
  const postedBy = POSTED_BY_AT.exec(footerText);

  const title = firstText($, el, ['.post-title', '.entry-title']);
  if (title) post.title = title;

  const link =
    around.find('a.timestamp-link').attr('href') ??
    $(outer).find('.post-timestamp meta[itemprop="url"]').attr('content') ??
    $(el).find('meta[itemprop="url"]').filter((_, m) => $(m).parents('[itemprop="author"]').length === 0).attr('content') ??
    around.find('a[title="permanent link"]').attr('href') ??
    $(el).find('.post-title a').attr('href');
  const url = absoluteUrl(link, page.url);
  if (url) post.url = url.replace(/#.*$/, '');

  // Exact time with offset when the template gives it; else the header's day and the footer's time.
  const exact = firstDate($, outer, ['abbr.published[title]', '.published[title]', '[itemprop="datePublished"]']);
  if (exact && exact.precision !== 'day') {
    post.date = exact;
  } else {
    const headerDay = humanDate(day);
    const permalinkText = normaliseSpace(around.find('a[title="permanent link"], a.timestamp-link').first().text());
    const time = parseTimeOfDay(permalinkText) ?? (postedBy?.[2] ? parseTimeOfDay(postedBy[2]) : undefined);
    post.date = atTime(headerDay ?? exact, time);
    if (day && !headerDay) post.notes.push({ code: 'DATE_UNREADABLE', message: `date header "${day}" is not a date blogport can read` });
  }

  const author =
    firstText($, outer, ['.post-author [itemprop="name"]', '.post-author .fn', '.post-author a']) ??
    postedBy?.[1] ??
    /(?:posted|published)\s+by\s+(.+?)\s*(?:$|\|)/i.exec(footerText)?.[1];
  if (author) post.author = normaliseSpace(author).replace(/^(?:posted by|publicado por|publié par|eingestellt von)\s+/i, '');
  const authorUrl = $(outer).find('.post-author a.g-profile').attr('href') ?? $(outer).find('.post-author [itemprop="url"]').attr('content');
  if (authorUrl) post.authorUrl = authorUrl;

  post.tags = uniqueList(
    around
      .find('.post-labels a, a[rel="tag"]')
      .toArray()
      .map((a) => $(a).text()),
  );

  // "Read more" jump links mark a listing that shows the post only up to its jump break.
  if ($(body).find('.jump-link, a.more-link').length > 0 || $(outer).find('.jump-link').length > 0) post.excerpt = true;

  const image = $(el).find('meta[itemprop="image_url"]').attr('content');
  if (image) post.image = image;

  const { comments, deleted } = findComments($, outer === el ? commentScope($, el, onlyPost) : outer);
  post.comments = comments;
  if (deleted) post.deletedComments = deleted;
  return post;
}

/**
 * Classic templates put a single post's comments in `#comments` after the post, not inside it;
 * only a page showing one post has them (archive pages link to the post page instead).
 */
function commentScope($: CheerioAPI, el: Element, onlyPost: boolean): Element {
  if (onlyPost) {
    const section = $('#comments').first()[0] as Element | undefined;
    if (section) return section;
  }
  return el;
}
