/**
 * What Blogger's two export formats say, as data: the namespaces they use, the entry kinds, and
 * what each status means for blogport. Each rule records why it is what it is.
 *
 * - Classic "Back up content" (`blog-MM-DD-YYYY.xml`): Atom with the 2005 GData namespaces; the
 *   kind of each entry is a `<category scheme="…/g/2005#kind" term="…/blogger/2008/kind#post">`.
 * - Google Takeout (`Takeout/Blogger/Blogs/<name>/feed.atom`): Atom plus the 2018 `blogger:`
 *   namespace; the kind is `<blogger:type>`, the state `<blogger:status>`.
 */
import { lookupTable } from '../../model/table.js';

/** Namespace URI → the name elements in it are read under (see xmlTree's `prefixes`). */
export const BLOGGER_PREFIXES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2005/Atom': '',
  'http://schemas.google.com/blogger/2018': 'blogger',
  // The public feed's blogger namespace (2008) only carries feed-level extras; same name is harmless.
  'http://schemas.google.com/blogger/2008': 'blogger',
  'http://purl.org/syndication/thread/1.0': 'thr',
  'http://purl.org/atom/app#': 'app',
  'http://www.w3.org/2007/app': 'app',
  'http://search.yahoo.com/mrss/': 'media',
  'http://www.georss.org/georss': 'georss',
  'http://schemas.google.com/g/2005': 'gd',
  'http://a9.com/-/spec/opensearchrss/1.0/': 'openSearch',
  'http://a9.com/-/spec/opensearch/1.1/': 'openSearch',
};

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const TAKEOUT_NS = 'http://schemas.google.com/blogger/2018';
/** Scheme of the category that says what an entry is (classic exports). */
export const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
export const KIND_PREFIX = 'http://schemas.google.com/blogger/2008/kind#';
/** Scheme of labels in classic exports (Takeout uses the blog's own `tag:` URI instead). */
export const LABEL_SCHEME = 'http://www.blogger.com/atom/ns#';

export type EntryKind = 'post' | 'page' | 'comment' | 'settings' | 'template' | 'other';

/** Classic kind terms and Takeout `blogger:type` values → entry kind. */
export const ENTRY_KINDS: Readonly<Record<string, EntryKind>> = lookupTable({
  post: 'post',
  page: 'page',
  comment: 'comment',
  settings: 'settings',
  template: 'template',
  POST: 'post',
  PAGE: 'page',
  COMMENT: 'comment',
  // Takeout keeps the theme in theme-*.html beside feed.atom, but be ready for it in the feed too.
  TEMPLATE: 'template',
  SETTINGS: 'settings',
});

export interface PostStatusRule {
  /** The post is converted as a draft (never published by the new site). */
  draft: boolean;
  /** Instead of converting it, count it under this name. */
  skip?: string;
  /** A warning to attach to the post. */
  warn?: string;
  why: string;
}

/** Takeout `blogger:status` of posts and pages. Absent (classic exports) means LIVE. */
export const POST_STATUSES: Readonly<Record<string, PostStatusRule>> = lookupTable({
  LIVE: { draft: false, why: 'published on the blog' },
  DRAFT: { draft: true, why: 'never published' },
  SCHEDULED: {
    draft: true,
    warn: 'SCHEDULED',
    why: 'not public when exported; kept as a draft so the new site does not publish it on its own',
  },
  SOFT_TRASHED: { draft: true, skip: 'trashed', why: 'in the Blogger bin' },
  TRASHED: { draft: true, skip: 'trashed', why: 'in the Blogger bin' },
  DELETED: { draft: true, skip: 'trashed', why: 'deleted' },
});

/** What an unknown post status becomes: the safe reading, kept but not published. */
export const UNKNOWN_POST_STATUS: PostStatusRule = { draft: true, warn: 'UNKNOWN_STATUS', why: 'unknown status: never publish what may not have been public' };

/** Takeout `blogger:status` of comments → the skip count name, or undefined for a live comment. */
export const COMMENT_STATUSES: Readonly<Record<string, string | undefined>> = lookupTable({
  LIVE: undefined,
  // Marked as spam by Blogger or the owner; never shown on the blog.
  SPAM_COMMENT: 'spam comment',
  // Removed by its author or an administrator: Blogger shows "This comment has been removed".
  GHOSTED_COMMENT: 'deleted comment',
  // Awaiting moderation: never shown on the blog.
  PENDING_COMMENT: 'unmoderated comment',
  PENDING: 'unmoderated comment',
  DRAFT_COMMENT: 'unmoderated comment',
  DELETED_COMMENT: 'deleted comment',
  DELETED: 'deleted comment',
});

/**
 * Author names Blogger prints for nobody in particular: anonymous commenters and deleted
 * profiles ("Unknown"). They are omitted rather than credited to a person called "Anonymous".
 */
export const ANONYMOUS_AUTHORS: ReadonlySet<string> = new Set(['anonymous', 'unknown', 'anónimo', 'anonyme', 'anonym', 'anonimo', 'anônimo']);

/** Classic settings entries (`…settings.BLOG_NAME`) that feed `post.blog`. */
export const SETTINGS = {
  name: ['BLOG_NAME'],
  timezone: ['BLOG_TIME_ZONE'],
  subdomain: ['BLOG_SUBDOMAIN'],
  customDomain: ['BLOG_CUSTOM_DOMAIN', 'BLOG_CUSTOMDOMAIN'],
} as const;
