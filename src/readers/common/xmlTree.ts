/**
 * A small, forgiving XML parser for one element at a time (one feed entry cut out by
 * `scanXml`): elements, attributes, text, CDATA; comments and processing instructions skipped.
 *
 * Forgiving because exports are not always well-formed, and one bad entry must not sink an
 * archive: an end tag that closes several open elements closes them, a stray end tag is ignored,
 * unclosed elements are closed at the end, an undeclared namespace prefix is read as written —
 * each repair reported through `onIssue` with its offset, so the caller can warn with a line.
 *
 * Namespaces are resolved to conventional names chosen by the caller (`prefixes`): whatever
 * prefix a file binds to `http://schemas.google.com/blogger/2018`, the element reads as
 * `blogger:type`; elements in the default vocabulary (Atom) read bare (`title`).
 *
 * Text is kept raw and decoded only when asked (`textOf`), so walking a big entry for its
 * metadata does not pay for decoding its body.
 */
import { attributeIn, attributeSpans, copyString, decodeXmlEntities, readAttributes } from './xmlEntries.js';

export interface XmlElement {
  /** Name with its namespace in conventional form: `title`, `blogger:type`, `thr:in-reply-to`. */
  readonly name: string;
  /** Attributes as written, values decoded. */
  readonly attributes: Record<string, string>;
  /** One attribute's decoded value (cheaper than `attributes` when only a few are read; not for Object.prototype's names). */
  attribute(name: string): string | undefined;
  readonly children: XmlNode[];
  /** Offset of the element's `<` in the parsed string. */
  readonly start: number;
  /** Offsets of the element's content in the parsed string (its raw inner markup). */
  readonly innerStart: number;
  readonly innerEnd: number;
}

export interface XmlText {
  /** Raw text as written (entities not yet decoded). */
  raw: string;
  /** From a CDATA section: taken literally. */
  cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlTreeIssue {
  code: 'UNDECLARED_PREFIX' | 'XML_RECOVERED';
  message: string;
  /** Offset in the parsed string. */
  offset: number;
  /** For UNDECLARED_PREFIX: the prefix. */
  prefix?: string;
}

export interface XmlTreeOptions {
  /** Namespace URI → the conventional prefix to read it as (`''` for the default vocabulary). */
  prefixes: Readonly<Record<string, string>>;
  /** Namespace declarations in force around the fragment: prefix → URI, `''` for the default. */
  scope?: Readonly<Record<string, string>>;
  onIssue?: (issue: XmlTreeIssue) => void;
}

const BUILT_IN_SCOPE: Record<string, string> = { xml: 'http://www.w3.org/XML/1998/namespace' };

/** What is worked out once per caller scope (the same object for every entry of a feed). */
interface ScopeCache {
  /** BUILT_IN_SCOPE plus the caller's declarations (never modified: an element declaring more copies it). */
  scope: Record<string, string>;
  /** Resolved names of elements under exactly that scope. */
  names: Map<string, string>;
}

/** By prefix table, then by caller scope. */
const scopeCaches = new WeakMap<object, WeakMap<object, ScopeCache>>();

function scopeCacheFor(options: XmlTreeOptions): ScopeCache | undefined {
  if (!options.scope) return undefined;
  let byScope = scopeCaches.get(options.prefixes);
  if (!byScope) scopeCaches.set(options.prefixes, (byScope = new WeakMap()));
  let cache = byScope.get(options.scope);
  if (!cache) byScope.set(options.scope, (cache = { scope: scopeWithBuiltIns(options.scope), names: new Map() }));
  return cache;
}

/** The declarations in force in a fragment parsed under `scope` (`xml:` is always declared). */
export function scopeWithBuiltIns(scope: Readonly<Record<string, string>>): Record<string, string> {
  return { ...BUILT_IN_SCOPE, ...scope };
}

/**
 * An element's name as written → in conventional form under `scope` (see `XmlTreeOptions`);
 * undefined when its prefix is not declared (the parser reports it and reads the name as written).
 */
export function conventionalName(qname: string, scope: Readonly<Record<string, string>>, prefixes: Readonly<Record<string, string>>): string | undefined {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const uri = scope[prefix];
  if (uri === undefined) return prefix ? undefined : qname;
  const conventional = prefixes[uri];
  if (conventional === undefined) return prefix ? qname : local;
  return internalized(conventional === '' ? local : `${conventional}:${local}`);
}

/**
 * The engine's one copy of a string (as property names are kept): readers compare element names
 * with literals (`switch (node.name)`), which for two such strings is one pointer comparison.
 */
function internalized(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

/** A child added: a first child gets an array of its own size (a push would reserve room for 17). */
function addChild(parent: Element, node: XmlNode): void {
  if (parent.children.length === 0) parent.children = [node];
  else parent.children.push(node);
}

/**
 * Parse the first element in `xml` (and everything inside it). Returns undefined when there is
 * no element at all.
 */
export function parseXmlElement(xml: string, options: XmlTreeOptions): XmlElement | undefined {
  const issue = options.onIssue ?? (() => {});
  let undeclared: Set<string> | undefined;
  const stack: Element[] = [];
  let top: Element | undefined;
  let root: Element | undefined;
  const cache = scopeCacheFor(options);
  // The scopes are only read (an element that declares namespaces gets a copy), so the cached one is shared.
  let scope: Record<string, string> = cache ? cache.scope : BUILT_IN_SCOPE;
  let i = 0;

  // Elements under the caller's declarations (nearly all) have their names resolved once per
  // scope object, not once per element.
  const outerScope = scope;
  const resolve = (qname: string, at: number, elementScope: Record<string, string>): string => {
    const cacheable = elementScope === outerScope && cache !== undefined;
    if (cacheable) {
      const known = cache.names.get(qname);
      if (known !== undefined) return known;
    }
    const name = resolveName(qname, at, elementScope);
    if (cacheable && name !== undefined) cache.names.set(copyString(qname), name);
    return name ?? qname;
  };
  const resolveName = (qname: string, at: number, elementScope: Record<string, string>): string | undefined => {
    const name = conventionalName(qname, elementScope, options.prefixes);
    if (name === undefined) {
      const prefix = qname.slice(0, qname.indexOf(':'));
      if (!undeclared?.has(prefix)) {
        (undeclared ??= new Set()).add(prefix);
        issue({ code: 'UNDECLARED_PREFIX', message: `namespace prefix "${prefix}" is used but never declared; read as "${prefix}:"`, offset: at, prefix });
      }
    }
    // Not cached when undeclared: the next fragment must report it too (callers report it once).
    return name;
  };

  const close = (depth: number, at: number) => {
    while (stack.length > depth) stack.pop()!.innerEnd = at;
    top = stack.length ? stack[stack.length - 1] : undefined;
    scope = top ? top.scope : scope;
  };

  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i && top) addChild(top, { raw: xml.slice(i, textEnd), cdata: false });
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        const stop = end < 0 ? xml.length : end;
        if (top) addChild(top, { raw: xml.slice(lt + 9, stop), cdata: true });
        if (end < 0) issue({ code: 'XML_RECOVERED', message: 'a CDATA section is never closed', offset: lt });
        i = end < 0 ? xml.length : end + 3;
      } else if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        i = end < 0 ? xml.length : end + 3;
      } else {
        const end = xml.indexOf('>', lt + 2);
        i = end < 0 ? xml.length : end + 1;
      }
      continue;
    }
    if (next === 0x3f /* ? */) {
      const end = xml.indexOf('?>', lt + 2);
      i = end < 0 ? xml.length : end + 2;
      continue;
    }
    if (next === 0x2f /* / */) {
      // The usual case first: the end tag of the innermost open element.
      if (top && xml.startsWith(top.qname, lt + 2) && xml.charCodeAt(lt + 2 + top.qname.length) === 0x3e) {
        i = lt + 3 + top.qname.length;
        close(stack.length - 1, lt);
        if (stack.length === 0) break;
        continue;
      }
      const gt = xml.indexOf('>', lt + 2);
      const qname = xml.slice(lt + 2, gt < 0 ? xml.length : gt).trim();
      i = gt < 0 ? xml.length : gt + 1;
      let depth = stack.length - 1;
      while (depth >= 0 && stack[depth]!.qname !== qname) depth--;
      if (depth < 0) {
        issue({ code: 'XML_RECOVERED', message: `stray end tag </${qname}> ignored`, offset: lt });
        continue;
      }
      if (depth < stack.length - 1) {
        const unclosed = stack.slice(depth + 1).map((open) => `<${open.qname}>`);
        issue({ code: 'XML_RECOVERED', message: `${unclosed.join(', ')} not closed before </${qname}>; closed there`, offset: lt });
      }
      close(depth, lt);
      if (depth === 0) break;
      continue;
    }
    if (!isNameStart(next)) {
      // A bare "<" in text (`a < b`): keep it as text.
      if (top) addChild(top, { raw: '<', cdata: true });
      issue({ code: 'XML_RECOVERED', message: 'a bare "<" in text was kept as text', offset: lt });
      i = lt + 1;
      continue;
    }
    let nameEnd = lt + 2;
    for (let c = xml.charCodeAt(nameEnd); nameEnd < xml.length && c > 0x20 && c !== 0x2f && c !== 0x3e; c = xml.charCodeAt(++nameEnd));
    const qname = xml.slice(lt + 1, nameEnd);
    const gt = startTagEnd(xml, nameEnd);
    const selfClosing = xml.charCodeAt(gt - 1) === 0x2f && gt - 1 > lt;
    const element = new Element(qname, xml.slice(nameEnd, selfClosing ? gt - 1 : gt), lt, gt + 1);
    const elementScope = element.rawAttributes.includes('xmlns') ? declaredScope(element.attributes, scope) : scope;
    element.name = resolve(qname, lt, elementScope);
    if (top) addChild(top, element);
    else if (!root) root = element;
    else break;
    i = gt + 1;
    if (selfClosing) {
      if (stack.length === 0) break;
      continue;
    }
    element.scope = elementScope;
    stack.push(element);
    top = element;
    scope = elementScope;
  }
  if (stack.length) {
    const unclosed = stack.map((open) => `<${open.qname}>`);
    issue({ code: 'XML_RECOVERED', message: `${unclosed.join(', ')} never closed`, offset: xml.length });
    close(0, xml.length);
  }
  return root;
}

/**
 * The namespace declarations in force inside an element with these `attributes`, under `scope`:
 * `scope` itself when they declare nothing new, else a copy with their declarations.
 */
export function declaredScope(attributes: Record<string, string>, scope: Record<string, string>): Record<string, string> {
  let elementScope = scope;
  for (const key in attributes) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      const prefix = key === 'xmlns' ? '' : key.slice(6);
      // Declaring again what is in force (Blogger repeats xmlns:thr on every comment's
      // thr:in-reply-to) changes nothing: the scope, and its cached names, still hold.
      if (elementScope[prefix] === attributes[key]) continue;
      if (elementScope === scope) elementScope = { ...scope };
      elementScope[prefix] = attributes[key]!;
    }
  }
  return elementScope;
}

/** Index of the `>` closing the start tag, searching from `from` (quotes respected); a tag cut short ends at the next `<` or the end. */
function startTagEnd(xml: string, from: number): number {
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === 0x3e /* > */) return i;
    if (c === 0x3c /* < */) return i - 1;
    if (c === 0x22 || c === 0x27) {
      const close = xml.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return xml.length - 1;
      i = close;
    }
  }
  return xml.length - 1;
}

/** An element whose attributes are read only when asked for: most never are. */
class Element implements XmlElement {
  name = '';
  children: XmlNode[] = [];
  innerEnd: number;
  /** Namespace declarations in force inside it (while parsing). */
  scope: Record<string, string> = BUILT_IN_SCOPE;
  private parsed: Record<string, string> | undefined;
  /** Where its attributes are in `rawAttributes`, found on the first `attribute` asked for. */
  private spans: number[] | undefined;

  constructor(
    /** Its name as written, for matching end tags. */
    readonly qname: string,
    readonly rawAttributes: string,
    readonly start: number,
    readonly innerStart: number,
  ) {
    this.innerEnd = innerStart;
  }

  get attributes(): Record<string, string> {
    return (this.parsed ??= readAttributes(this.rawAttributes));
  }

  attribute(name: string): string | undefined {
    if (this.parsed) return this.parsed[name];
    return attributeIn(this.rawAttributes, (this.spans ??= attributeSpans(this.rawAttributes)), name);
  }
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}

export function isElement(node: XmlNode): node is XmlElement {
  return (node as XmlText).raw === undefined;
}

/** The first child element with this (conventional) name. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  for (const node of element.children) if (isElement(node) && node.name === name) return node;
  return undefined;
}

/** Every child element with this (conventional) name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of element.children) if (isElement(node) && node.name === name) out.push(node);
  return out;
}

/** The element's text content (all descendant text, entities decoded once, CDATA literal). */
export function textOf(element: XmlElement): string {
  const { children } = element;
  if (children.length === 1) {
    const only = children[0]!;
    if (!isElement(only)) return only.cdata ? only.raw : decodeXmlEntities(only.raw);
  }
  let text = '';
  for (const node of children) text += isElement(node) ? textOf(node) : node.cdata ? node.raw : decodeXmlEntities(node.raw);
  return text;
}

/** The text of the first child with this name, or undefined when there is no such child. */
export function childText(element: XmlElement, name: string): string | undefined {
  const found = childNamed(element, name);
  return found ? textOf(found) : undefined;
}
