import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bloggerFixtures, CLASSIC_SCOPE, entriesOf, feedFiles, TAKEOUT_SCOPE } from '../helpers/bloggerEntries.js';
import { readEntry, type BloggerEntry } from '../../src/readers/blogger/entry.js';
import { PlainPosts } from '../../src/readers/blogger/plainPost.js';
import { BLOGGER_PREFIXES } from '../../src/readers/blogger/schema.js';
import { decodeXmlEntities, decodeXmlEntitiesOfBytes, localName } from '../../src/readers/common/xmlEntries.js';
import { parseXmlElement, type XmlTreeIssue } from '../../src/readers/common/xmlTree.js';
import { inputFromBytes } from '../../src/readers/input.js';
import { readAll } from '../helpers/readAll.js';

/** What pass 2 makes of an entry the long way: parsed into a tree, then read. */
function parsed(xml: string, scope: Record<string, string>): { entry?: BloggerEntry; issues: XmlTreeIssue[] } {
  const issues: XmlTreeIssue[] = [];
  const element = parseXmlElement(xml, { prefixes: BLOGGER_PREFIXES, scope, onIssue: (issue) => issues.push(issue) });
  if (!element || localName(element.name) !== 'entry') return { issues };
  return { entry: readEntry(element, xml), issues };
}

/** The contract: an entry read off its bytes is the one parsed, from an entry the parser has nothing to say about. */
function expectSameEntry(xml: string, scope: Record<string, string>, reader = new PlainPosts(scope)): BloggerEntry | undefined {
  const fast = reader.read(Buffer.from(xml));
  if (fast !== undefined) {
    const slow = parsed(xml, scope);
    expect(slow.issues, xml).toEqual([]);
    expect(fast, xml).toEqual(slow.entry);
  }
  return fast;
}

/** The entries pass 2 reads (all but comments and settings) of a feed, with the declarations of its root. */
const postEntriesOf = (bytes: Buffer) => entriesOf(bytes, (kind) => kind !== 'comment' && kind !== 'settings');

describe('PlainPosts: post and page entries read off their bytes', () => {
  it('reads the fixtures’ posts and pages as the parser does, and the classic ones without parsing', async () => {
    let read = 0;
    for (const path of feedFiles(bloggerFixtures)) {
      for (const { bytes, scope } of await postEntriesOf(readFileSync(path))) {
        if (expectSameEntry(bytes.toString('utf8'), scope)) read++;
      }
    }
    expect(read).toBeGreaterThan(20);
    // Drafts (app:control declaring its namespace), thumbnails (media: declared on the element)
    // and pretty-printed Takeout entries (author, location nested) are all plain.
    const classic = await postEntriesOf(readFileSync(join(bloggerFixtures, 'classic-tiny/export.xml')));
    expect(classic.some(({ bytes }) => bytes.includes('<app:draft>yes'))).toBe(true);
    for (const { bytes, scope } of classic) expect(new PlainPosts(scope).read(bytes), bytes.toString()).toBeDefined();
    const takeout = await postEntriesOf(readFileSync(join(bloggerFixtures, 'takeout-two-blogs/Takeout/Blogger/Blogs/Cooking Notes/feed.atom')));
    expect(takeout.length).toBeGreaterThan(0);
    for (const { bytes, scope } of takeout) expect(new PlainPosts(scope).read(bytes), bytes.toString()).toBeDefined();
  });

  it('leaves the posts that are not plain to the parser, and the whole feed reads as the text path reads it', async () => {
    const file = join(bloggerFixtures, 'posts-not-plain/export.xml');
    const shapes = await postEntriesOf(readFileSync(file));
    // The plain draft and the body with character references (decoded the long way) are read
    // here; CDATA, markup in the title, an XML comment, a namespace on the entry, an undeclared
    // prefix, xhtml content and a spaced end tag are left to the parser.
    expect(shapes.map(({ bytes, scope }) => expectSameEntry(bytes.toString('utf8'), scope) !== undefined)).toEqual([true, false, false, false, true, false, false, false]);
    const bytes = readFileSync(file);
    const asUtf8 = await readAll(inputFromBytes('export.xml', bytes));
    const asText = await readAll(inputFromBytes('export.xml', Buffer.from(`\ufeff${bytes.toString('utf8')}`, 'utf16le')));
    expect(asUtf8.posts).toEqual(asText.posts);
    expect(asUtf8.warnings).toEqual(asText.warnings);
    expect(asUtf8.posts.map((post) => post.title)).toEqual(['Plain draft — café', 'CDATA body', 'Markup in the title', 'Namespace on the entry', 'Character references', 'Undeclared prefix', 'XHTML', 'Spaced end tag']);
    expect(asUtf8.posts[0]).toMatchObject({ draft: true, tags: ['Q&A'], body: { value: '<p>Fish &amp; chips, “quoted” ☕</p>'.repeat(12) } });
    expect(asUtf8.posts[4]!.body.value).toBe("<p>It's ☺ &#39; fine</p>".repeat(12));
  });

  it('reads a classic draft: its fields, its body decoded once, the namespaces its elements declare', () => {
    const xml =
      `<entry><id>tag:blogger.com,1999:blog-1.post-5</id><published>2020-01-02T03:04:05.000-08:00</published><updated>2020-01-03T00:00:00.000-08:00</updated>` +
      `<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control>` +
      `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/><category scheme='http://www.blogger.com/atom/ns#' term='Q&amp;A'/>` +
      `<title type='text'>Zoë &amp; friends</title><content type='html'>${'&lt;p&gt;Zoë &amp;amp; “friends” 😀&lt;/p&gt; '.repeat(20)}</content>` +
      `<link rel='alternate' type='text/html' href='http://b.example/2020/01/zoe.html' title='Zoë'/>` +
      `<author><name>Jane</name><uri>https://www.blogger.com/profile/1</uri><email>noreply@blogger.com</email></author>` +
      `<media:thumbnail xmlns:media='http://search.yahoo.com/mrss/' url='https://x.example/s72-c/a.jpg' height='72' width='72'/><thr:total>0</thr:total></entry>`;
    expect(expectSameEntry(xml, CLASSIC_SCOPE)).toMatchObject({
      kind: 'post',
      draft: true,
      title: 'Zoë & friends',
      labels: ['Q&A'],
      permalink: 'http://b.example/2020/01/zoe.html',
      thumbnail: 'https://x.example/s72-c/a.jpg',
      author: { name: 'Jane', uri: 'https://www.blogger.com/profile/1', anonymous: false },
      content: { format: 'html', value: '<p>Zoë &amp; “friends” 😀</p> '.repeat(20).trim() },
    });
  });

  it('leaves to the parser what is not plain', () => {
    const plain = (inside: string, scope: Record<string, string> = CLASSIC_SCOPE, open = '<entry>') => new PlainPosts(scope).read(Buffer.from(`${open}<id>a</id>${inside}</entry>`));
    expect(plain('<content type="html">a</content>')).toBeDefined();
    expect(plain('<content type="html">a</content>', CLASSIC_SCOPE, '<entry xml:lang="fr">')).toBeDefined();
    expect(plain('<content type="html">a</content>', CLASSIC_SCOPE, "<entry xmlns:b='http://schemas.google.com/blogger/2018'>")).toBeUndefined();
    expect(plain('<content type="html">a</content>', CLASSIC_SCOPE, '<atom:entry>')).toBeUndefined();
    for (const inside of [
      '<content type="html"><![CDATA[<p>a</p>]]></content>', // CDATA
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>a</p></div></content>', // XHTML
      '<content type="XHTML">a</content>', // XHTML, even without markup
      '<!-- note --><content>a</content>', // XML comment
      '<?pi?><content>a</content>', // processing instruction
      '<content type="html">a <b>b</b></content>', // markup in the content
      '<content>a < b</content>', // a bare "<"
      '<content>a</content >', // an end tag not written plainly
      '<content>a</contents>', // a stray end tag
      '<content <b>x</content>', // a start tag cut short
      "<title type='text>a</title>", // a quote never closed
      '<x:content>a</x:content>', // an undeclared prefix
      '<app:control><app:draft>yes</app:draft></app:control>', // the same, inside
      '<author><name><b>n</b></name></author>', // too deep
      '<title><b>n</b></title>', // markup where none is expected
      '<content type="html">a', // never closed
      '<élan>a</élan>', // a name that does not start in ASCII
    ]) {
      expect(plain(inside), inside).toBeUndefined();
    }
  });

  it('leaves to the parser an entry whose bytes are no longer UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('<entry><id>a</id><title>caf'), Buffer.from([0xe9]), Buffer.from('</title></entry>')]);
    expect(new PlainPosts(CLASSIC_SCOPE).read(bytes)).toBeUndefined();
  });

  // Pieces of post entries, plain and not, in any order and number.
  const text = fc.constantFrom('', ' ', 'a', ' x &amp; y ', '&lt;b&gt;', 'Zoë 😀', '&#114;', '&#x1F600; &amp;', '\n  ', ' yes ', 'YES', 'no', '39.93 32.85', '39.93,32.85', 'tag:blogger.com,1999:blog-1.post-9', 'tag:blogger.com,1999:blog-1.page-3', ' POST ', 'PAGE', 'LIVE', 'DRAFT', '/2020/01/a.html', '2020-01-02T03:04:05Z', 'x');
  const body = fc
    .array(fc.constantFrom('&lt;p&gt;', '&lt;/p&gt;', 'Zoë', ' 😀 ', '&amp;amp;', '&amp;lt;', '&quot;', '&apos;', '&amp', '&#39;', '&#x26;', '&#1;', '&nbsp;', '&', 'ab;', 'text ', '\n', 'é'), { maxLength: 120 })
    .map((parts) => parts.join(''));
  const attribute = fc.constantFrom(
    " rel='alternate' type='text/html' href='http://b.example/p.html'",
    " rel='alternate' href=' /p.html '",
    " rel='alternate' type='application/atom+xml' href='http://b.example/feed'",
    " rel='&#97;lternate' href='http://b.example/q.html'",
    " rel='replies' href='x'",
    ' rel="edit" href="a>b"',
    " scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'",
    " scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#page'",
    " scheme='http://www.blogger.com/atom/ns#' term='Label &amp; more'",
    " term='one\ntwo'",
    " term=''",
    " url='https://x.example/s72-c/a.jpg'",
    " xmlns:media='http://search.yahoo.com/mrss/' url='https://x.example/s72-c/b.jpg'",
    " xmlns:app='http://purl.org/atom/app#'",
    " xmlns:app='http://www.w3.org/2007/app'",
    " xmlns:thr='http://purl.org/syndication/thread/1.0' ref='p'",
    " xmlns:thr='urn:other' ref='p'",
    " xmlns='http://www.w3.org/2005/Atom'",
    " xmlns='urn:other'",
    // Declarations that change what a name reads as (b:filename is blogger:filename, or not).
    " xmlns:b='http://schemas.google.com/blogger/2018'",
    " xmlns:b='urn:other' xmlns:b2='http://schemas.google.com/blogger/2018'",
    " xmlns='http://schemas.google.com/blogger/2018'",
    " type='html'",
    " type='xhtml'",
    " type='text/html'",
    " type='text'",
    ' type=html',
    '',
  );
  const name = fc.constantFrom(
    'id',
    'published',
    'updated',
    'category',
    'title',
    'summary',
    'content',
    'link',
    'media:thumbnail',
    'georss:featurename',
    'georss:point',
    'blogger:type',
    'blogger:status',
    'blogger:trashed',
    'blogger:filename',
    'blogger:metaDescription',
    'blogger:created',
    'thr:total',
    'b:type',
    'b:filename',
    'filename',
    'x:unknown',
  );
  const leafOf = (names: fc.Arbitrary<string>) =>
    fc.tuple(names, attribute, fc.oneof(text, fc.constant(null))).map(([n, a, t]) => (t === null ? `<${n}${a}/>` : `<${n}${a}>${t}</${n}>`));
  const content = fc.tuple(fc.constantFrom(" type='html'", " type='text'", ''), body).map(([a, b]) => `<content${a}>${b}</content>`);
  const nestedOf = (outer: string, inner: string[]) =>
    fc
      .tuple(attribute, fc.array(fc.tuple(fc.constantFrom(...inner), text, fc.constantFrom('', '\n  ')), { maxLength: 4 }))
      .map(([a, parts]) => `<${outer}${a}>${parts.map(([n, t, ws]) => `${ws}<${n}>${t}</${n}>`).join('')}</${outer}>`);
  const author = nestedOf('author', ['name', 'uri', 'email', 'blogger:type', 'gd:image']);
  const control = nestedOf('app:control', ['app:draft', 'app:edited', 'draft']);
  const location = nestedOf('blogger:location', ['blogger:name', 'blogger:latitude', 'blogger:lat', 'blogger:longitude', 'blogger:lng', 'blogger:span']);
  const odd = fc.constantFrom(
    '<!-- c -->',
    '<![CDATA[x]]>',
    '<content type="html">a <b>b</b></content>',
    '<content type="xhtml"><div>a</div></content>',
    '<content><![CDATA[<p>x</p>]]></content>',
    '</stray>',
    'a < b',
    '<content>x</content >',
    '<title>x</titlx>',
    '<content <b>x</content>',
    "<link rel='alternate' <b/>",
    '<?pi?>',
    '<author><name><i>n</i></name></author>',
    '<author><name>n</nam></author>',
    '<title>a<br/>b</title>',
    '<x:unknown/>',
    '\n',
  );
  const entryOf = (children: fc.Arbitrary<string>) =>
    fc
      .tuple(fc.boolean(), fc.array(children, { maxLength: 16 }), fc.constantFrom('<entry>', '<entry xml:lang="fr">', "<entry xmlns:b='http://schemas.google.com/blogger/2018'>", '<entry\n>'))
      .map(([first, inside, open]) => `${open}${first ? '<id>tag:blogger.com,1999:blog-1.post-10</id>' : ''}${inside.join('')}</entry>`);
  const plainPiece = fc.oneof(
    { arbitrary: leafOf(name.filter((n) => n !== 'x:unknown' && n !== 'b:type')), weight: 8 },
    { arbitrary: content, weight: 2 },
    { arbitrary: author, weight: 1 },
    { arbitrary: control, weight: 1 },
    { arbitrary: location, weight: 1 },
  );
  const anything = entryOf(fc.oneof({ arbitrary: plainPiece, weight: 10 }, { arbitrary: leafOf(name), weight: 2 }, { arbitrary: odd, weight: 1 }));
  const mostlyPlain = entryOf(plainPiece);
  const scope = fc.constantFrom<Record<string, string>>(CLASSIC_SCOPE, TAKEOUT_SCOPE, { ...CLASSIC_SCOPE, b: 'http://schemas.google.com/blogger/2018', app: 'http://purl.org/atom/app#' }, {});
  const declared = fc.constantFrom<Record<string, string>>({ ...CLASSIC_SCOPE, blogger: 'http://schemas.google.com/blogger/2018' }, { ...TAKEOUT_SCOPE, gd: 'http://schemas.google.com/g/2005', thr: 'http://purl.org/syndication/thread/1.0', georss: 'http://www.georss.org/georss' });

  /** One reader per feed, as in pass 2: what it learns from an entry (names, declarations) serves the next ones. */
  const readers = new Map<Record<string, string>, PlainPosts>();
  const readerFor = (scope: Record<string, string>) => readers.get(scope) ?? readers.set(scope, new PlainPosts(scope)).get(scope)!;

  it('reads what the parser reads, on generated entries (or leaves them to it)', () => {
    fc.assert(
      fc.property(anything, scope, (xml, scope) => {
        expectSameEntry(xml, scope, readerFor(scope));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads what the parser reads, on generated plain entries', () => {
    let read = 0;
    fc.assert(
      fc.property(mostlyPlain, declared, fc.boolean(), (xml, scope, shared) => {
        if (expectSameEntry(xml, scope, shared ? readerFor(scope) : new PlainPosts(scope))) read++;
      }),
      { numRuns: 3000 },
    );
    // Many are plain; the rest have an xhtml type, a namespace bound anew (also on the entry), or
    // a thumbnail without its declaration.
    expect(read).toBeGreaterThan(1000);
  });
});

describe('decodeXmlEntitiesOfBytes: a body decoded in its bytes', () => {
  const piece = fc.constantFrom('&lt;', '&gt;', '&amp;', '&quot;', '&apos;', '&amp;lt;', '&lt', '&am', '&quo', '&apos', '&', ';', '&#39;', '&#x1F600;', '&#0;', 'a', 'Zoë', '😀', '日本', ' ', '\n');
  it('gives what decoding the text, then its entities, gives, wherever the text sits in its buffer', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.constantFrom('', '&', '&l', 'x'), fc.constantFrom('', 't;', 'mp;', 'y'), (parts, before, after) => {
        const text = parts.join('');
        const buffer = Buffer.from(before + text + after);
        const start = Buffer.byteLength(before);
        const end = start + Buffer.byteLength(text);
        expect(decodeXmlEntitiesOfBytes(buffer, start, end)).toBe(decodeXmlEntities(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a text longer than its kept buffer', () => {
    const text = '&lt;p&gt;Zoë &amp;amp; 😀&lt;/p&gt;'.repeat(40_000);
    expect(decodeXmlEntitiesOfBytes(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(decodeXmlEntities(text));
  });
});
