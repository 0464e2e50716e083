/**
 * WordPress themes (and any theme using the hAtom classes WordPress popularised: `.hentry`,
 * `.entry-title`, `.entry-content`, `.published`): an `article` (or `.hentry`/`.post`) per post,
 * `time[datetime]` or `abbr.published` for the date, `rel="tag"` links for tags and categories.
 * Comment `article`s are not posts, and neither is anything inside a comment section.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { COMMENT_SECTIONS, findComments } from '../comments.js';
import { emptyPost, firstDate, firstElement, firstText, uniqueList, type FoundPost } from '../found.js';
import { absoluteUrl, type Page } from '../page.js';
import type { Extractor } from './extractor.js';

const ENTRY = 'article, .hentry, .type-post, .post, .type-page';
const CONTENT = ['.entry-content', '.post-content', '.entry-summary', '.post-entry', '.entry'];
const TITLE = ['.entry-title', '.post-title', 'h1', 'h2'];
const PUBLISHED = ['time.published[datetime]', 'time.entry-date[datetime]', '.entry-published[datetime]', '[itemprop="datePublished"]', 'abbr.published[title]', '.entry-meta time[datetime]', '.posted-on time[datetime]', 'time[datetime]', '.entry-date', '.published'];
const UPDATED = ['time.updated[datetime]:not(.published):not(.entry-published)', '[itemprop="dateModified"]'];
const AUTHOR = ['.entry-author [itemprop="name"]', '.byline .author .fn', '.byline .fn', '.author.vcard .fn', '.author.vcard a', '.entry-author', '.byline a[rel="author"]', 'a[rel="author"]', '.vcard .fn'];

const CATEGORY_WORDS = new Set(['cat-links', 'category', 'categories', 'entry-categories', 'post-categories', 'cats', 'entry-category']);
const TAG_WORDS = new Set(['tags-links', 'tag-links', 'post_tag', 'tags', 'entry-tags', 'post-tags', 'tag']);

function isWordPress(page: Page): boolean {
  if (/wordpress/i.test(page.meta.generator)) return true;
  return page.$('link[href*="/wp-content/"], script[src*="/wp-includes/"], link[href*="/wp-includes/"]').length > 0;
}

/** Posts in hAtom markup; `evidence` names WordPress when the page is WordPress's, else hAtom. */
export const wordpressExtractor: Extractor = {
  name: 'wordpress',
  find(page) {
    const { $ } = page;
    const evidence = isWordPress(page) ? 'wordpress' : 'hatom';
    if (evidence === 'hatom' && $('.hentry').length === 0) return [];
    const entries = findEntries($);
    return entries.map((el) => readEntry($, page, el, evidence, entries.length === 1));
  },
};

/** Entries with content, innermost (a wrapper `.post` around several `article`s is not a post). */
function findEntries($: CheerioAPI): Element[] {
  const candidates = ($(ENTRY).toArray() as Element[]).filter(
    (el) => !$(el).is(COMMENT_SECTIONS) && $(el).parents(COMMENT_SECTIONS).length === 0 && !/\bcomment\b/.test(el.attribs.class ?? '') && firstElement($, el, CONTENT),
  );
  const set = new Set(candidates);
  const hasInner = new Set<Element>();
  for (const el of candidates) {
    for (let p = el.parent; p; p = p.parent) if (set.has(p as Element)) hasInner.add(p as Element);
  }
  return candidates.filter((el) => !hasInner.has(el));
}

function readEntry($: CheerioAPI, page: Page, el: Element, evidence: string, single: boolean): FoundPost {
  const post = emptyPost(evidence);
  const body = firstElement($, el, CONTENT)!;
  post.body = body;
  if ($(body).is('.entry-summary') || $(body).find('a.more-link, .more-link').length > 0) post.excerpt = true;
  const titleEl = firstElement($, el, TITLE);
  if (titleEl && !$(body).find(titleEl).length) {
    const title = $(titleEl).text().replace(/\s+/g, ' ').trim();
    if (title) post.title = title;
  }
  const link = (titleEl && $(titleEl).find('a[href]').attr('href')) ?? $(el).find('a[rel="bookmark"]').attr('href');
  const url = absoluteUrl(link, page.url);
  if (url) post.url = url;
  const date = firstDate($, el, PUBLISHED);
  if (date) post.date = date;
  const updated = firstDate($, el, UPDATED);
  if (updated) post.updated = updated;
  const author = firstText($, el, AUTHOR);
  if (author) post.author = author.replace(/^by\s+/i, '');
  const authorUrl = $(el).find('a[rel="author"]').attr('href');
  if (authorUrl) post.authorUrl = authorUrl;

  // rel="tag" links outside the body: categories when WordPress says so (rel="category tag", a
  // /category/ link, or a categories container), tags otherwise.
  const tags: string[] = [];
  const categories: string[] = [];
  for (const a of $(el).find('a[rel~="tag"], .tags-links a, .cat-links a').toArray() as Element[]) {
    if ($(body).find(a).length) continue;
    const rel = a.attribs.rel ?? '';
    const href = a.attribs.href ?? '';
    // Class words of the containers between the link and the entry (the entry's own classes
    // list every category and tag of the post, so they say nothing about this link).
    const words: string[] = [];
    for (let p = a.parent as Element | null; p && p !== el; p = p.parent as Element | null) words.push(...(p.attribs?.class ?? '').split(/\s+/));
    const categoryContainer = words.some((w) => CATEGORY_WORDS.has(w));
    const tagContainer = words.some((w) => TAG_WORDS.has(w));
    const isCategory = /\bcategory\b/.test(rel) || (!tagContainer && (categoryContainer || /\/category\//.test(href)));
    (isCategory ? categories : tags).push($(a).text());
  }
  post.tags = uniqueList(tags);
  post.categories = uniqueList(categories);

  // Comments: inside the entry in some themes, after it in most. Only a page with one entry owns the page's comments.
  const scope = single ? ($('body')[0] as Element | undefined) ?? el : el;
  const { comments, deleted } = findComments($, scope);
  post.comments = comments;
  if (deleted) post.deletedComments = deleted;
  return post;
}
