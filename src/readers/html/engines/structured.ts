/**
 * Posts described by structured data rather than a known engine's markup: `h-entry`
 * microformats, schema.org `BlogPosting`/`Article` in microdata or JSON-LD, and Open Graph
 * `article:*` meta. Structured data says what the post is (title, date, author, tags); the body
 * is the element it marks (`e-content`, `articleBody`), else the page's main content.
 */

import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { findComments } from '../comments.js';
import { mainContent } from '../content.js';
import { emptyPost, firstDate, firstElement, firstText, isoDate, outermost, uniqueList, type FoundPost } from '../found.js';
import { absoluteUrl, normaliseSpace, type Page } from '../page.js';
import type { Extractor } from './extractor.js';

export const hEntryExtractor: Extractor = {
  name: 'h-entry',
  find(page) {
    const { $ } = page;
    const entries = outermost($, $, '.h-entry').filter((el) => $(el).parents('.h-cite, .p-comment').length === 0);
    return entries.flatMap((el) => {
      const body = firstElement($, el, ['.e-content', '.p-summary']);
      if (!body) return [];
      const post = emptyPost('h-entry');
      post.body = body;
      post.excerpt = $(body).is('.p-summary') && !$(body).is('.e-content');
      const title = firstText($, el, ['.p-name']);
      // An h-entry whose name is its whole content is a note without a title.
      if (title && title !== normaliseSpace($(body).text())) post.title = title;
      const date = firstDate($, el, ['.dt-published']);
      if (date) post.date = date;
      const updated = firstDate($, el, ['.dt-updated']);
      if (updated) post.updated = updated;
      const author = firstText($, el, ['.p-author .p-name', '.p-author']);
      if (author) post.author = author;
      post.tags = uniqueList($(el).find('.p-category').toArray().map((c) => $(c).text()));
      const url = absoluteUrl($(el).find('.u-url[href]').first().attr('href'), page.url);
      if (url) post.url = url;
      const { comments } = findComments($, el);
      post.comments = comments;
      return [post];
    });
  },
};

const ARTICLE_TYPES = /^(?:BlogPosting|Article|NewsArticle|SocialMediaPosting|TechArticle|Report|ScholarlyArticle|LiveBlogPosting|DiscussionForumPosting|OpinionNewsArticle|AnalysisNewsArticle|ReportageNewsArticle)$/;

function typesOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : [value];
  return raw.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
}

/** A microdata property's value as the spec reads it: `content` of meta, `datetime` of time, `href`/`src` of links and media, else the text. */
function propValue($: CheerioAPI, scope: Element, prop: string): string | undefined {
  const el = $(scope).find(`[itemprop~="${prop}"]`).first()[0] as Element | undefined;
  if (!el) return undefined;
  const a = el.attribs;
  const value = a.content ?? (el.name === 'time' ? a.datetime : undefined) ?? (el.name === 'a' || el.name === 'link' ? a.href : undefined) ?? (el.name === 'img' ? a.src : undefined) ?? $(el).text();
  return normaliseSpace(value ?? '') || undefined;
}

export const microdataExtractor: Extractor = {
  name: 'microdata',
  find(page) {
    const { $ } = page;
    const items = ($('[itemscope][itemtype]').toArray() as Element[]).filter((el) => typesOf((el.attribs.itemtype ?? '').split(/\s+/)).some((t) => ARTICLE_TYPES.test(t)));
    const articles = items.filter((el) => !items.some((other) => other !== el && $(other).find(el).length > 0));
    return articles.flatMap((el) => {
      const body = firstElement($, el, ['[itemprop~="articleBody"]', '[itemprop~="text"]']);
      if (!body) return [];
      const post = emptyPost('microdata');
      post.body = body;
      const title = propValue($, el, 'headline') ?? propValue($, el, 'name');
      if (title) post.title = title;
      const date = firstDate($, el, ['[itemprop~="datePublished"]']);
      if (date) post.date = date;
      const updated = firstDate($, el, ['[itemprop~="dateModified"]']);
      if (updated) post.updated = updated;
      const author = firstText($, el, ['[itemprop~="author"] [itemprop~="name"]']) ?? propValue($, el, 'author');
      if (author) post.author = author;
      const keywords = propValue($, el, 'keywords');
      if (keywords) post.tags = uniqueList(keywords.split(/\s*,\s*/));
      const url = absoluteUrl($(el).find('[itemprop~="url"]').first().attr('href') ?? $(el).find('meta[itemprop~="url"]').attr('content'), page.url);
      if (url) post.url = url;
      return [post];
    });
  },
};

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return normaliseSpace(value) || undefined;
  if (Array.isArray(value)) return str(value[0]);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return str(o.name) ?? str(o.url) ?? str(o['@id']);
  }
  return undefined;
}

function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(names);
  const s = str(value);
  return s ? [s] : [];
}

/** What a page's one JSON-LD article says about it (no body). */
export function jsonLdFacts(page: Page): FoundPost | undefined {
  const articles = page.jsonLd.filter((o) => typesOf(o['@type']).some((t) => ARTICLE_TYPES.test(t)));
  // Several articles in JSON-LD on one page are a listing's summaries; their bodies are not on the page.
  if (articles.length !== 1) return undefined;
  const item = articles[0]!;
  const post = emptyPost('json-ld');
  const title = str(item.headline) ?? str(item.name);
  if (title) post.title = title;
  const date = isoDate(str(item.datePublished)) ?? isoDate(str(item.dateCreated));
  if (date) post.date = date;
  const updated = isoDate(str(item.dateModified));
  if (updated) post.updated = updated;
  const authors = names(item.author);
  if (authors.length) post.author = authors.join(', ');
  const keywords = item.keywords;
  post.tags = uniqueList(Array.isArray(keywords) ? keywords.filter((k): k is string => typeof k === 'string') : typeof keywords === 'string' ? keywords.split(/\s*,\s*/) : []);
  post.categories = uniqueList(names(item.articleSection));
  const url = absoluteUrl(str(item.url), page.url) ?? page.url;
  if (url) post.url = url;
  const image = absoluteUrl(str(item.image) ?? str(item.thumbnailUrl), page.url);
  if (image) post.image = image;
  const description = str(item.description);
  if (description) post.description = description;
  const body = str(item.articleBody);
  if (body) post.bodyHtml = textToHtml(body);
  return post;
}

export const jsonLdExtractor: Extractor = {
  name: 'json-ld',
  find(page) {
    const post = jsonLdFacts(page);
    return post ? withPageBody(page, post) : [];
  },
};

/** What a page's Open Graph / article meta says about it (no body); undefined when it says nothing. */
export function openGraphFacts(page: Page): FoundPost | undefined {
  const tags = page.meta.tags;
  const post = emptyPost('open-graph');
  const published = isoDate(tags.get('article:published_time')) ?? isoDate(tags.get('datepublished')) ?? isoDate(tags.get('date'));
  if (published) post.date = published;
  const updated = isoDate(tags.get('article:modified_time'));
  if (updated) post.updated = updated;
  const title = tags.get('og:title') ?? tags.get('twitter:title');
  if (title) post.title = title;
  const author = tags.get('article:author') ?? tags.get('author');
  if (author && !/^https?:/i.test(author)) post.author = author;
  post.tags = uniqueList(page.meta.articleTags);
  const section = tags.get('article:section');
  if (section) post.categories = [section];
  const url = absoluteUrl(tags.get('og:url'), page.url) ?? page.url;
  if (url) post.url = url;
  const image = absoluteUrl(tags.get('og:image') ?? tags.get('twitter:image'), page.url);
  if (image) post.image = image;
  const description = tags.get('og:description') ?? tags.get('description');
  if (description) post.description = description;
  return post.title || post.date || post.image ? post : undefined;
}

/** Open Graph says the page is an article and when it was published. */
export const openGraphExtractor: Extractor = {
  name: 'open-graph',
  find(page) {
    const type = page.meta.tags.get('og:type');
    const post = openGraphFacts(page);
    if (!post?.date || (type && !/article|post|entry/i.test(type))) return [];
    return withPageBody(page, post);
  },
};

/** Give a metadata-only post the page's main content as its body (or the structured text when the page has none). */
function withPageBody(page: Page, post: FoundPost): FoundPost[] {
  const body = mainContent(page.$);
  if (body) {
    post.body = body;
    delete post.bodyHtml;
    const { comments } = findComments(page.$, (page.$('body')[0] as Element | undefined) ?? body);
    post.comments = comments;
    return [post];
  }
  return post.bodyHtml ? [post] : [];
}

function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

