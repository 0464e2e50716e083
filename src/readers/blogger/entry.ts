import type { Buffer } from 'node:buffer';
import type { GeoLocation } from '../../model/post.js';
import { childNamed, childText, isElement, textOf, type XmlElement } from '../common/xmlTree.js';
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
 * A child element of an entry as the field readers (`readCommentField`, `readPostField`) read it:
 * the parsed tree's (`readEntry`), or the bytes' of a plain entry (plainComment.ts, plainPost.ts).
 */
export interface EntryChild {
  /** Its text content, entities decoded. */
  text(): string;
  /** One attribute's decoded value. */
  attribute(name: string): string | undefined;
  /** Read as an entry's `<content>`. */
  content(): NonNullable<BloggerEntry['content']>;
  /** Read as an entry's `<author>`. */
  author(): NonNullable<BloggerEntry['author']>;
  /** The text of its first child element of this (conventional) name; undefined when there is none. */
  childText(name: string): string | undefined;
}

/**
 * An entry's child elements as `readEntryElements` reads them: `at(k)` makes the k-th the
 * `EntryChild` read (the parsed tree's, or a plain entry's bytes' in plainPost.ts).
 */
export interface EntryElements extends EntryChild {
  /** How many child elements the entry has. */
  readonly count: number;
  /** The k-th one's name, in conventional form (`title`, `blogger:type`). */
  nameAt(k: number): string;
  /** Make the k-th one the one read. */
  at(k: number): void;
}

/**
 * Read an `<entry>` element. `xml` is the string it was parsed from (for raw XHTML content).
 * `lean`: only a `CommentEntry`'s fields (the others are left unset or empty).
 */
export function readEntry(entry: XmlElement, xml: string): BloggerEntry;
export function readEntry(entry: XmlElement, xml: string, lean: true): CommentEntry;
export function readEntry(entry: XmlElement, xml: string, lean = false): BloggerEntry {
  return readEntryElements(new TreeElements(entry, xml), lean);
}

/**
 * Read an entry from its child elements, in order: its id, kind, then each field. The one
 * reading of an entry, whether its elements come from the parsed tree or from its bytes.
 */
export function readEntryElements(elements: EntryElements, lean = false): BloggerEntry {
  const count = elements.count;
  let idAt = -1;
  let typeAt = -1;
  for (let k = 0; k < count && (idAt < 0 || typeAt < 0); k++) {
    const name = elements.nameAt(k);
    if (name === 'id' && idAt < 0) idAt = k;
    else if (name === 'blogger:type' && typeAt < 0) typeAt = k;
  }
  const id = idAt < 0 ? undefined : trimmed(textAt(elements, idAt));
  const type = typeAt < 0 ? undefined : textAt(elements, typeAt);
  const out = newEntry(kindOf(type, categoriesOf(elements), id), id);
  const notes: PostNotes = {};
  for (let k = 0; k < count; k++) {
    const name = elements.nameAt(k);
    elements.at(k);
    if (readCommentField(out, name, elements, id) || lean) continue;
    readPostField(out, name, elements, notes);
  }
  if (out.description === undefined && notes.summary) out.description = notes.summary;
  return out;
}

function textAt(elements: EntryElements, k: number): string {
  elements.at(k);
  return elements.text();
}

/** The entry's categories for `kindOf`, one at a time (the cursor moved to each as it is asked for). */
function* categoriesOf(elements: EntryElements): Iterable<Pick<EntryChild, 'attribute'>> {
  for (let k = 0; k < elements.count; k++) {
    if (elements.nameAt(k) !== 'category') continue;
    elements.at(k);
    yield elements;
  }
}

/** What a post's fields leave for after the last one (an Atom summary is the description's fallback). */
interface PostNotes {
  summary?: string;
}

/** Read one child element of an entry into what a post or page needs beyond a comment's fields. */
function readPostField(out: BloggerEntry, name: string, child: EntryChild, notes: PostNotes): void {
  switch (name) {
    case 'app:control':
      out.draft = (child.childText('app:draft') ?? '').trim().toLowerCase() === 'yes';
      break;
    case 'title':
      out.title = readTitle(child);
      break;
    case 'summary':
      notes.summary = trimmed(readTitle(child));
      break;
    case 'category': {
      const term = child.attribute('term');
      if (!term || child.attribute('scheme') === KIND_SCHEME) break;
      // Takeout has been seen packing several labels into one term, one per line.
      const lines = term.includes('\n') || term.includes('\r') ? term.split(/[\r\n]+/) : [term];
      for (const label of lines) if (label.trim()) out.labels.push(label.trim());
      break;
    }
    case 'link': {
      // Most links are `edit`, `self` or `replies`: their other attributes are not read.
      if (child.attribute('rel') !== 'alternate') break;
      const href = child.attribute('href');
      const type = child.attribute('type');
      if (href && (!type || type === 'text/html')) out.permalink ??= href.trim();
      break;
    }
    case 'blogger:filename':
      out.filename = trimmed(child.text());
      break;
    case 'media:thumbnail':
      out.thumbnail ??= trimmed(child.attribute('url'));
      break;
    case 'georss:featurename':
      setLocation(out, { name: trimmed(child.text()) });
      break;
    case 'georss:point': {
      const [lat, lon] = child.text().trim().split(/[\s,]+/);
      setLocation(out, { latitude: coordinate(lat), longitude: coordinate(lon) });
      break;
    }
    case 'blogger:location':
      setLocation(out, {
        name: trimmed(child.childText('blogger:name')),
        latitude: coordinate(child.childText('blogger:latitude') ?? child.childText('blogger:lat')),
        longitude: coordinate(child.childText('blogger:longitude') ?? child.childText('blogger:long') ?? child.childText('blogger:lng')),
      });
      break;
    case 'blogger:metaDescription':
      out.description = trimmed(child.text());
      break;
  }
}

/**
 * An entry with nothing read into it yet but its kind and id. Every field is there from the
 * start (`undefined` until read), whatever order the entry's children come in: all entries
 * share one shape, so the code filling and reading them is not compiled again for each order.
 */
export function newEntry({ kind, kindName }: { kind: EntryKind; kindName: string }, id: string | undefined): BloggerEntry {
  return {
    kind,
    kindName,
    id: id || undefined,
    status: undefined,
    draft: false,
    trashed: false,
    title: undefined,
    content: undefined,
    published: undefined,
    updated: undefined,
    created: undefined,
    author: undefined,
    labels: [],
    permalink: undefined,
    filename: undefined,
    thumbnail: undefined,
    location: undefined,
    description: undefined,
    replyTo: { post: undefined, postUrl: undefined, comment: undefined },
    contentRemoved: false,
  };
}

/**
 * Read one child element of an entry into what a comment (and the settings) need. Returns false
 * for any other child (and for a link that is not `related`). `id` is the entry's own id.
 */
export function readCommentField(out: CommentEntry, name: string, child: EntryChild, id: string | undefined): boolean {
  switch (name) {
    case 'blogger:status':
      out.status = child.text().trim().toUpperCase() || undefined;
      return true;
    case 'blogger:trashed':
      out.trashed = child.text().trim() !== '';
      return true;
    case 'content':
      out.content = child.content();
      return true;
    case 'published':
      out.published = trimmed(child.text());
      return true;
    case 'updated':
      out.updated = trimmed(child.text());
      return true;
    case 'blogger:created':
      out.created = trimmed(child.text());
      return true;
    case 'author':
      out.author ??= child.author();
      return true;
    case 'link': {
      if (child.attribute('rel') !== 'related') return false;
      const href = child.attribute('href');
      if (href) out.replyTo.comment ??= commentIdFromFeedUrl(href, id);
      return true;
    }
    case 'thr:in-reply-to':
      out.replyTo.post ??= trimmed(child.attribute('ref'));
      out.replyTo.postUrl ??= trimmed(child.attribute('href'));
      return true;
    case 'blogger:parent':
      out.replyTo.post = trimmed(child.text()) ?? out.replyTo.post;
      return true;
    case 'blogger:inReplyTo':
      out.replyTo.comment = trimmed(child.text()) ?? out.replyTo.comment;
      return true;
    case 'gd:extendedProperty':
      if (child.attribute('name') === 'blogger.contentRemoved' && child.attribute('value') === 'true') out.contentRemoved = true;
      return true;
  }
  return false;
}

/** The parsed tree's child elements, one at a time. */
class TreeElements implements EntryElements {
  private readonly elements: XmlElement[];
  private node!: XmlElement;

  constructor(
    entry: XmlElement,
    private readonly xml: string,
  ) {
    this.elements = entry.children.filter(isElement);
  }

  get count(): number {
    return this.elements.length;
  }

  nameAt(k: number): string {
    return this.elements[k]!.name;
  }

  at(k: number): void {
    this.node = this.elements[k]!;
  }

  childText(name: string): string | undefined {
    return childText(this.node, name);
  }

  text(): string {
    return textOf(this.node);
  }

  attribute(name: string): string | undefined {
    return this.node.attribute(name);
  }

  content(): NonNullable<BloggerEntry['content']> {
    const node = this.node;
    const type = (node.attribute('type') ?? 'text').toLowerCase();
    if (node.children.some(isElement)) {
      // `xhtml` holds the markup inline inside one wrapper `<div>`, taken as written.
      if (type === 'xhtml') {
        const wrapper = childNamed(node, 'div') ?? node.children.find(isElement)!;
        return { format: 'html', value: this.xml.slice(wrapper.innerStart, wrapper.innerEnd).trim() };
      }
      // Hand-edited exports sometimes hold the HTML unescaped; as text it would lose its markup.
      if (isHtmlType(type)) return { format: 'html', value: this.xml.slice(node.innerStart, node.innerEnd).trim() };
    }
    return contentOf(type, type === 'xhtml' ? this.xml.slice(node.innerStart, node.innerEnd) : textOf(node));
  }

  author(): NonNullable<BloggerEntry['author']> {
    const node = this.node;
    return authorOf(childText(node, 'name'), childText(node, 'uri'), childText(node, 'blogger:type'));
  }
}

/**
 * The kind: Takeout's `blogger:type` (the first one's text), else the classic kind category,
 * else (Blogger's public feed, which has neither) guessed from the id: `…post-123` is a post.
 */
export function kindOf(type: string | undefined, categories: Iterable<Pick<XmlElement, 'attribute'>>, id: string | undefined): { kind: EntryKind; kindName: string } {
  const typeName = trimmed(type);
  if (typeName) return { kind: ENTRY_KINDS[typeName.toUpperCase()] ?? 'other', kindName: typeName };
  for (const category of categories) {
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
function readTitle(child: EntryChild): string {
  const text = child.text();
  const type = child.attribute('type');
  const plain = type === 'html' || type === 'xhtml' ? htmlToText(text) : text;
  return plain.replace(/\s+/g, ' ').trim();
}

function isHtmlType(type: string): boolean {
  return type === 'html' || type.endsWith('/html') || type.endsWith('+xml');
}

/**
 * The body of a `<content>` without child elements, of `type` (lower case), from `value`: its
 * text, or for `xhtml` its inside as written (markup, not decoded). `type="html"` (what Blogger
 * writes) holds escaped HTML: decoding the XML once gives the HTML.
 */
export function contentOf(type: string, value: string): NonNullable<BloggerEntry['content']> {
  // Pretty-printed exports indent the body; the white space at its ends is not the author's.
  return { format: type === 'xhtml' || isHtmlType(type) ? 'html' : 'text', value: value.trim() };
}

/** An `<author>` from the texts of its first `name`, `uri` and `blogger:type`. */
export function authorOf(name: string | undefined, uri: string | undefined, type: string | undefined): NonNullable<BloggerEntry['author']> {
  return { name: trimmed(name), uri: trimmed(uri), anonymous: (type ?? '').trim().toUpperCase() === 'ANONYMOUS' };
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

/** Bytes of an entry's start read to find its `<content` (all of it when not found there). */
const HEAD_BYTES = 1024;

/**
 * `quickKind` of an entry's UTF-8 bytes, found in them seen as Latin-1 (one character per byte,
 * not decoded; `latin1`: all of them seen so, when the caller has it). `KIND_MARKERS` matches the same there: its first form is ASCII, and its second
 * needs `type>`, which only Takeout's `<blogger:type>` brings; then the head is decoded as UTF-8.
 */
export function quickKindOfBytes(bytes: Buffer, latin1?: string): EntryKind | undefined {
  let text = latin1 ?? bytes.toString('latin1', 0, Math.min(bytes.length, HEAD_BYTES));
  let contentAt = text.indexOf('<content');
  if (contentAt < 0 && text.length < bytes.length) {
    text = bytes.toString('latin1');
    contentAt = text.indexOf('<content');
  }
  const head = contentAt < 0 ? text : text.slice(0, contentAt);
  if (head.includes('type>')) return kindOfHead(bytes.toString('utf8', 0, head.length));
  // The first form's matches: `kind#` + a kind word + a quote (no word begins another).
  let kind: string | undefined;
  for (let at = head.indexOf('kind#'); at >= 0; at = head.indexOf('kind#', at + 5)) {
    const word = KIND_WORDS.find((w) => isAt(head, at + 5, w) && (head.charCodeAt(at + 5 + w.length) === 0x22 || head.charCodeAt(at + 5 + w.length) === 0x27));
    if (word === undefined) continue;
    if (kind !== undefined && kind !== word) return undefined;
    kind = word;
  }
  return kind === undefined ? undefined : ENTRY_KINDS[kind];
}

/** The kind words of `KIND_MARKERS`' first form. */
const KIND_WORDS = ['post', 'page', 'comment', 'settings', 'template'];

function isAt(text: string, at: number, part: string): boolean {
  for (let k = 0; k < part.length; k++) if (text.charCodeAt(at + k) !== part.charCodeAt(k)) return false;
  return true;
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
