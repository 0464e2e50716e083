import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { decodeXmlEntities, decodeXmlEntitiesOfBytes, readAttributes } from '../common/xmlEntries.js';
import { conventionalName, declaredScope, scopeWithBuiltIns } from '../common/xmlTree.js';
import { authorOf, contentOf, readEntryElements, type BloggerEntry, type EntryElements } from './entry.js';
import { Attributes, NameTable, sameAt, tagEnd } from './plainComment.js';
import { BLOGGER_PREFIXES } from './schema.js';

/**
 * Post and page entries read straight off their UTF-8 bytes, in pass 2 of a UTF-8 export: most
 * of a post entry is its body, and parsing it into a tree (after decoding all of it) costs more
 * than reading its few fields and decoding the body once.
 *
 * Only plain entries are read here, the shapes Blogger writes: `<entry>` holding elements that
 * hold text (or nothing), and an `<author>`, `<app:control>` or `<blogger:location>` holding
 * such elements; every name's prefix declared (on the feed, or on the element itself, as
 * `<media:thumbnail xmlns:media=…>`), every end tag exact, no `type="xhtml"` content. For such an
 * entry `parseXmlElement` builds that very tree and reports nothing, and the fields are read by
 * the same `readEntryElements` as `readEntry` reads the tree with, so the outcome is the same.
 * Anything else — CDATA, comments, markup in the content, deeper nesting, a namespace declared on
 * the entry, a repair to make — gives undefined, and the entry is parsed in full.
 *
 * As in plainComment.ts, the markup is found in the bytes seen as Latin-1 (offsets are byte
 * offsets); only the texts read are decoded, the body with its entities replaced in the bytes.
 */
export class PlainPosts {
  /** The feed's declarations, and the names resolved under them. */
  private readonly scope: Scope;
  /** Declarations met on elements (`<media:thumbnail xmlns:media=…>` on every post), by what they declare. */
  private readonly declared = new Map<string, Scope>();
  private readonly elements = new PlainElements(this);
  /** The entry being read: its bytes, the same as Latin-1 text, whether they are all ASCII. */
  private b: Buffer = Buffer.alloc(0);
  private s = '';
  private ascii = true;
  /** Where the next `xmlns` is in the entry (-1: none; `NOT_SEARCHED`), see `hasXmlns`. */
  private xmlns = NOT_SEARCHED;

  /** `scope`: the namespace declarations of the feed's root element. */
  constructor(scope: Readonly<Record<string, string>>) {
    const declarations = scopeWithBuiltIns(scope);
    this.scope = { declarations, names: new NameTable(declarations) };
  }

  /** The entry (a `BloggerEntry`, as `readEntry` reads it), or undefined when it is not plain. */
  read(b: Buffer): BloggerEntry | undefined {
    const n = b.length;
    if (n < 15) return undefined;
    const s = b.toString('latin1');
    // `<entry` … `>` … `</entry>`, as the byte scanner cut it.
    if (!s.startsWith('<entry') || !s.endsWith('</entry>')) return undefined;
    const after = s.charCodeAt(6);
    if (after !== 0x3e && after > 0x20) return undefined;
    // Pass 1 found the file valid UTF-8; one changed since is left to the parser (and its U+FFFDs).
    const ascii = isAscii(b);
    if (!ascii && !isUtf8(b)) return undefined;
    this.b = b;
    this.s = s;
    this.ascii = ascii;
    this.xmlns = NOT_SEARCHED;
    const rootEnd = tagEnd(s, 6, n);
    if (rootEnd < 0 || s.charCodeAt(rootEnd - 1) === 0x2f || this.hasXmlns(6, rootEnd)) return undefined;
    const last = n - 8;
    const list: PlainElement[] = [];
    for (let i = rootEnd + 1; ; ) {
      const lt = s.indexOf('<', i);
      if (lt === last) break;
      if (lt < 0 || lt > last) return undefined;
      const element = this.element(lt, last, this.scope, false);
      if (element === undefined) return undefined;
      if (!this.isInertLink(element)) list.push(element);
      i = element.end;
    }
    const entry = readEntryElements(this.elements.over(list));
    this.b = EMPTY;
    this.s = '';
    return entry;
  }

  /**
   * The element whose `<` is at `lt` (inside the entry, before `last`), its name resolved under
   * `scope`: a start tag, then nothing (`/>`), or text and its exact end tag, or (one of
   * `NESTING`, not itself `nested`) such elements and text. Undefined for anything else.
   */
  private element(lt: number, last: number, scope: Scope, nested: boolean): PlainElement | undefined {
    const s = this.s;
    const c = s.charCodeAt(lt + 1);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a)) return undefined;
    let nameEnd = lt + 2;
    let hash = c;
    for (let d = s.charCodeAt(nameEnd); nameEnd < last && d > 0x20 && d !== 0x2f && d !== 0x3e; d = s.charCodeAt(++nameEnd)) hash = (Math.imul(hash, 31) + d) | 0;
    const gt = tagEnd(s, nameEnd, last);
    if (gt < 0) return undefined;
    const selfClosing = s.charCodeAt(gt - 1) === 0x2f;
    const attrEnd = selfClosing ? gt - 1 : gt;
    // Declarations on the element hold for its name and what is inside it, as in the parser
    // (which looks for them the same way: `xmlns` anywhere in the attributes).
    const inner = this.hasXmlns(nameEnd, attrEnd) ? this.declaredIn(readAttributes(this.text(nameEnd, attrEnd, false)), scope) : scope;
    const written = inner.names?.written(s, lt + 1, nameEnd, hash);
    const qname = written?.written ?? s.slice(lt + 1, nameEnd);
    const name = written ? written.name : conventionalName(this.text(lt + 1, nameEnd, false), inner.declarations, BLOGGER_PREFIXES);
    if (name === undefined) return undefined;
    const element: PlainElement = { name, start: lt, attrStart: nameEnd, attrEnd, innerStart: gt + 1, innerEnd: gt + 1, end: gt + 1 };
    if (name === 'content' && this.isXhtml(element)) return undefined;
    if (selfClosing) return element;
    let at = s.indexOf('<', element.innerStart);
    if (at < 0 || at > last) return undefined;
    if (s.charCodeAt(at + 1) !== 0x2f) {
      if (nested || !NESTING.has(name)) return undefined;
      const children: PlainElement[] = [];
      for (;;) {
        const child = this.element(at, last, inner, true);
        if (child === undefined) return undefined;
        children.push(child);
        at = s.indexOf('<', child.end);
        if (at < 0 || at > last) return undefined;
        if (s.charCodeAt(at + 1) === 0x2f) break;
      }
      element.children = children;
    }
    // The end tag, exactly `</` + the name as written + `>`.
    const end = at + 2 + qname.length;
    if (end > last || s.charCodeAt(end) !== 0x3e || !sameAt(s, at + 2, qname)) return undefined;
    element.innerEnd = at;
    element.end = end + 1;
    return element;
  }

  /**
   * The scope inside an element with these `attributes` (see `declaredScope`), under `scope`.
   * Under the feed's, it is kept by the declarations made, with a table of the names resolved in
   * it: the same thumbnail declaration on every post is worked out once.
   */
  private declaredIn(attributes: Record<string, string>, scope: Scope): Scope {
    if (scope !== this.scope) return { declarations: declaredScope(attributes, scope.declarations) };
    let key = '';
    for (const name in attributes) if (name === 'xmlns' || name.startsWith('xmlns:')) key += `${name}\u0000${attributes[name]}\u0000`;
    let known = this.declared.get(key);
    if (known === undefined) {
      const declarations = declaredScope(attributes, scope.declarations);
      known = declarations === scope.declarations ? scope : { declarations, names: new NameTable(declarations) };
      // Bounded: a feed declaring something new on every element must not grow it without end.
      if (this.declared.size < 16) this.declared.set(key, known);
    }
    return known;
  }

  /**
   * Whether `xmlns` is in the entry's `[start, end)`. The searches go forward through the entry
   * (elements are looked at in order): the next place is kept, so the body is searched once.
   */
  private hasXmlns(start: number, end: number): boolean {
    let at = this.xmlns;
    if (at === NOT_SEARCHED || (at >= 0 && at < start)) at = this.xmlns = this.s.indexOf('xmlns', start);
    return at >= 0 && at + 5 <= end;
  }

  /**
   * Whether an element is a link no field reader takes anything from (most of an entry's:
   * `replies`, `edit`, `self`), left out of the list without reading its attributes. A link is
   * read only when its `rel` is `alternate` (a post's address) or `related` (a comment's parent):
   * without either word in its start tag, nor an `&` that could spell one, it is neither.
   */
  private isInertLink(element: PlainElement): boolean {
    if (element.name !== 'link') return false;
    const inside = this.s.slice(element.attrStart, element.attrEnd);
    return !inside.includes('alternate') && !inside.includes('related') && !inside.includes('&');
  }

  /** Whether a `<content>` is `type="xhtml"` (markup taken as written: left to the parser). */
  private isXhtml(element: PlainElement): boolean {
    const type = this.attributes(element).attribute('type');
    return type !== undefined && type.toLowerCase() === 'xhtml';
  }

  /** The entry's bytes from `start` to `end` as text (entities decoded unless `decode` is false). */
  text(start: number, end: number, decode = true): string {
    if (start === end) return '';
    // A short ASCII text (most, also in an entry that is not all ASCII) is a slice of the Latin-1
    // view: looking at its few bytes costs less than a call into C++ to decode them.
    const text = this.ascii || (end - start <= SHORT_TEXT && isAsciiIn(this.s, start, end)) ? this.s.slice(start, end) : this.b.toString('utf8', start, end);
    return decode ? decodeXmlEntities(text) : text;
  }

  /** A long text (a body), entities decoded: replaced in the bytes, then decoded once. */
  longText(start: number, end: number): string {
    return end - start < LONG_TEXT ? this.text(start, end) : decodeXmlEntitiesOfBytes(this.b, start, end);
  }

  /** An element's attributes (`inside` its start tag, after the name), read as the parser reads them. */
  attributes(element: PlainElement): Attributes {
    return (element.attributes ??= new Attributes(this.text(element.attrStart, element.attrEnd, false)));
  }
}

/** Namespace declarations in force, and (for those met again and again) the names resolved under them. */
interface Scope {
  declarations: Record<string, string>;
  names?: NameTable;
}

interface PlainElement {
  /** Its name as `parseXmlElement` resolves it. */
  name: string;
  /** Where its `<`, attributes, inside and end are, in the entry's bytes. */
  start: number;
  attrStart: number;
  attrEnd: number;
  innerStart: number;
  innerEnd: number;
  end: number;
  /** The elements inside it, when there are (only for `NESTING`). */
  children?: PlainElement[];
  attributes?: Attributes;
}

/** The elements that may hold elements (one level of them): what readEntry reads inside. */
const NESTING = new Set(['author', 'app:control', 'blogger:location']);

/** Bytes of text from which a body is decoded in its bytes (see `decodeXmlEntitiesOfBytes`). */
const LONG_TEXT = 256;

/** Bytes of a text looked at for one beyond ASCII before it is decoded (see `text`). */
const SHORT_TEXT = 256;

function isAsciiIn(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const EMPTY = Buffer.alloc(0);
const NOT_SEARCHED = -2;

/** A plain entry's child elements, as `readEntryElements` reads them (one object, moved along). */
class PlainElements implements EntryElements {
  private list: PlainElement[] = [];
  private element!: PlainElement;

  constructor(private readonly reader: PlainPosts) {}

  over(list: PlainElement[]): this {
    this.list = list;
    return this;
  }

  get count(): number {
    return this.list.length;
  }

  nameAt(k: number): string {
    return this.list[k]!.name;
  }

  at(k: number): void {
    this.element = this.list[k]!;
  }

  /** As `textOf`: all the text inside, the children's too, each piece decoded. */
  text(): string {
    const { innerStart, innerEnd, children } = this.element;
    if (!children) return this.reader.text(innerStart, innerEnd);
    let text = '';
    let from = innerStart;
    for (const child of children) {
      text += this.reader.text(from, child.start) + this.reader.text(child.innerStart, child.innerEnd);
      from = child.end;
    }
    return text + this.reader.text(from, innerEnd);
  }

  attribute(name: string): string | undefined {
    return this.reader.attributes(this.element).attribute(name);
  }

  content(): NonNullable<BloggerEntry['content']> {
    // Never `xhtml` here (see `isXhtml`), and never with elements inside.
    const { innerStart, innerEnd } = this.element;
    const type = (this.attribute('type') ?? 'text').toLowerCase();
    return contentOf(type, this.reader.longText(innerStart, innerEnd));
  }

  author(): NonNullable<BloggerEntry['author']> {
    return authorOf(this.childText('name'), this.childText('uri'), this.childText('blogger:type'));
  }

  childText(name: string): string | undefined {
    const inner = this.element.children?.find((child) => child.name === name);
    return inner && this.reader.text(inner.innerStart, inner.innerEnd);
  }
}
