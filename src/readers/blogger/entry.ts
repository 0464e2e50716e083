import { Buffer } from 'node:buffer';
import type { GeoLocation } from '../../model/post.js';
import { childNamed, childrenNamed, childText, isElement, textOf, type XmlElement } from '../common/xmlTree.js';
import { htmlToText } from './htmlText.js';
import { ENTRY_KINDS, KIND_PREFIX, KIND_SCHEME, type EntryKind } from './schema.js';

/**
 * One Blogger entry, read out of its XML the same way for both export formats. Only facts the
 * entry states; what they mean for a post (draft? skipped?) is decided in toPost.ts. E-mail
 * addresses are never read.
 */
export interface BloggerEntry {
  kind: EntryKind;
  /** How the kind was known: the classic kind term or Takeout type as written, or `id` when guessed from the id (public feeds). */
  kindName: string;
  id?: string;
  /** Takeout `blogger:status` (`LIVE`, `DRAFT`, `SPAM_COMMENT` …), upper case. */
  status?: string;
  /** Classic `<app:draft>yes</app:draft>`. */
  draft: boolean;
  /** Takeout `<blogger:trashed>` holds the time it was binned. */
  trashed: boolean;
  /** Plain text, white space collapsed; '' when the entry has an empty title. */
  title?: string;
  content?: { format: 'html' | 'text'; value: string };
  published?: string;
  updated?: string;
  /** Takeout `blogger:created`. */
  created?: string;
  author?: { name?: string; uri?: string; anonymous: boolean };
  /** Labels in document order (not yet deduplicated). */
  labels: string[];
  /** Classic: the `alternate` link, the post's public URL. */
  permalink?: string;
  /** Takeout: the post's path on the blog (`/2019/05/foo.html`). */
  filename?: string;
  thumbnail?: string;
  location?: GeoLocation;
  /** Takeout `blogger:metaDescription`, or Atom `summary`. */
  description?: string;
  /** Comments: what they answer. */
  replyTo: {
    /** Id of the post (classic `thr:in-reply-to ref`, Takeout `blogger:parent`). */
    post?: string;
    /** URL of the post (classic `thr:in-reply-to href`). */
    postUrl?: string;
    /** Id of the comment answered (Takeout `blogger:inReplyTo`, classic `related` link). */
    comment?: string;
  };
  /** Classic: `gd:extendedProperty blogger.contentRemoved` — a comment deleted by its author or an admin. */
  contentRemoved: boolean;
}

/**
 * What pass 1 reads of an entry: all a comment or the settings need (see `toComment`), not a
 * post's title, labels, address, image, place or description.
 */
export type CommentEntry = Omit<BloggerEntry, 'title' | 'labels' | 'permalink' | 'filename' | 'thumbnail' | 'location' | 'description' | 'draft'>;

/**
 * Read an `<entry>` element. `xml` is the string it was parsed from (for raw XHTML content).
 * `lean`: only a `CommentEntry`'s fields (the others are left unset or empty).
 */
export function readEntry(entry: XmlElement, xml: string): BloggerEntry;
export function readEntry(entry: XmlElement, xml: string, lean: true): CommentEntry;
export function readEntry(entry: XmlElement, xml: string, lean = false): BloggerEntry {
  const id = trimmed(childText(entry, 'id'));
  const { kind, kindName } = kindOf(entry, id);
  const out: BloggerEntry = {
    kind,
    kindName,
    draft: false,
    trashed: false,
    labels: [],
    replyTo: {},
    contentRemoved: false,
  };
  if (id) out.id = id;
  let summary: string | undefined;

  for (const node of entry.children) {
    if (!isElement(node)) continue;
    switch (node.name) {
      case 'blogger:status':
        out.status = textOf(node).trim().toUpperCase() || undefined;
        break;
      case 'app:control':
        if (lean) break;
        out.draft = (childText(node, 'app:draft') ?? '').trim().toLowerCase() === 'yes';
        break;
      case 'blogger:trashed':
        out.trashed = textOf(node).trim() !== '';
        break;
      case 'title':
        if (lean) break;
        out.title = readTitle(node);
        break;
      case 'content':
        out.content = readContent(node, xml);
        break;
      case 'summary':
        if (lean) break;
        summary = trimmed(readTitle(node));
        break;
      case 'published':
        out.published = trimmed(textOf(node));
        break;
      case 'updated':
        out.updated = trimmed(textOf(node));
        break;
      case 'blogger:created':
        out.created = trimmed(textOf(node));
        break;
      case 'author':
        out.author ??= readAuthor(node);
        break;
      case 'category': {
        if (lean) break;
        const term = node.attribute('term');
        if (!term || node.attribute('scheme') === KIND_SCHEME) break;
        // Takeout has been seen packing several labels into one term, one per line.
        const lines = term.includes('\n') || term.includes('\r') ? term.split(/[\r\n]+/) : [term];
        for (const label of lines) if (label.trim()) out.labels.push(label.trim());
        break;
      }
      case 'link': {
        // Most links are `edit`, `self` or `replies`: their other attributes are not read.
        const rel = node.attribute('rel');
        if (rel !== 'related' && (rel !== 'alternate' || lean)) break;
        const href = node.attribute('href');
        if (!href) break;
        if (rel === 'related') out.replyTo.comment ??= commentIdFromFeedUrl(href, id);
        else {
          const type = node.attribute('type');
          if (!type || type === 'text/html') out.permalink ??= href.trim();
        }
        break;
      }
      case 'blogger:filename':
        if (lean) break;
        out.filename = trimmed(textOf(node));
        break;
      case 'media:thumbnail':
        if (lean) break;
        out.thumbnail ??= trimmed(node.attribute('url'));
        break;
      case 'georss:featurename':
        if (lean) break;
        setLocation(out, { name: trimmed(textOf(node)) });
        break;
      case 'georss:point': {
        if (lean) break;
        const [lat, lon] = textOf(node).trim().split(/[\s,]+/);
        setLocation(out, { latitude: coordinate(lat), longitude: coordinate(lon) });
        break;
      }
      case 'blogger:location':
        if (lean) break;
        setLocation(out, {
          name: trimmed(childText(node, 'blogger:name')),
          latitude: coordinate(childText(node, 'blogger:latitude') ?? childText(node, 'blogger:lat')),
          longitude: coordinate(childText(node, 'blogger:longitude') ?? childText(node, 'blogger:long') ?? childText(node, 'blogger:lng')),
        });
        break;
      case 'blogger:metaDescription':
        if (lean) break;
        out.description = trimmed(textOf(node));
        break;
      case 'thr:in-reply-to':
        out.replyTo.post ??= trimmed(node.attribute('ref'));
        out.replyTo.postUrl ??= trimmed(node.attribute('href'));
        break;
      case 'blogger:parent':
        out.replyTo.post = trimmed(textOf(node)) ?? out.replyTo.post;
        break;
      case 'blogger:inReplyTo':
        out.replyTo.comment = trimmed(textOf(node)) ?? out.replyTo.comment;
        break;
      case 'gd:extendedProperty':
        if (node.attribute('name') === 'blogger.contentRemoved' && node.attribute('value') === 'true') out.contentRemoved = true;
        break;
    }
  }
  if (out.description === undefined && summary) out.description = summary;
  return out;
}

/**
 * The kind: Takeout's `blogger:type`, else the classic kind category, else (Blogger's public
 * feed, which has neither) guessed from the id: `…post-123` is a post.
 */
function kindOf(entry: XmlElement, id: string | undefined): { kind: EntryKind; kindName: string } {
  const type = trimmed(childText(entry, 'blogger:type'));
  if (type) return { kind: ENTRY_KINDS[type.toUpperCase()] ?? 'other', kindName: type };
  for (const category of childrenNamed(entry, 'category')) {
    const scheme = category.attribute('scheme');
    const term = category.attribute('term');
    if (scheme === KIND_SCHEME && term?.startsWith(KIND_PREFIX)) {
      const name = term.slice(KIND_PREFIX.length);
      return { kind: ENTRY_KINDS[name] ?? 'other', kindName: name };
    }
  }
  if (id && /\.post-\d+$/.test(id)) return { kind: 'post', kindName: 'id' };
  if (id && /\.page-\d+$/.test(id)) return { kind: 'page', kindName: 'id' };
  return { kind: 'other', kindName: 'unknown' };
}

/** A title or summary as plain text (Atom allows `type="html"` and `"xhtml"`). */
function readTitle(node: XmlElement): string {
  const text = textOf(node);
  const type = node.attribute('type');
  const plain = type === 'html' || type === 'xhtml' ? htmlToText(text) : text;
  return plain.replace(/\s+/g, ' ').trim();
}

/**
 * The body. `type="html"` (what Blogger writes) holds escaped HTML: decoding the XML once gives
 * the HTML. `xhtml` holds the markup inline inside one wrapper `<div>`, taken as written.
 */
function readContent(node: XmlElement, xml: string): BloggerEntry['content'] {
  const type = (node.attribute('type') ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    const wrapper = childNamed(node, 'div') ?? node.children.find(isElement);
    const inner = wrapper ? xml.slice(wrapper.innerStart, wrapper.innerEnd) : xml.slice(node.innerStart, node.innerEnd);
    return { format: 'html', value: inner.trim() };
  }
  const html = type === 'html' || type.endsWith('/html') || type.endsWith('+xml');
  // Hand-edited exports sometimes hold the HTML unescaped; as text it would lose its markup.
  if (html && node.children.some(isElement)) return { format: 'html', value: xml.slice(node.innerStart, node.innerEnd).trim() };
  // Pretty-printed exports indent the body; the white space at its ends is not the author's.
  return { format: html ? 'html' : 'text', value: textOf(node).trim() };
}

function readAuthor(node: XmlElement): BloggerEntry['author'] {
  return {
    name: trimmed(childText(node, 'name')),
    uri: trimmed(childText(node, 'uri')),
    anonymous: (childText(node, 'blogger:type') ?? '').trim().toUpperCase() === 'ANONYMOUS',
  };
}

/**
 * Classic exports mark a reply to a comment with a `related` link to the parent's feed URL
 * (`…/feeds/BLOG/POST/comments/default/COMMENT`). Comment ids look like post ids
 * (`tag:blogger.com,1999:blog-BLOG.post-COMMENT`), so the parent's id is rebuilt from this
 * entry's own id.
 */
function commentIdFromFeedUrl(href: string, ownId: string | undefined): string | undefined {
  const m = /\/comments\/default\/(\d+)\/?$/.exec(href.trim());
  const prefix = ownId ? /^(.*\.post-)\d+$/.exec(ownId)?.[1] : undefined;
  return m && prefix ? prefix + m[1] : undefined;
}

function setLocation(entry: BloggerEntry, found: GeoLocation): void {
  const location: GeoLocation = { ...entry.location };
  if (found.name) location.name = found.name;
  if (found.latitude !== undefined && found.longitude !== undefined) {
    location.latitude = found.latitude;
    location.longitude = found.longitude;
  }
  if (Object.keys(location).length > 0) entry.location = location;
}

function coordinate(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function trimmed(text: string | undefined): string | undefined {
  const value = text?.trim();
  return value ? value : undefined;
}

const KIND_MARKERS = /kind#(post|page|comment|settings|template)["']|<(?:[\w.-]+:)?type>\s*(POST|PAGE|COMMENT)\s*</g;

/**
 * An entry's kind read off its XML without parsing it: defined only when every kind marker
 * before its `<content>` agrees. Each pass uses this to skip the entries the other pass reads
 * (post bodies are the bulk of an export); anything less clear-cut is parsed properly.
 */
export function quickKind(xml: string): EntryKind | undefined {
  const contentAt = xml.indexOf('<content');
  return kindOfHead(contentAt < 0 ? xml : xml.slice(0, contentAt));
}

const CONTENT_TAG = Buffer.from('<content');

/** `quickKind` of an entry's UTF-8 bytes: only the part before `<content` is decoded. */
export function quickKindOfBytes(bytes: Buffer): EntryKind | undefined {
  const contentAt = bytes.indexOf(CONTENT_TAG);
  return kindOfHead(bytes.toString('utf8', 0, contentAt < 0 ? bytes.length : contentAt));
}

function kindOfHead(head: string): EntryKind | undefined {
  let kind: string | undefined;
  KIND_MARKERS.lastIndex = 0;
  for (let m = KIND_MARKERS.exec(head); m; m = KIND_MARKERS.exec(head)) {
    const found = (m[1] ?? m[2]!).toLowerCase();
    if (kind !== undefined && kind !== found) return undefined;
    kind = found;
  }
  return kind === undefined ? undefined : ENTRY_KINDS[kind];
}
