/**
 * The Blogger exports of the corpus as the acceptance suite sees them, read independently of
 * blogport (fast-xml-parser over the whole file): which entries are posts, pages, drafts,
 * trashed, live or spam comments, what each post's date, labels, old path and HTML are, which
 * comment answers which, and every e-mail address the export carries. The suite compares
 * blogport's output against this model; nothing here calls blogport's reader.
 *
 * Classic "Back up content" exports: an entry's kind is its
 * `<category scheme="http://schemas.google.com/g/2005#kind" term="…/kind#post|page|comment|settings|template">`,
 * a draft has `<app:control><app:draft>yes</app:draft></app:control>`, a comment names its post
 * in `<thr:in-reply-to ref>` and the comment it answers in a `<link rel="related">` to that
 * comment's feed URL; a comment deleted by its author or an admin has
 * `<gd:extendedProperty name="blogger.contentRemoved" value="true">`.
 * Takeout `feed.atom`: `blogger:type` (POST/PAGE/COMMENT), `blogger:status`
 * (LIVE/DRAFT/SPAM_COMMENT/GHOSTED_COMMENT …), `blogger:trashed`, `blogger:filename`,
 * `blogger:parent` (the post) and `blogger:inReplyTo` (the comment answered).
 */
import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { XMLParser } from 'fast-xml-parser';

export const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
/** Labels in classic exports. */
export const LABEL_SCHEME = 'http://www.blogger.com/atom/ns#';
/** Labels in Takeout: the blog's own `tag:` URI as the scheme. */
const TAKEOUT_LABEL_SCHEME = /^tag:blogger\.com,1999:blog-\d+$/;
/** Addresses Blogger writes for nobody in particular: not anyone's address. */
export const PLACEHOLDER_EMAIL = /^(?:no-?reply|anonymous|noemail)@(?:blogger\.com|google\.com)$/i;

export type ExportFormat = 'classic' | 'takeout';

export interface XmlPost {
  /** 1-based index of the entry in the feed. */
  entry: number;
  id: string;
  kind: 'post' | 'page';
  draft: boolean;
  /** The title text, white space collapsed ('' when the export has none). */
  title: string;
  /** `<published>` as written. */
  published?: string;
  /** Labels, de-duplicated case-insensitively (first spelling kept), in document order. */
  labels: string[];
  /** The `<content>` HTML (one level of XML escaping undone). */
  html: string;
  /** Public URL (classic `alternate` link; Takeout: the blog URL + filename when known). */
  url?: string;
  /** Old path on the blog (`/2011/05/foo.html`), percent-decoded. Undefined for drafts and entries without one. */
  oldPath?: string;
}

export type CommentState = 'live' | 'spam' | 'removed' | 'trashed' | 'other';

export interface XmlComment {
  entry: number;
  id: string;
  state: CommentState;
  /** Status as written (Takeout), or `removed` / `live` (classic). */
  status: string;
  /** The post (or page) it belongs to. */
  postId?: string;
  /** The comment it answers, as the XML says. */
  parentId?: string;
  html: string;
  /** Visible text of the HTML, white space collapsed. */
  text: string;
}

export interface XmlExport {
  /** The XML file. */
  file: string;
  format: ExportFormat;
  /** Posts and pages that are not trashed (what must be written), in document order. */
  posts: XmlPost[];
  /** Trashed posts and pages (must not be written). */
  trashed: XmlPost[];
  comments: XmlComment[];
  /** Every e-mail address in the export that is a real person's (placeholders left out). */
  emails: string[];
  /** Entries by kind as written (`post`, `page`, `comment`, `settings`, `template`). */
  kinds: Record<string, number>;
  blogUrl?: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['entry', 'category', 'link', 'email', 'gd:extendedProperty'].includes(name),
});

/** Text of an element that may be a string, an object with `#text`, or absent. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  const text = (node as Node)['#text'];
  return text === undefined ? '' : textOf(text);
}

const attr = (node: unknown, name: string): string | undefined => {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Node)[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
};

const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : []);

export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Visible text of an HTML fragment (blocks and `<br>` separate words), collapsed. */
export function htmlText(html: string): string {
  const $ = load(html.replace(/<br\s*\/?>/gi, ' '), null, false);
  $('script, style, noscript').remove();
  $('p, div, li, blockquote, h1, h2, h3, h4, h5, h6, td, th, tr').each((_, el) => {
    $(el).prepend(' ').append(' ');
  });
  return collapse($.root().text());
}

function pathOf(url: string, base?: string): string | undefined {
  try {
    const pathname = new URL(url, base).pathname;
    try {
      return decodeURI(pathname);
    } catch {
      return pathname;
    }
  } catch {
    return undefined;
  }
}

/** Every `email` element's text anywhere under `node`. */
function collectEmails(node: unknown, out: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectEmails(item, out);
    return;
  }
  for (const [key, value] of Object.entries(node as Node)) {
    if (key === 'email') {
      for (const e of Array.isArray(value) ? value : [value]) {
        const address = textOf(e).trim();
        if (address) out.add(address);
      }
    } else collectEmails(value, out);
  }
}

const dedupeLabels = (labels: string[]): string[] => {
  const seen = new Set<string>();
  return labels.filter((label) => {
    const key = label.toLocaleLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Read one Blogger export (classic .xml or Takeout feed.atom). `settingsCsv`: Takeout's companion file, for its e-mail addresses and subdomain. */
export function readExport(file: string, options: { settingsCsv?: string } = {}): XmlExport {
  const doc = parser.parse(readFileSync(file, 'utf8')) as { feed?: Node };
  const feed = doc.feed;
  if (!feed) throw new Error(`${file}: no <feed> root`);
  const takeout = Object.entries(feed).some(([key, value]) => key.startsWith('@_xmlns') && value === 'http://schemas.google.com/blogger/2018');
  const format: ExportFormat = takeout ? 'takeout' : 'classic';

  let blogUrl = list(feed.link).find((l) => attr(l, 'rel') === 'alternate')?.['@_href'] as string | undefined;
  const emails = new Set<string>();
  collectEmails(feed, emails);
  if (options.settingsCsv) {
    for (const m of options.settingsCsv.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)) emails.add(m[0]);
    if (!blogUrl) {
      const [header, row] = options.settingsCsv.split(/\r?\n/);
      const names = (header ?? '').split(',');
      const values = (row ?? '').split(',');
      const subdomain = values[names.indexOf('blog_subdomain')];
      if (subdomain) blogUrl = `https://${subdomain}.blogspot.com/`;
    }
  }

  const posts: XmlPost[] = [];
  const trashed: XmlPost[] = [];
  const comments: XmlComment[] = [];
  const kinds: Record<string, number> = {};
  const rawComments: { entry: number; node: Node }[] = [];

  list(feed.entry).forEach((node, i) => {
    const entry = i + 1;
    const id = textOf(node.id).trim();
    const categories = list(node.category);
    let kind: string;
    if (takeout) kind = textOf(node['blogger:type']).trim().toLowerCase() || 'unknown';
    else kind = (attr(categories.find((c) => attr(c, 'scheme') === KIND_SCHEME), 'term') ?? '').replace(/^.*#/, '') || 'unknown';
    kinds[kind] = (kinds[kind] ?? 0) + 1;

    if (kind === 'comment') {
      rawComments.push({ entry, node });
      return;
    }
    if (kind !== 'post' && kind !== 'page') return;

    const status = textOf(node['blogger:status']).trim().toUpperCase();
    const isTrashed = textOf(node['blogger:trashed']).trim() !== '' || /TRASH|DELETED/.test(status);
    const draft = takeout
      ? status === 'DRAFT' || status === 'SCHEDULED'
      : textOf((node['app:control'] as Node | undefined)?.['app:draft']).trim().toLowerCase() === 'yes';
    const labels = dedupeLabels(
      categories
        .filter((c) => {
          const scheme = attr(c, 'scheme') ?? '';
          return scheme === LABEL_SCHEME || TAKEOUT_LABEL_SCHEME.test(scheme);
        })
        .map((c) => (attr(c, 'term') ?? '').trim())
        .filter(Boolean),
    );
    let url: string | undefined;
    let oldPath: string | undefined;
    if (takeout) {
      const filename = textOf(node['blogger:filename']).trim();
      if (filename) {
        oldPath = pathOf(filename, 'https://blog.invalid/');
        if (blogUrl) url = new URL(filename, blogUrl).href;
      }
    } else {
      const alternate = list(node.link).find((l) => attr(l, 'rel') === 'alternate' && (attr(l, 'type') ?? 'text/html') === 'text/html');
      const href = attr(alternate, 'href');
      if (href) {
        url = href.trim();
        oldPath = pathOf(url, blogUrl);
      }
    }
    const post: XmlPost = {
      entry,
      id,
      kind,
      draft,
      title: collapse(textOf(node.title)),
      labels,
      html: textOf(node.content),
    };
    const published = textOf(node.published).trim();
    if (published) post.published = published;
    if (url) post.url = url;
    if (oldPath && oldPath !== '/' && !draft) post.oldPath = oldPath;
    (isTrashed ? trashed : posts).push(post);
  });

  const commentIds = new Set(rawComments.map(({ node }) => textOf(node.id).trim()));
  for (const { entry, node } of rawComments) {
    const id = textOf(node.id).trim();
    const html = textOf(node.content);
    let postId: string | undefined;
    let parentId: string | undefined;
    let state: CommentState;
    let status: string;
    if (takeout) {
      postId = textOf(node['blogger:parent']).trim() || undefined;
      parentId = textOf(node['blogger:inReplyTo']).trim() || undefined;
      status = textOf(node['blogger:status']).trim().toUpperCase() || 'LIVE';
      if (textOf(node['blogger:trashed']).trim() !== '') state = 'trashed';
      else if (status === 'LIVE') state = 'live';
      else if (status === 'SPAM_COMMENT') state = 'spam';
      else if (status === 'GHOSTED_COMMENT' || /DELETED/.test(status)) state = 'removed';
      else state = 'other';
    } else {
      const replyTo = list(node['thr:in-reply-to'])[0];
      const ref = attr(replyTo, 'ref')?.trim();
      // Some exports name the answered comment in `ref`; the post is then that comment's post.
      if (ref && commentIds.has(ref)) parentId = ref;
      else postId = ref;
      const related = list(node.link).find((l) => attr(l, 'rel') === 'related');
      const relatedId = /\/comments\/default\/(\d+)/.exec(attr(related, 'href') ?? '')?.[1];
      if (relatedId && !parentId) parentId = `${id.replace(/\.post-\d+$/, '')}.post-${relatedId}`;
      const removed = list(node['gd:extendedProperty']).some((p) => attr(p, 'name') === 'blogger.contentRemoved' && attr(p, 'value') === 'true');
      state = removed ? 'removed' : 'live';
      status = state;
    }
    comments.push({ entry, id, state, status, postId, parentId, html, text: htmlText(html) });
  }
  // A reply named only by its parent comment belongs to that comment's post.
  const byId = new Map(comments.map((c) => [c.id, c]));
  for (const c of comments) {
    let at: XmlComment | undefined = c;
    const seen = new Set<string>();
    while (at && !at.postId && at.parentId && !seen.has(at.id)) {
      seen.add(at.id);
      at = byId.get(at.parentId);
    }
    if (!c.postId && at?.postId) c.postId = at.postId;
  }

  return {
    file,
    format,
    posts,
    trashed,
    comments,
    emails: [...emails].filter((e) => !PLACEHOLDER_EMAIL.test(e)),
    kinds,
    ...(blogUrl ? { blogUrl } : {}),
  };
}

/** Live comments of the export that belong to a post or page that is written, by that post's id. */
export function liveCommentsByPost(x: XmlExport): Map<string, XmlComment[]> {
  const written = new Set(x.posts.map((p) => p.id));
  const out = new Map<string, XmlComment[]>();
  for (const c of x.comments) {
    if (c.state !== 'live' || !c.postId || !written.has(c.postId)) continue;
    const group = out.get(c.postId) ?? [];
    group.push(c);
    out.set(c.postId, group);
  }
  return out;
}

/**
 * The `reply_to` a live comment should have: the comment it answers when that one is live,
 * else the nearest live ancestor (a reply to a spam or removed comment is re-threaded), else none.
 */
export function expectedReplyTo(x: XmlExport, comment: XmlComment): string | undefined {
  const byId = new Map(x.comments.map((c) => [c.id, c]));
  const seen = new Set<string>([comment.id]);
  let parentId = comment.parentId;
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId);
    const parent = byId.get(parentId);
    if (!parent) return undefined;
    if (parent.state === 'live') return parent.id;
    parentId = parent.parentId;
  }
  return undefined;
}

/** The offset of an RFC 3339 date (`Z` as `+00:00`), or undefined when it has none. */
export function offsetOf(date: string): string | undefined {
  const m = /(Z|[+-]\d{2}:?\d{2})$/i.exec(date.trim());
  if (!m) return undefined;
  if (m[1]!.toUpperCase() === 'Z') return '+00:00';
  const digits = m[1]!.slice(1).replace(':', '');
  return `${m[1]![0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
}

/** The local day (`YYYY-MM-DD`) the date was written with. */
export const dayOf = (date: string): string => date.trim().slice(0, 10);
