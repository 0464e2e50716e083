/**
 * Comments shown under a post, read into the same shape as an export's comments (author, date,
 * body, thread). One rule per comment markup family, tried in order; the first that finds
 * comments wins. Comment sections are never left in a post body: every engine removes them.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { firstDate, firstElement, firstText, type FoundComment } from './found.js';

interface CommentRule {
  name: string;
  /** One element per comment. */
  items: string;
  author: readonly string[];
  authorLink: readonly string[];
  date: readonly string[];
  body: readonly string[];
  /** Marks a comment the blog shows as deleted. */
  deleted?: string;
  /**
   * The element replies nest in, when it is not the item itself (Epoch puts replies beside the
   * comment's article, inside the `[data-comment-id]` wrapper both share).
   */
  thread?: string;
}

/** The comment markup families, most specific first. */
export const commentRules: readonly CommentRule[] = [
  {
    name: 'blogger-threaded',
    items: '.comment-thread li.comment',
    author: ['cite.user', '.comment-header .user', '.comment-author'],
    authorLink: ['cite.user a[href]', '.comment-header .user a[href]'],
    date: ['.datetime a', '.datetime', '.comment-timestamp'],
    body: ['.comment-content'],
    deleted: '.deleted-comment',
  },
  {
    name: 'h-entry',
    items: '.h-cite, .p-comment',
    author: ['.p-author .p-name', '.p-author', '.h-card .p-name', '.h-card'],
    authorLink: ['.p-author a.u-url[href]', '.u-author[href]', '.h-card a[href]'],
    date: ['.dt-published'],
    body: ['.e-content', '.p-content', '.p-summary'],
  },
  {
    name: 'wordpress',
    items: '.comment-list li.comment, .commentlist li.comment, ol.comments li.comment, .comment-list li.pingback, .comment-list article.comment',
    author: ['.comment-author .fn', '.comment-author cite', 'cite.fn', '.comment-author'],
    authorLink: ['.comment-author .fn a[href]', '.comment-author a.url[href]', 'cite.fn a[href]'],
    date: ['.comment-metadata time[datetime]', 'time[datetime]', '.comment-meta a', '.comment-meta', '.comment-date'],
    body: ['.comment-content', '.comment-text', '.comment-body'],
  },
  {
    name: 'epoch',
    items: '.epoch-single-comment',
    // Without a website the name is bare text before the "·" divider.
    author: ['.epoch-author-link', '.epoch-comment-author'],
    authorLink: ['.epoch-author-link[href]'],
    date: ['time'],
    body: ['.epoch-comment-content'],
    thread: '[data-comment-id]',
  },
  {
    name: 'blogger-classic',
    items: '#comments li',
    author: ['.comment-poster', '.comment-author'],
    authorLink: ['.comment-poster a[href]', '.comment-author a[href]'],
    date: ['.comment-data a[title="comment permalink"]', '.comment-timestamp', '.comment-data a'],
    body: ['.comment-body'],
    deleted: '.deleted-comment',
  },
];

/** Blogger's older dt/dd comment lists: `<dl id="comments-block"><dt>author</dt><dd>body</dd><dd>footer</dd>`. */
function bloggerDefinitionList($: CheerioAPI, scope: Element): { comments: FoundComment[]; deleted: number } | undefined {
  const list = $(scope).find('#comments-block, dl.comments-block, .comments dl').first();
  if (list.length === 0) return undefined;
  const comments: FoundComment[] = [];
  let deleted = 0;
  for (const dt of list.children('dt').toArray() as Element[]) {
    const dds: Element[] = [];
    for (let next = $(dt).next(); next.length && next.is('dd'); next = next.next()) dds.push(next[0] as Element);
    const body = dds.find((dd) => $(dd).is('.comment-body')) ?? dds[0];
    if (!body) continue;
    if ($(body).find('.deleted-comment').length > 0) {
      deleted++;
      continue;
    }
    const footer = dds.find((dd) => $(dd).is('.comment-footer'));
    const authorLink = $(dt).find('a[href]').filter((_, a) => !/^#|^javascript:/i.test((a as Element).attribs.href ?? '')).last();
    // Classic templates write "At 10:34 PM, Name said..."; layouts put the name alone in the dt.
    const dtText = $(dt).text().replace(/\s+/g, ' ').trim();
    const author = authorLink.text().trim() || /^(?:at .*?,\s*)?(.+?)\s+(?:said|sagte|a dit|dijo|disse|ha detto|zei)\b/i.exec(dtText)?.[1] || undefined;
    const date =
      (footer && firstDate($, footer, ['.comment-timestamp a', '.comment-timestamp', 'a'])) ??
      firstDate($, dt, ['.comment-timestamp', 'a[title]']);
    const id = $(dt).attr('id') ?? $(dt).find('a[name]').attr('name');
    const comment: FoundComment = { body };
    if (id) comment.id = id;
    if (author) comment.author = author;
    const href = authorLink.attr('href');
    if (href && /^https?:/i.test(href)) comment.authorUrl = href;
    if (date) comment.date = date;
    comments.push(comment);
  }
  return comments.length > 0 || deleted > 0 ? { comments, deleted } : undefined;
}

/** Comments inside `scope`, with how many deleted ones were seen. */
export function findComments($: CheerioAPI, scope: Element): { comments: FoundComment[]; deleted: number } {
  for (const rule of commentRules) {
    const items = $(scope).find(rule.items).toArray() as Element[];
    if (items.length === 0) continue;
    const index = new Map<Element, number>();
    const comments: FoundComment[] = [];
    let deleted = 0;
    for (const item of items) {
      const body = firstElement($, item, rule.body);
      if (!body) continue;
      if (rule.deleted && $(body).find(rule.deleted).addBack(rule.deleted).length > 0) {
        deleted++;
        continue;
      }
      const comment: FoundComment = { body };
      const id = item.attribs.id;
      if (id) comment.id = id;
      const author = firstText($, item, rule.author);
      if (author) comment.author = author.replace(/\s+(?:says|said)(?:\.\.\.|:)?$/i, '').replace(/\s*[·•|].*$/u, '');
      const link = firstElement($, item, rule.authorLink)?.attribs.href;
      if (link && /^https?:/i.test(link)) comment.authorUrl = link;
      const date = firstDate($, item, rule.date);
      if (date) comment.date = date;
      // Threaded markup nests replies inside the comment (or the comment's wrapper) they answer.
      const node = rule.thread ? (($(item).closest(rule.thread)[0] as Element | undefined) ?? item) : item;
      for (let p = node.parent; p; p = p.parent) {
        const parentIndex = index.get(p as Element);
        if (parentIndex !== undefined) {
          comment.replyTo = parentIndex;
          break;
        }
      }
      index.set(node, comments.length);
      comments.push(comment);
    }
    if (comments.length > 0 || deleted > 0) return { comments, deleted };
  }
  return bloggerDefinitionList($, scope) ?? { comments: [], deleted: 0 };
}

/** Selectors of whole comment sections (list, form, headings): removed from anything that becomes a body. */
export const COMMENT_SECTIONS = [
  '#comments',
  '.comments',
  '.comments-area',
  '#respond',
  '.comment-respond',
  '.comment-form',
  '#comment-form',
  '.comment-list',
  '.commentlist',
  '.comment-thread',
  '#comments-block',
  '.epoch-wrapper',
  '.h-cite',
  '.p-comment',
].join(', ');
