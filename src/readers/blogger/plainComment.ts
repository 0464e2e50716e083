import { Buffer, isAscii } from 'node:buffer';
import { attributeIn, attributeSpans, decodeXmlEntities } from '../common/xmlEntries.js';
import { conventionalName, scopeWithBuiltIns } from '../common/xmlTree.js';
import { authorOf, contentOf, kindOf, newEntry, readCommentField, type BloggerEntry, type CommentEntry, type EntryChild } from './entry.js';
import { BLOGGER_PREFIXES } from './schema.js';

/**
 * Comment entries read straight off their UTF-8 bytes, in pass 1 of a UTF-8 export: a comment
 * entry is small, but parsing it into a tree costs several times what its few fields do, and an
 * export has tens of thousands of them.
 *
 * Only plain entries are read here, the shape Blogger writes: `<entry>` holding elements that
 * hold text (or nothing), and an `<author>` holding such elements; every name's prefix declared,
 * every end tag exact. For such an entry `parseXmlElement` builds that very tree and reports
 * nothing, and the fields are read by the same `readCommentField` as `readEntry` reads them, so
 * the outcome is the same. Anything else — CDATA, comments, markup in the content, a namespace
 * declared on the way, a repair to make — gives undefined, and the entry is parsed in full.
 *
 * The markup is found in the bytes seen as Latin-1 (one character per byte, so offsets are byte
 * offsets and the engine's string searches apply); only the texts read are decoded as UTF-8.
 */
export class PlainComments {
  private readonly scope: Readonly<Record<string, string>>;
  private readonly names: NameTable;
  private readonly child = new PlainChild(this);
  /** The entry being read: its bytes, the same as Latin-1 text, whether they are all ASCII. */
  private b: Buffer = Buffer.alloc(0);
  private s = '';
  private ascii = true;
  /** Where in the entry each of `PATTERNS` is next (see `has`). */
  private readonly found: number[] = PATTERNS.map(() => NOT_SEARCHED);

  /** `scope`: the namespace declarations of the feed's root element. */
  constructor(scope: Readonly<Record<string, string>>) {
    this.scope = scopeWithBuiltIns(scope);
    this.names = new NameTable(this.scope);
  }

  /**
   * The entry (a `CommentEntry`, as `readEntry(…, true)` reads it), or undefined when it is not
   * plain. `latin1`: its bytes seen as Latin-1, when the caller has them so.
   */
  read(b: Buffer, latin1?: string): CommentEntry | undefined {
    const n = b.length;
    const s = latin1 ?? b.toString('latin1');
    // `<entry` … `>` … `</entry>`, as the byte scanner cut it.
    if (n < 15 || !s.startsWith('<entry') || !s.endsWith('</entry>')) return undefined;
    const after = s.charCodeAt(6);
    if (after !== 0x3e && after > 0x20) return undefined;
    this.b = b;
    this.s = s;
    this.ascii = isAscii(b);
    this.found.fill(NOT_SEARCHED);
    const rootEnd = tagEnd(s, 6, n);
    if (rootEnd < 0 || s.charCodeAt(rootEnd - 1) === 0x2f || this.has(XMLNS_AT, 6, rootEnd)) return undefined;
    const last = n - 8;
    const child = this.child;
    let id: string | undefined;
    let idSeen = false;
    let type: string | undefined;
    let typeSeen = false;
    let categories: number[] | undefined;
    let out: CommentEntry | undefined;
    let i = rootEnd + 1;
    for (;;) {
      const lt = s.charCodeAt(i) === 0x3c ? i : s.indexOf('<', i);
      if (lt === last) break;
      if (lt < 0 || lt > last) return undefined;
      const element = this.element(lt, last, false);
      if (element === undefined) return undefined;
      const { name } = element;
      i = element.end;
      if (name === 'id') {
        if (!idSeen) {
          idSeen = true;
          id = this.text(element.innerStart, element.innerEnd).trim() || undefined;
        }
        continue;
      }
      if (name === 'blogger:type') {
        if (!typeSeen) {
          typeSeen = true;
          type = this.text(element.innerStart, element.innerEnd);
        }
        continue;
      }
      if (name === 'category') {
        (categories ??= []).push(element.attrStart, element.attrEnd);
        continue;
      }
      // Only a `related` link and the contentRemoved property say anything: the others (most
      // of them) are not decoded. Without `&` the text has no entity that could spell the word.
      if (name === 'link' && !this.has(RELATED_AT, element.attrStart, element.attrEnd) && !this.has(AMPERSAND_AT, element.attrStart, element.attrEnd)) continue;
      if (name === 'gd:extendedProperty' && !this.has(CONTENT_REMOVED_AT, element.attrStart, element.attrEnd) && !this.has(AMPERSAND_AT, element.attrStart, element.attrEnd)) continue;
      if (!COMMENT_FIELDS.has(name)) continue;
      // The id must be known before the fields (`readEntry` reads it first): Blogger writes it first.
      if (!idSeen) return undefined;
      out ??= newEntry(UNKNOWN_KIND, id);
      child.at(element);
      readCommentField(out, name, child, id);
    }
    const entry = out ?? newEntry(UNKNOWN_KIND, id);
    const { kind, kindName } = kindOf(type, this.categories(categories, type), id);
    entry.kind = kind;
    entry.kindName = kindName;
    return entry;
  }

  /**
   * The element whose `<` is at `lt` (inside the entry, before `last`): a start tag with its
   * name declared, then nothing (`/>`), or text and its exact end tag, or (an `<author>`) such
   * elements and text. Undefined for anything else.
   */
  private element(lt: number, last: number, nested: boolean): PlainElement | undefined {
    const s = this.s;
    const c = s.charCodeAt(lt + 1);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a)) return undefined;
    let nameEnd = lt + 2;
    let hash = c;
    for (let d = s.charCodeAt(nameEnd); nameEnd < last && d > 0x20 && d !== 0x2f && d !== 0x3e; d = s.charCodeAt(++nameEnd)) hash = (Math.imul(hash, 31) + d) | 0;
    const qname = this.names.written(s, lt + 1, nameEnd, hash);
    const name = qname.name;
    if (name === undefined) return undefined;
    const gt = tagEnd(s, nameEnd, last);
    if (gt < 0) return undefined;
    const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
    const attrEnd = selfClosing ? gt - 1 : gt;
    // A namespace declared again as it already is (Blogger repeats xmlns:thr on every comment's
    // thr:in-reply-to) changes nothing; any other declaration is left to the full parser.
    if (this.has(XMLNS_AT, nameEnd, attrEnd) && !this.declaresNothingNew(this.text(nameEnd, attrEnd, false))) return undefined;
    if (selfClosing) return { name, attrStart: nameEnd, attrEnd, innerStart: gt + 1, innerEnd: gt + 1, end: gt + 1 };
    const innerStart = gt + 1;
    let at = s.indexOf('<', innerStart);
    if (at < 0 || at > last) return undefined;
    let children: PlainElement[] | undefined;
    if (s.charCodeAt(at + 1) !== 0x2f) {
      // Elements inside: only an author's name, uri …, one level down.
      if (nested || name !== 'author') return undefined;
      children = [];
      for (;;) {
        const inner = this.element(at, last, true);
        if (inner === undefined) return undefined;
        children.push(inner);
        at = s.indexOf('<', inner.end);
        if (at < 0 || at > last) return undefined;
        if (s.charCodeAt(at + 1) === 0x2f) break;
      }
    }
    // The end tag, exactly `</` + the name as written + `>`.
    const end = at + 2 + qname.written.length;
    if (end > last || s.charCodeAt(end) !== 0x3e || !sameAt(s, at + 2, qname.written)) return undefined;
    const element: PlainElement = { name, attrStart: nameEnd, attrEnd, innerStart, innerEnd: at, end: end + 1 };
    if (children) element.children = children;
    return element;
  }

  /**
   * Whether the entry being read holds pattern `k` in `[start, end)`. The searches go forward
   * through the entry (elements are looked at in order): each pattern's next place is kept.
   */
  private has(k: number, start: number, end: number): boolean {
    const pattern = PATTERNS[k]!;
    let at = this.found[k]!;
    if (at === NOT_SEARCHED || (at >= 0 && at < start)) at = this.found[k] = this.s.indexOf(pattern, start);
    return at >= 0 && at + pattern.length <= end;
  }

  /** The entry's bytes from `start` to `end` as text (entities decoded unless `decode` is false). */
  text(start: number, end: number, decode = true): string {
    if (start === end) return '';
    const text = this.ascii ? this.s.slice(start, end) : this.b.toString('utf8', start, end);
    return decode ? decodeXmlEntities(text) : text;
  }

  /**
   * Whether every namespace declared in a start tag's attributes is declared so already. (Each
   * declaration is checked, also one given twice, of which the parser keeps the last: stricter.)
   */
  private declaresNothingNew(inside: string): boolean {
    const spans = attributeSpans(inside);
    for (let k = 0; k < spans.length; k += 4) {
      const name = inside.slice(spans[k], spans[k + 1]);
      if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
      const valueStart = spans[k + 2]!;
      const value = valueStart < 0 ? '' : decodeXmlEntities(inside.slice(valueStart, spans[k + 3]));
      if (this.scope[name === 'xmlns' ? '' : name.slice(6)] !== value) return false;
    }
    return true;
  }

  /** The entry's categories for `kindOf` (read only when the entry has no `blogger:type`). */
  private categories(spans: number[] | undefined, type: string | undefined): Pick<EntryChild, 'attribute'>[] {
    const out: Attributes[] = [];
    if (!spans || type?.trim()) return out;
    for (let k = 0; k < spans.length; k += 2) out.push(new Attributes(this.text(spans[k]!, spans[k + 1]!, false)));
    return out;
  }

  /** An element's attributes (`inside` its start tag, after the name), read as the parser reads them. */
  attributes(element: PlainElement): Attributes {
    return new Attributes(this.text(element.attrStart, element.attrEnd, false));
  }
}

interface PlainElement {
  /** Its name as `parseXmlElement` resolves it. */
  name: string;
  /** Where its attributes, its inside and the element end, in the entry's bytes. */
  attrStart: number;
  attrEnd: number;
  innerStart: number;
  innerEnd: number;
  end: number;
  /** The elements inside it (an author's), when there are. */
  children?: PlainElement[];
}

const UNKNOWN_KIND = { kind: 'other', kindName: '' } as const;

/** The children a comment's fields are read from (see `readCommentField`). */
const COMMENT_FIELDS = new Set([
  'blogger:status',
  'blogger:trashed',
  'content',
  'published',
  'updated',
  'blogger:created',
  'author',
  'link',
  'thr:in-reply-to',
  'blogger:parent',
  'blogger:inReplyTo',
  'gd:extendedProperty',
]);

/** A start tag's attributes, found once, looked up by name. */
export class Attributes {
  private readonly spans: number[];

  constructor(private readonly inside: string) {
    this.spans = attributeSpans(inside);
  }

  attribute(name: string): string | undefined {
    return attributeIn(this.inside, this.spans, name);
  }
}

/** A plain element of the entry being read, as `readCommentField` sees it (one object, moved along). */
class PlainChild implements EntryChild {
  private element!: PlainElement;
  private attributes: Attributes | undefined;

  constructor(private readonly reader: PlainComments) {}

  at(element: PlainElement): void {
    this.element = element;
    this.attributes = undefined;
  }

  text(): string {
    return this.reader.text(this.element.innerStart, this.element.innerEnd);
  }

  attribute(name: string): string | undefined {
    return (this.attributes ??= this.reader.attributes(this.element)).attribute(name);
  }

  content(): NonNullable<BloggerEntry['content']> {
    const { innerStart, innerEnd } = this.element;
    const type = (this.attribute('type') ?? 'text').toLowerCase();
    return contentOf(type, this.reader.text(innerStart, innerEnd, type !== 'xhtml'));
  }

  childText(name: string): string | undefined {
    const inner = this.element.children?.find((child) => child.name === name);
    return inner && this.reader.text(inner.innerStart, inner.innerEnd);
  }

  author(): NonNullable<BloggerEntry['author']> {
    let name: string | undefined;
    let uri: string | undefined;
    let type: string | undefined;
    for (const inner of this.element.children ?? []) {
      if (inner.name === 'name') name ??= this.reader.text(inner.innerStart, inner.innerEnd);
      else if (inner.name === 'uri') uri ??= this.reader.text(inner.innerStart, inner.innerEnd);
      else if (inner.name === 'blogger:type') type ??= this.reader.text(inner.innerStart, inner.innerEnd);
    }
    return authorOf(name, uri, type);
  }
}

/**
 * Element names as written → as `parseXmlElement` resolves them under the feed's declarations
 * (`name` undefined for a prefix not declared: the full parser reports it). Found by a hash of
 * the characters, checked against them.
 */
export class NameTable {
  private readonly slots: ({ written: string; name: string | undefined }[] | undefined)[] = new Array(256).fill(undefined);

  constructor(private readonly scope: Readonly<Record<string, string>>) {}

  /** `s` is the entry as Latin-1: the name's UTF-8 bytes are decoded when it is new. */
  written(s: string, start: number, end: number, hash: number): { written: string; name: string | undefined } {
    const slot = (hash ^ (hash >>> 8)) & 255;
    const known = (this.slots[slot] ??= []);
    for (const entry of known) if (entry.written.length === end - start && sameAt(s, start, entry.written)) return entry;
    const written = s.slice(start, end);
    const entry = { written, name: conventionalName(Buffer.from(written, 'latin1').toString('utf8'), this.scope, BLOGGER_PREFIXES) };
    // Bounded: a feed of made-up names must not grow it without end.
    if (known.length < 8) known.push(entry);
    return entry;
  }
}

/** What `has` looks for, by index. */
const PATTERNS = ['xmlns', 'related', 'contentRemoved', '&'];
const XMLNS_AT = 0;
const RELATED_AT = 1;
const CONTENT_REMOVED_AT = 2;
const AMPERSAND_AT = 3;
const NOT_SEARCHED = -2;

/** Whether `s` holds `part` at `at` (a name: compared here; `startsWith` costs more for so few characters). */
export function sameAt(s: string, at: number, part: string): boolean {
  for (let k = 0; k < part.length; k++) if (s.charCodeAt(at + k) !== part.charCodeAt(k)) return false;
  return true;
}

/**
 * The `>` ending a start tag whose name ends at `from` (quoted values skipped), before `last`;
 * -1 when a `<` comes first or a quote is not closed (left to the full parser's repairs).
 */
export function tagEnd(s: string, from: number, last: number): number {
  for (let i = from; i < last; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c === 0x3c) return -1;
    if (c === 0x22 || c === 0x27) {
      i = s.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (i < 0 || i >= last) return -1;
    }
  }
  return -1;
}
