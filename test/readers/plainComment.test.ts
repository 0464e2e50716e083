import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bloggerFixtures, CLASSIC_SCOPE, entriesOf, feedFiles, TAKEOUT_SCOPE } from '../helpers/bloggerEntries.js';
import { readEntry, type CommentEntry } from '../../src/readers/blogger/entry.js';
import { PlainComments } from '../../src/readers/blogger/plainComment.js';
import { BLOGGER_PREFIXES } from '../../src/readers/blogger/schema.js';
import { localName } from '../../src/readers/common/xmlEntries.js';
import { parseXmlElement, type XmlTreeIssue } from '../../src/readers/common/xmlTree.js';

/** What pass 1 makes of a comment entry the long way: parsed into a tree, then read. */
function parsed(xml: string, scope: Record<string, string>): { entry?: CommentEntry; issues: XmlTreeIssue[] } {
  const issues: XmlTreeIssue[] = [];
  const element = parseXmlElement(xml, { prefixes: BLOGGER_PREFIXES, scope, onIssue: (issue) => issues.push(issue) });
  if (!element || localName(element.name) !== 'entry') return { issues };
  return { entry: readEntry(element, xml, true), issues };
}

/** The contract: an entry read off its bytes is the one parsed, from an entry the parser has nothing to say about. */
function expectSameEntry(xml: string, scope: Record<string, string>): CommentEntry | undefined {
  const fast = new PlainComments(scope).read(Buffer.from(xml));
  if (fast !== undefined) {
    const slow = parsed(xml, scope);
    expect(slow.issues, xml).toEqual([]);
    expect(fast, xml).toEqual(slow.entry);
  }
  return fast;
}

/** The comment entries of a feed, with the declarations of its root. */
const commentsOf = (bytes: Buffer) => entriesOf(bytes, (kind) => kind === 'comment');

describe('PlainComments: comment entries read off their bytes', () => {
  it('reads the fixtures’ comments as the parser does, and the classic ones without parsing', async () => {
    let read = 0;
    for (const path of feedFiles(bloggerFixtures)) {
      for (const { bytes, scope } of await commentsOf(readFileSync(path))) {
        if (expectSameEntry(bytes.toString('utf8'), scope)) read++;
      }
    }
    expect(read).toBeGreaterThan(10);
    const classic = await commentsOf(readFileSync(join(bloggerFixtures, 'classic-tiny/export.xml')));
    for (const { bytes, scope } of classic) expect(new PlainComments(scope).read(bytes), bytes.toString()).toBeDefined();
    // The comments written plainly are read here; the CDATA body, the inline markup, the XML
    // comment, the namespace bound anew and the spaced end tag are left to the parser.
    const shapes = await commentsOf(readFileSync(join(bloggerFixtures, 'comments-not-plain/export.xml')));
    expect(shapes.map(({ bytes, scope }) => new PlainComments(scope).read(bytes) !== undefined)).toEqual([true, false, false, false, true, false, false]);
  });

  it('reads a classic comment: its reply links, author, dates, body', () => {
    const xml =
      `<entry><id>tag:blogger.com,1999:blog-1.post-77</id><published>2020-01-02T03:04:05.000-08:00</published><updated>2020-01-03T00:00:00.000-08:00</updated>` +
      `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/><title type='text'>Hi &amp; bye</title>` +
      `<content type='html'>Hi &amp;amp; &lt;b&gt;bye&lt;/b&gt; </content><link rel='edit' href='x'/><link rel='related' type='application/atom+xml' href='https://www.blogger.com/feeds/1/5/comments/default/76'/>` +
      `<author><name>Zoë</name><uri>http://z.example/</uri><email>noreply@blogger.com</email><gd:image rel='x' src='y'/></author>` +
      `<thr:in-reply-to xmlns:thr='http://purl.org/syndication/thread/1.0' href='http://b.example/p.html' ref='tag:blogger.com,1999:blog-1.post-5' type='text/html'/>` +
      `<gd:extendedProperty name='blogger.contentRemoved' value='true'/></entry>`;
    expect(expectSameEntry(xml, CLASSIC_SCOPE)).toMatchObject({
      kind: 'comment',
      id: 'tag:blogger.com,1999:blog-1.post-77',
      content: { format: 'html', value: 'Hi &amp; <b>bye</b>' },
      author: { name: 'Zoë', uri: 'http://z.example/', anonymous: false },
      replyTo: { post: 'tag:blogger.com,1999:blog-1.post-5', postUrl: 'http://b.example/p.html', comment: 'tag:blogger.com,1999:blog-1.post-76' },
      contentRemoved: true,
    });
  });

  it('leaves to the parser what is not plain', () => {
    const plain = (inside: string, scope: Record<string, string> = CLASSIC_SCOPE) => new PlainComments(scope).read(Buffer.from(`<entry><id>a</id>${inside}</entry>`));
    expect(plain('<content type="html">a</content>')).toBeDefined();
    for (const inside of [
      '<content><![CDATA[a]]></content>', // CDATA
      '<!-- note --><content>a</content>', // XML comment
      '<content>a <b>b</b></content>', // markup in the content
      '<content>a < b</content>', // a bare "<"
      '<content>a</content >', // an end tag not written plainly
      '<content>a</contents>', // a stray end tag
      '<content>a</contenx>', // another
      '<content <b>x</content>', // a start tag cut short
      '<x:content>a</x:content>', // an undeclared prefix
      '<thr:in-reply-to xmlns:thr="urn:other" ref="p"/>', // a prefix bound anew
      '<author><name><b>n</b></name></author>', // too deep
      '<content type="html">a', // never closed
    ]) {
      expect(plain(inside), inside).toBeUndefined();
      // …where the parser has something to say, or reads something plain reading would not.
    }
  });

  // Pieces of comment entries, plain and not, in any order and number.
  const text = fc.constantFrom('', ' ', 'a', ' x &amp; y ', '&lt;b&gt;', 'Zoë 😀', '&#114;', '\n  ', 'tag:blogger.com,1999:blog-1.post-9', ' COMMENT ', 'live', 'ANONYMOUS', 'true');
  const attribute = fc.constantFrom(
    " rel='related' href='https://www.blogger.com/feeds/1/2/comments/default/33'",
    " rel='&#114;elated' href='https://www.blogger.com/feeds/1/2/comments/default/34/'",
    " rel='alternate' type='text/html' href='http://b.example/p.html'",
    ' rel="edit" href="a>b"',
    " scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'",
    " scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'",
    " term='Label'",
    " name='blogger.contentRemoved' value='true'",
    " name='blogger.contentRemoved' value='false'",
    " name='blogger.itemClass' value='pid-1'",
    " ref='tag:blogger.com,1999:blog-1.post-5' href=' http://b.example/p.html '",
    " xmlns:thr='http://purl.org/syndication/thread/1.0' ref='p'",
    " xmlns:thr='urn:other' ref='p'",
    " type='html'",
    " type='xhtml'",
    " type='text/html'",
    ' type=html',
    '',
  );
  const name = fc.constantFrom(
    'id',
    'published',
    'updated',
    'category',
    'title',
    'content',
    'link',
    'thr:in-reply-to',
    'gd:extendedProperty',
    'blogger:type',
    'blogger:status',
    'blogger:trashed',
    'blogger:parent',
    'blogger:inReplyTo',
    'blogger:created',
    'b:type',
    'app:control',
    'x:unknown',
    'summary',
  );
  const leafOf = (names: fc.Arbitrary<string>) =>
    fc.tuple(names, attribute, fc.oneof(text, fc.constant(null))).map(([n, a, t]) => (t === null ? `<${n}${a}/>` : `<${n}${a}>${t}</${n}>`));
  const author = fc
    .array(fc.tuple(fc.constantFrom('name', 'uri', 'email', 'blogger:type', 'gd:image'), text), { maxLength: 4 })
    .map((parts) => `<author>${parts.map(([n, t]) => `<${n}>${t}</${n}>`).join('')}</author>`);
  const odd = fc.constantFrom(
    '<!-- c -->',
    '<![CDATA[x]]>',
    '<content>a <b>b</b></content>',
    '</stray>',
    'a < b',
    '<content>x</content >',
    '<content>x</contenx>',
    '<content <b>x</content>',
    "<link rel='related' <b/>",
    '<?pi?>',
    '<author><name><i>n</i></name></author>',
    '<author><name>n</nam></author>',
    '<x:unknown/>',
    '\n',
  );
  const entryOf = (children: fc.Arbitrary<string>, idFirst: fc.Arbitrary<boolean>) =>
    fc
      .tuple(idFirst, fc.array(children, { maxLength: 14 }), fc.constantFrom('<entry>', '<entry xml:lang="fr">', "<entry xmlns:b='http://schemas.google.com/blogger/2018'>"))
      .map(([first, inside, open]) => `${open}${first ? '<id>tag:blogger.com,1999:blog-1.post-10</id>' : ''}${inside.join('')}</entry>`);
  const anything = entryOf(fc.oneof({ arbitrary: leafOf(name), weight: 8 }, { arbitrary: author, weight: 2 }, { arbitrary: odd, weight: 1 }), fc.boolean());
  const mostlyPlain = entryOf(fc.oneof({ arbitrary: leafOf(name.filter((n) => !n.includes(':') || n.startsWith('blogger:') || n.startsWith('gd:') || n.startsWith('thr:'))), weight: 8 }, { arbitrary: author, weight: 2 }), fc.constant(true));
  const scope = fc.constantFrom<Record<string, string>>(CLASSIC_SCOPE, TAKEOUT_SCOPE, { ...CLASSIC_SCOPE, b: 'http://schemas.google.com/blogger/2018', app: 'http://purl.org/atom/app#' }, {});
  const declared = fc.constantFrom<Record<string, string>>({ ...CLASSIC_SCOPE, blogger: 'http://schemas.google.com/blogger/2018' }, { ...TAKEOUT_SCOPE, gd: 'http://schemas.google.com/g/2005', thr: 'http://purl.org/syndication/thread/1.0' });

  it('reads what the parser reads, on generated entries (or leaves them to it)', () => {
    fc.assert(
      fc.property(anything, scope, (xml, scope) => {
        expectSameEntry(xml, scope);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads what the parser reads, on generated plain entries', () => {
    let read = 0;
    fc.assert(
      fc.property(mostlyPlain, declared, (xml, scope) => {
        if (expectSameEntry(xml, scope)) read++;
      }),
      { numRuns: 3000 },
    );
    // Most are plain (some are not: an end tag in an unexpected place, a prefix bound anew).
    console.log('plain', read);
    expect(read).toBeGreaterThan(1500);
  });
});
