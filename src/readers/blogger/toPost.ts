import type { BlogInfo, Comment, Post, PostDate, PostWarning, SourceRef } from '../../model/post.js';
import { deriveTitle } from '../common/titles.js';
import type { CommentRefs, KeptComment } from './comments.js';
import { instantOf, parseAtomDate } from './dates.js';
import type { BloggerEntry, CommentEntry } from './entry.js';
import { firstImage, htmlToText } from './htmlText.js';
import { ANONYMOUS_AUTHORS, COMMENT_STATUSES, POST_STATUSES, UNKNOWN_POST_STATUS, type PostStatusRule } from './schema.js';

/** What a post is read against: its file and blog. */
export interface FeedContext {
  /** The file as shown in messages (`blog.xml`, `Takeout/Blogger/Blogs/My blog/feed.atom`). */
  file: string;
  blog: BlogInfo;
  /** When the export was made (classic feeds' `<updated>`), for spotting scheduled posts; NaN if unknown. */
  exportedAt: number;
}

export type PostOutcome = { post: Post } | { skip: string };

/** A post or page entry → a Post, or the name it is skipped under (`trashed post`). */
export function toPost(entry: BloggerEntry, index: number, context: FeedContext): PostOutcome {
  const kind = entry.kind === 'page' ? 'page' : 'post';
  const source: SourceRef = { file: context.file, entry: index };
  const warnings: PostWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message, source });

  const rule: PostStatusRule = entry.status ? (POST_STATUSES[entry.status] ?? UNKNOWN_POST_STATUS) : POST_STATUSES.LIVE!;
  if (entry.trashed || rule.skip) return { skip: `trashed ${kind}` };
  let draft = entry.draft || rule.draft;
  if (rule.warn === 'SCHEDULED') warn('SCHEDULED', `scheduled for ${entry.published ?? 'later'}, not yet published when exported; kept as a draft`);
  if (rule.warn === 'UNKNOWN_STATUS') warn('UNKNOWN_STATUS', `unknown status "${entry.status}"; kept as a draft so it is not published by mistake`);
  // Classic exports have no status: a post dated after the export was scheduled, not yet public.
  if (!draft && !entry.status && instantOf(entry.published) > context.exportedAt) {
    draft = true;
    warn('SCHEDULED', `dated ${entry.published}, after the export was made: a scheduled post, kept as a draft`);
  }

  let body = entry.content;
  if (!body || body.value.trim() === '') {
    warn('NO_CONTENT', `${kind} has no content`);
    body ??= { format: 'html', value: '' };
  }

  let title = entry.title ?? '';
  let titleDerived = false;
  if (!title) {
    const text = body.format === 'html' ? htmlToText(body.value) : body.value;
    title = deriveTitle(text);
    titleDerived = true;
    warn('UNTITLED', `${kind} has no title; titled "${title}" from its first words`);
  }

  const date = dateOf(entry, kind, warn);
  const id = entry.id ?? `blogger:${context.file}#${index}`;
  if (!entry.id) warn('NO_ID', `${kind} has no <id>; given "${id}"`);

  const author = authorOf(entry.author);
  const address = addressOf(entry, context.blog, draft);
  // The first image the author placed, full size; Blogger's media:thumbnail is a 72 px square
  // crop, so it is only the fallback, asked for at full size.
  const image = (body.format === 'html' ? firstImage(body.value) : undefined) ?? fullSizeThumbnail(entry.thumbnail);
  // Every field in one literal, those the entry lacks `undefined`: all posts share one shape, so
  // the code reading them (here and on the render workers, which receive the same shape) stays
  // monomorphic instead of being compiled again for each combination of fields set.
  const post: Post = {
    id,
    kind,
    title,
    titleDerived: titleDerived || undefined,
    date,
    updated: parseAtomDate(entry.updated),
    author: author.name || undefined,
    authorUrl: author.url || undefined,
    tags: dedupeLabels(entry.labels),
    categories: [],
    draft,
    slug: address.slug,
    url: address.url,
    aliases: address.alias === undefined ? [] : [address.alias],
    body,
    image: image || undefined,
    description: entry.description || undefined,
    location: entry.location,
    blog: context.blog,
    comments: [],
    source,
    evidence: undefined,
    excerpt: undefined,
    warnings,
  };
  return { post };
}

function dateOf(entry: BloggerEntry, kind: string, warn: (code: string, message: string) => void): PostDate | undefined {
  const published = parseAtomDate(entry.published);
  if (published) return published;
  if (entry.published) warn('BAD_DATE', `published date "${entry.published}" is not a date`);
  const created = parseAtomDate(entry.created);
  if (created) {
    warn('NO_DATE', `${kind} has no published date; dated by when it was created`);
    return created;
  }
  const updated = parseAtomDate(entry.updated);
  if (updated) {
    warn('NO_DATE', `${kind} has no published date; dated by its last update`);
    return updated;
  }
  warn('NO_DATE', `${kind} has no date`);
  return undefined;
}

/**
 * Slug, URL and redirect alias from the old address, so old links keep working: classic
 * exports give the public URL (`alternate` link), Takeout the path (`blogger:filename`). The
 * slug is the old file name without `.html`. A draft never had a public address: only its slug
 * is kept.
 */
function addressOf(entry: BloggerEntry, blog: BlogInfo, draft: boolean): { slug?: string; url?: string; alias?: string } {
  let url: string | undefined;
  let path: string | undefined;
  if (entry.permalink) {
    try {
      const parsed = new URL(entry.permalink, blog.url);
      url = parsed.href;
      path = parsed.pathname;
    } catch {
      path = entry.permalink.startsWith('/') ? entry.permalink : undefined;
    }
  } else if (entry.filename) {
    path = entry.filename.startsWith('/') ? entry.filename : `/${entry.filename}`;
    if (blog.url) {
      try {
        url = new URL(path, blog.url).href;
      } catch {
        url = undefined;
      }
    }
  }
  if (!path) return {};
  const slug = slugOfPath(path) || undefined;
  if (draft) return { slug };
  return { slug, url: url || undefined, alias: path !== '/' ? path : undefined };
}

/** `/2019/05/foo-bar.html` → `foo-bar`. */
export function slugOfPath(path: string): string | undefined {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f /* / */) end--;
  const last = path.slice(path.lastIndexOf('/', end - 1) + 1, end);
  const name = last.replace(/\.html?$/i, '');
  if (!name) return undefined;
  // Without a `%` there is nothing to decode (and nothing that could fail to).
  if (!name.includes('%')) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Labels deduplicated case-insensitively, the first spelling kept. */
export function dedupeLabels(labels: readonly string[]): string[] {
  if (labels.length < 2) return [...labels];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const label of labels) {
    const key = label.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  return out;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * An author's public name and link. Blogger's stand-ins for nobody ("Anonymous", "Unknown" for a
 * deleted profile, Takeout's ANONYMOUS type) are left out, and so is anything that is an e-mail
 * address: exports carry commenters' addresses, and they must never reach a public site.
 */
export function authorOf(author: BloggerEntry['author']): { name?: string; url?: string } {
  if (!author) return {};
  const out: { name?: string; url?: string } = {};
  const name = author.name?.replace(/\s+/g, ' ').trim();
  if (name && !author.anonymous && !ANONYMOUS_AUTHORS.has(name.toLocaleLowerCase()) && !EMAIL.test(name)) out.name = name;
  const uri = author.uri?.trim();
  if (uri && !/^mailto:/i.test(uri) && !EMAIL.test(uri)) out.url = uri;
  return out;
}

export type CommentOutcome = { id: string; refs: CommentRefs } & (KeptComment | { skip: string });

/** A comment entry → a Comment to keep, or the name it is skipped under (spam, deleted, trashed). */
export function toComment(entry: CommentEntry, index: number, file: string): CommentOutcome {
  const id = entry.id ?? `blogger:${file}#${index}`;
  const refs: CommentRefs = {
    post: entry.replyTo.post || undefined,
    postUrl: entry.replyTo.postUrl || undefined,
    parent: entry.replyTo.comment || undefined,
  };
  if (entry.trashed) return { skip: 'trashed comment', id, refs };
  if (entry.contentRemoved) return { skip: 'deleted comment', id, refs };
  if (entry.status && entry.status !== 'LIVE') {
    const skip = COMMENT_STATUSES[entry.status] ?? `comment with status ${entry.status}`;
    return { skip, id, refs };
  }
  const body = entry.content ?? { format: 'html', value: '' };
  const author = authorOf(entry.author);
  let date: PostDate | undefined;
  let dateText: string | undefined;
  for (const text of [entry.published, entry.created, entry.updated]) {
    date = parseAtomDate(text);
    if (date) {
      dateText = text;
      break;
    }
  }
  // One shape for every comment (see toPost).
  const comment: Comment = {
    id,
    author: author.name || undefined,
    authorUrl: author.url || undefined,
    date,
    body: { format: body.format, value: body.value },
    replyTo: undefined,
  };
  return { id, refs, comment, dateText };
}

/** Blogger thumbnail URLs name their size: `/s72-c/` (path style) or `=s72-c` (googleusercontent). */
export function fullSizeThumbnail(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.replace(/\/s\d+(?:-c)?\//, '/s1600/').replace(/=s\d+(?:-c)?$/, '=s1600');
}
