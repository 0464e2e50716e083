/**
 * A found post → the normalised `Post`: the body element's HTML with page chrome removed and
 * every link and image made absolute against the page, a derived title where the page had
 * none, the old URL's path kept for redirects, and comments in the export shape.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { BlogInfo, Comment, Post, PostDate, PostWarning, SourceRef } from '../../model/post.js';
import { slugOfPath } from '../blogger/toPost.js';
import { deriveTitle } from '../common/titles.js';
import { COMMENT_SECTIONS } from './comments.js';
import { isReadMore, stripChrome } from './content.js';
import type { FoundPost } from './found.js';
import { permalinkKey } from './merge.js';
import { absoluteUrl, normaliseSpace, type Page } from './page.js';
import { lookupTable } from '../../model/table.js';

/**
 * Chrome plugins and templates inject inside a post body (share bars, related posts, "read more"
 * jump links). Narrow on purpose: a body is the author's, so only markup no author writes goes.
 */
const BODY_CHROME = [
  'script',
  'noscript',
  'style',
  'form',
  '.sharedaddy',
  '.sd-sharing-enabled',
  '.jp-relatedposts',
  '#jp-relatedposts',
  '#jp-post-flair',
  '.jp-post-flair',
  '.post-share-buttons',
  '.share-buttons',
  '.addtoany_share_save_container',
  '.a2a_kit',
  '.wpcnt',
  '.wp-block-jetpack-likes',
  '.jump-link',
  '.post-footer',
  '.post-footer-line',
  '.item-control',
  '#epoch-width-sniffer',
  COMMENT_SECTIONS,
].join(', ');

/** Evidence that names the body element exactly; other bodies are a page region that may hold chrome. */
const EXACT_BODIES = new Set(['blogger', 'wordpress', 'hatom', 'h-entry', 'microdata']);
const TAG_CONTAINER = /(?:^|[\s_-])(?:tags?|labels?|categor(?:y|ies)|post-tags|tag-wrap|tag-links)(?:$|[\s_-])/i;

/** Slugs a URL's last segment gives that name no post. */
const NOT_SLUGS = new Set(['index', 'default', 'home', 'page', 'post', 'entry']);

const URL_ATTRIBUTES: Record<string, readonly string[]> = lookupTable({
  a: ['href'],
  img: ['src', 'srcset', 'data-src'],
  source: ['src', 'srcset'],
  video: ['src', 'poster'],
  audio: ['src'],
  iframe: ['src'],
  embed: ['src'],
  object: ['data'],
  track: ['src'],
});

/**
 * Make a body's links and images absolute. Against the page's own URL when it is known; else,
 * from the post's permalink, only what is site-absolute (`/2006/01/x.html`, `//host/x.jpg`),
 * since a page-relative link is relative to a page whose address we do not know.
 */
function absolutise($: CheerioAPI, root: Element, base: string | undefined, fallback?: string): void {
  if (!base && !fallback) return;
  const resolve = (value: string): string | undefined => {
    if (base) return absoluteUrl(value, base);
    return /^\/(?!\/)|^\/\//.test(value.trim()) ? absoluteUrl(value, fallback) : undefined;
  };
  for (const el of $(root).find(Object.keys(URL_ATTRIBUTES).join(', ')).toArray() as Element[]) {
    for (const attr of URL_ATTRIBUTES[el.name] ?? []) {
      const value = el.attribs[attr];
      if (!value || /^(?:#|data:|mailto:|javascript:)/i.test(value.trim())) continue;
      if (attr === 'srcset') {
        el.attribs[attr] = value
          .split(',')
          .map((candidate) => {
            const [url, ...size] = candidate.trim().split(/\s+/);
            return [(url && resolve(url)) ?? url, ...size].join(' ');
          })
          .join(', ');
      } else {
        const absolute = resolve(value);
        if (absolute) el.attribs[attr] = absolute;
      }
    }
  }
}

/** The HTML of a found post's body, cleaned, with absolute URLs. */
export function bodyHtml(page: Page, found: FoundPost): string {
  const { $ } = page;
  const source = found.body ? $(found.body).clone() : $('<div></div>').append(found.bodyHtml ?? '');
  const root = source[0] as Element;
  $(root).find(BODY_CHROME).remove();
  if (!EXACT_BODIES.has(found.evidence)) {
    // A region found by its text, not named by the page: its tag list, share bar and the like go.
    for (const el of $(root).find('*').toArray() as Element[]) {
      if (!TAG_CONTAINER.test(`${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`)) continue;
      if (found.tags.length === 0) found.tags = $(el).find('a').toArray().map((a) => normaliseSpace($(a).text())).filter(Boolean);
      $(el).remove();
    }
    stripChrome($, root);
  }
  removeTitleHeading($, root, found.title);
  // Comment bodies were taken from inside the post element in some templates: never keep them twice.
  for (const comment of found.comments) if ($(root).find(comment.body).length) $(comment.body).remove();
  if (found.excerpt) {
    for (const a of $(root).find('a').toArray() as Element[]) if (isReadMore($(a).text())) $(a).remove();
  }
  absolutise($, root, page.url, found.url);
  return ($(root).html() ?? '').trim();
}

/** The post's own title repeated as the body's first heading (a page region includes it). */
function removeTitleHeading($: CheerioAPI, root: Element, title: string | undefined): void {
  if (!title) return;
  let first: Element | undefined;
  for (let node = root.children[0]; node; node = node.next as typeof node) {
    if (node.type === 'text' && !/\S/.test((node as unknown as { data: string }).data)) continue;
    if (node.type === 'comment') continue;
    if (node.type === 'tag') first = node as Element;
    break;
  }
  if (first && /^h[1-6]$/.test(first.name) && normaliseSpace($(first).text()).toLowerCase() === normaliseSpace(title).toLowerCase()) $(first).remove();
}

/**
 * The page's canonical address names its own post better than a link inside it (a timestamp
 * link on a country domain, `.blogspot.tw`, for the same path).
 */
export function settleUrl(found: FoundPost, page: Page): void {
  if (found.url && page.url && found.url !== page.url && permalinkKey(found.url) === permalinkKey(page.url)) found.url = page.url;
}

export interface ToPostContext {
  page: Page;
  /** Position of the post on its page, 1-based. */
  index: number;
  /** Post id namespace: `html:<file>#<n>`. */
  idBase: string;
}

export function toPost(found: FoundPost, context: ToPostContext): Post {
  const { page } = context;
  const source: SourceRef = { file: page.file, entry: context.index };
  const warnings: PostWarning[] = found.notes.map((note) => ({ ...note, source }));
  const warn = (code: string, message: string) => warnings.push({ code, message, source });
  const html = bodyHtml(page, found);

  let title = found.title ?? '';
  let titleDerived = false;
  if (!title) {
    title = deriveTitle(page.$('<div></div>').append(html).text());
    titleDerived = true;
    warn('UNTITLED', `post ${context.index} on this page has no title; titled "${title}" from its first words`);
  }
  if (!found.date) warn('NO_DATE', `post "${title}" shows no date on the page`);
  if (found.excerpt) warn('EXCERPT', `post "${title}" is shown only as an excerpt here, and its full page was not among the inputs`);

  const post: Post = {
    id: found.url ? `html:${found.url}` : `${context.idBase}#${context.index}`,
    kind: 'post',
    title,
    tags: found.tags,
    categories: found.categories,
    draft: false,
    aliases: [],
    body: { format: 'html', value: html },
    comments: comments(page, found, context),
    source,
    warnings,
    evidence: found.evidence,
  };
  if (titleDerived) post.titleDerived = true;
  if (found.excerpt) post.excerpt = true;
  if (found.date) post.date = found.date;
  if (found.updated && !sameInstant(found.updated, found.date)) post.updated = found.updated;
  if (found.author) post.author = found.author;
  if (found.authorUrl) post.authorUrl = found.authorUrl;
  if (found.image) post.image = found.image;
  if (found.description) post.description = found.description;
  settleUrl(found, page);
  if (found.url) {
    post.url = found.url;
    const { pathname, origin } = new URL(found.url);
    const slug = slugOfPath(pathname);
    if (slug && !NOT_SLUGS.has(slug.toLowerCase())) post.slug = slug;
    if (pathname !== '/') post.aliases.push(pathname);
    const blog: BlogInfo = { id: `html:${origin}`, url: `${origin}/` };
    const siteName = page.meta.tags.get('og:site_name');
    if (siteName) blog.title = siteName;
    post.blog = blog;
  }
  return post;
}

/** Two dates that name the same moment (a page's "modified" meta often repeats its "published"). */
function sameInstant(a: PostDate, b: PostDate | undefined): boolean {
  if (!b) return false;
  const at = (d: PostDate) => (d.precision === 'offset' ? Date.parse(`${d.date}T${d.time}${d.offset}`) : d.precision === 'local' ? `${d.date}T${d.time}` : d.date);
  return at(a) === at(b);
}

function comments(page: Page, found: FoundPost, context: ToPostContext): Comment[] {
  const { $ } = page;
  const base = found.url ?? `${context.idBase}#${context.index}`;
  const ids = found.comments.map((c, i) => `${base}#${c.id ?? `comment-${i + 1}`}`);
  return found.comments.map((c, i) => {
    const body = $(c.body).clone();
    body.find('script, style, form, .comment-reply-link, .reply, .pmcc-comments-report-link, .comment-actions').remove();
    absolutise($, body[0] as Element, page.url, found.url);
    const comment: Comment = { id: ids[i]!, body: { format: 'html', value: (body.html() ?? '').trim() } };
    if (c.author) comment.author = normaliseSpace(c.author);
    if (c.authorUrl) comment.authorUrl = absoluteUrl(c.authorUrl, page.url) ?? c.authorUrl;
    if (c.date) comment.date = c.date;
    if (c.replyTo !== undefined && ids[c.replyTo]) comment.replyTo = ids[c.replyTo]!;
    return comment;
  });
}
