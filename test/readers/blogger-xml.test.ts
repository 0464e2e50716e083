import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseAtomDate } from '../../src/readers/blogger/dates.js';
import { quickKind, quickKindOfBytes } from '../../src/readers/blogger/entry.js';
import { firstImage, htmlToText } from '../../src/readers/blogger/htmlText.js';
import { BLOGGER_PREFIXES } from '../../src/readers/blogger/schema.js';
import { blogInfoOf, parseCsv, settingsFromCsv } from '../../src/readers/blogger/settings.js';
import { authorOf, dedupeLabels, slugOfPath } from '../../src/readers/blogger/toPost.js';
import { decodeXmlEntities, readAttributes, scanXml, type XmlScanEvent, type XmlScanIssue } from '../../src/readers/common/xmlEntries.js';
import { childText, parseXmlElement, textOf, type XmlTreeIssue } from '../../src/readers/common/xmlTree.js';

const encode = (text: string) => new TextEncoder().encode(text);

async function scan(bytes: Uint8Array, chunkSize = bytes.length || 1) {
  const issues: XmlScanIssue[] = [];
  const events: XmlScanEvent[] = [];
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
  }
  for await (const event of scanXml(chunks(), { onIssue: (issue) => issues.push(issue) })) events.push(event);
  const records = events.flatMap((e) => (e.type === 'record' ? [e.record] : []));
  return { events, records, issues, end: events.at(-1) as Extract<XmlScanEvent, { type: 'end' }> };
}

describe('scanXml: cutting a feed into its entries, streaming', () => {
  const classic = readFileSync(new URL('../fixtures/blogger/classic-tiny/export.xml', import.meta.url));
  const pretty = readFileSync(new URL('../fixtures/blogger/comments-before-posts/export.xml', import.meta.url));

  it.each([1, 2, 7, 64, 1000, 1 << 20])('cuts the same records whatever the chunk size (%i bytes)', async (size) => {
    const whole = await scan(classic);
    const chunked = await scan(classic, size);
    expect(chunked.records).toEqual(whole.records);
    expect(chunked.end).toEqual(whole.end);
    expect(whole.records.filter((r) => r.name === 'entry')).toHaveLength(13);
    expect(whole.end.complete).toBe(true);
  });

  it('sees an entry left open wherever the pieces of text end, also inside the next one\'s name', async () => {
    // 1 KiB is read before the first piece is cut: the long comment puts the rest in small pieces.
    const xml = encode(`<!--${'x'.repeat(2000)}--><feed><entry><id>1</id><entry><id>2</id></entry></feed>`);
    const whole = await scan(xml);
    expect(whole.records.map((r) => r.xml)).toEqual(['<entry><id>1</id>', '<entry><id>2</id></entry>']);
    expect(whole.issues.map((i) => i.code)).toEqual(['XML_RECOVERED']);
    // Chunk boundaries inside the second `<entry` (its `<` is at 2030).
    for (const size of [2031, 2032, 2033, 2034, 2035, 2036]) {
      const chunked = await scan(xml, size);
      expect(chunked.records, String(size)).toEqual(whole.records);
      expect(chunked.issues, String(size)).toEqual(whole.issues);
    }
  });

  it('gives each record its line, column and entry number (pretty-printed and one-line exports)', async () => {
    const { records } = await scan(pretty, 13);
    expect(records.map((r) => [r.name, r.index, r.line, r.column])).toEqual([
      ['id', 1, 3, 3],
      ['updated', 1, 4, 3],
      ['title', 1, 5, 3],
      ['link', 1, 6, 3],
      ['entry', 1, 7, 3],
      ['entry', 2, 21, 3],
      ['entry', 3, 34, 3],
      ['entry', 4, 51, 3],
      ['entry', 5, 65, 3],
    ]);
    const oneLine = await scan(classic, 5);
    expect(oneLine.records.filter((r) => r.name === 'entry').map((r) => [r.line, r.column]).slice(0, 3)).toEqual([
      [2, 1],
      [2, 504],
      [2, 889],
    ]);
  });

  it('is not fooled by markup-looking text in comments, CDATA, PIs or attribute values', async () => {
    const xml =
      "<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY x '</entry>'>]><!-- <entry> --><feed xmlns='http://www.w3.org/2005/Atom'>" +
      "<entry a='1 > 0' b=\"<entry>\"><!-- </entry> --><content><![CDATA[</entry><entry>]]></content><?pi </entry>?></entry>" +
      '<entry/></feed>';
    for (const size of [1, 3, 1000]) {
      const { records, end } = await scan(encode(xml), size);
      expect(records.map((r) => r.xml)).toEqual([
        "<entry a='1 > 0' b=\"<entry>\"><!-- </entry> --><content><![CDATA[</entry><entry>]]></content><?pi </entry>?></entry>",
        '<entry/>',
      ]);
      expect(end.complete).toBe(true);
    }
  });

  it('recovers an unclosed entry at the next one and reports it', async () => {
    const { records, issues } = await scan(encode("<feed><entry><id>1</id>\n<entry><id>2</id></entry></feed>"));
    expect(records.map((r) => [r.xml, r.unterminated])).toEqual([
      ['<entry><id>1</id>\n', true],
      ['<entry><id>2</id></entry>', undefined],
    ]);
    expect(issues).toEqual([{ code: 'XML_RECOVERED', message: '<entry> number 1 was not closed before the next <entry>; it was cut there', line: 2, column: 1 }]);
  });

  it.each([
    ['empty', '', 'empty'],
    ['white space', ' \n\t ', 'empty'],
    ['text, not XML', 'Sunday, 1 March 2015\nHello', 'no-root'],
    ['cut in the declaration', "<?xml version='1.0' enc", 'truncated'],
    ['cut inside an entry', "<feed><entry><id>1</id></entry><entry><id>2</i", 'truncated'],
    ['root never closed', '<feed><entry/>', 'truncated'],
  ])('ends %s with reason %s', async (_, text, reason) => {
    const { end } = await scan(encode(text), 4);
    expect(end).toMatchObject({ complete: false, reason });
  });

  it('names the open record of a truncated document', async () => {
    const { end } = await scan(encode("<feed>\n<entry><id>1</id></entry>\n<entry><id>2</i"));
    expect(end).toMatchObject({ complete: false, reason: 'truncated', line: 3, column: 16, openRecord: { name: 'entry', index: 2, line: 3, column: 1 } });
  });

  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<feed><title>Café</title></feed>')])],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<feed><title>Café</title></feed>', 'utf16le')])],
    ['UTF-16LE without BOM', Buffer.from('<feed><title>Café</title></feed>', 'utf16le')],
    ['declared ISO-8859-1', iconv.encode("<?xml version='1.0' encoding='ISO-8859-1'?><feed><title>Café</title></feed>", 'latin1')],
    ['declared windows-1252 (via iconv-lite names too)', iconv.encode('<?xml version="1.0" encoding="cp1252"?><feed><title>Café</title></feed>', 'cp1252')],
  ])('decodes %s', async (_, bytes) => {
    const { records } = await scan(bytes, 3);
    expect(records.map((r) => r.xml)).toEqual(['<title>Café</title>']);
  });

  it.each([
    ['an encoding no decoder knows', 'x-nonsense', 'does not know ("x-nonsense")'],
    ['EBCDIC', 'EBCDIC', 'does not know ("EBCDIC")'],
    ['UTF-16 in a file that starts in single bytes', 'UTF-16', 'says "UTF-16", but the file starts in single bytes'],
    ['UTF-32 in a file that starts in single bytes', 'UTF-32', 'says "UTF-32", but the file starts in single bytes'],
  ])('reads a declaration naming %s as UTF-8, with a note at line 1', async (_, declared, note) => {
    const { records, issues, end } = await scan(encode(`<?xml version='1.0' encoding='${declared}'?>\n<feed><title>Café</title></feed>`), 5);
    expect(records.map((r) => r.xml)).toEqual(['<title>Café</title>']);
    expect(end).toMatchObject({ complete: true, encoding: 'utf-8' });
    expect(issues).toEqual([{ code: 'ENCODING', message: expect.stringContaining(note), line: 1, column: 1 }]);
  });

  it('reports bytes that are not UTF-8, but not a real U+FFFD', async () => {
    const bad = await scan(Buffer.concat([Buffer.from('<feed><title>'), Buffer.from([0xe9]), Buffer.from('</title></feed>')]));
    expect(bad.issues.map((i) => i.code)).toEqual(['ENCODING']);
    const late = await scan(Buffer.concat([Buffer.from(`<feed><title>${'x'.repeat(1100)}\n`), Buffer.from([0xe9]), Buffer.from('</title></feed>')]), 7);
    expect(late.issues).toEqual([expect.objectContaining({ code: 'ENCODING', line: 2, column: 1 })]);
    // A real U+FFFD, also when its three bytes arrive in different chunks.
    for (const size of [1, 2, 14, 15, 1000]) {
      const good = await scan(encode(`<feed><title>${'x'.repeat(1100)}\uFFFD \uFFFD</title></feed>`), size);
      expect(good.issues, `chunks of ${size}`).toEqual([]);
    }
  });
});

describe('XML text: entities decoded exactly once', () => {
  it.each([
    ['&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;', '<p>Tom &amp; Jerry</p>'],
    ['&amp;lt;not a tag&amp;gt;', '&lt;not a tag&gt;'],
    ['&quot;q&quot; &apos;a&apos;', '"q" \'a\''],
    ['&#233;&#xE9;&#x1F600;', 'éé😀'],
    ['&#1;control&#0; refs dropped', 'control refs dropped'],
    ['&nbsp; unknown entities kept, & bare ampersand kept', '&nbsp; unknown entities kept, & bare ampersand kept'],
    ['&#12345678; too long, &#xZZ; not hex', '&#12345678; too long, &#xZZ; not hex'],
  ])('%s → %s', (raw, decoded) => {
    expect(decodeXmlEntities(raw)).toBe(decoded);
  });

  it.each([
    [` rel='alternate' type="text/html" href='http://a/?x=1&amp;y=2'`, { rel: 'alternate', type: 'text/html', href: 'http://a/?x=1&y=2' }],
    [' a = "1" b=2 checked c=\'>\'', { a: '1', b: '2', checked: '', c: '>' }],
    ['', {}],
    // Damaged tags whose quotes do not pair leave a bare `>` among the attributes (this looped forever).
    [`a='1' b>c`, { a: '1', b: '', c: '' }],
    [`term='kindtle type='text'>Comment</title>`, { term: 'kindtle type=', "text'": '', 'Comment<': '', title: '' }],
  ])('attributes of %s', (inside, attributes) => {
    expect(readAttributes(inside)).toEqual(attributes);
  });
});

describe('parseXmlElement: one entry, namespaces by URI, forgiving', () => {
  it('names elements by namespace URI, whatever prefix the file chose', () => {
    const xml = "<entry><b:type>POST</b:type><x:draft xmlns:x='http://purl.org/atom/app#'>yes</x:draft><title>T</title></entry>";
    const entry = parseXmlElement(xml, { prefixes: BLOGGER_PREFIXES, scope: { '': 'http://www.w3.org/2005/Atom', b: 'http://schemas.google.com/blogger/2018' } })!;
    expect(entry.children.map((c) => ('name' in c ? c.name : null))).toEqual(['blogger:type', 'app:draft', 'title']);
    expect(childText(entry, 'blogger:type')).toBe('POST');
  });

  it('reports an undeclared prefix once and reads it as written', () => {
    const issues: XmlTreeIssue[] = [];
    const entry = parseXmlElement('<entry><thr:a/><thr:b/></entry>', { prefixes: BLOGGER_PREFIXES, scope: {}, onIssue: (i) => issues.push(i) })!;
    expect(entry.children.map((c) => ('name' in c ? c.name : null))).toEqual(['thr:a', 'thr:b']);
    expect(issues).toEqual([{ code: 'UNDECLARED_PREFIX', message: 'namespace prefix "thr" is used but never declared; read as "thr:"', offset: 7, prefix: 'thr' }]);
  });

  it('closes what an end tag leaves open, ignores stray end tags, keeps a bare "<" as text', () => {
    const issues: string[] = [];
    const entry = parseXmlElement('<entry><title>a < b</x></title><content><p>one<br></content></entry>', {
      prefixes: BLOGGER_PREFIXES,
      onIssue: (i) => issues.push(i.message),
    })!;
    expect(childText(entry, 'title')).toBe('a < b');
    expect(textOf(entry)).toBe('a < bone');
    expect(issues).toEqual(['a bare "<" in text was kept as text', 'stray end tag </x> ignored', '<p>, <br> not closed before </content>; closed there']);
  });
});

describe('Blogger details', () => {
  it.each([
    ['2011-05-20T19:41:00.000-07:00', { precision: 'offset', date: '2011-05-20', time: '19:41:00', offset: '-07:00' }],
    ['2022-10-24T02:43:00Z', { precision: 'offset', date: '2022-10-24', time: '02:43:00', offset: '+00:00' }],
    ['2022-10-24T02:43+0530', { precision: 'offset', date: '2022-10-24', time: '02:43:00', offset: '+05:30' }],
    ['2022-10-24T02:43:07', { precision: 'local', date: '2022-10-24', time: '02:43:07' }],
    ['2022-10-24', { precision: 'day', date: '2022-10-24' }],
    [' 2022-10-24T02:43:07.5Z ', { precision: 'offset', date: '2022-10-24', time: '02:43:07', offset: '+00:00' }],
    ['2022-02-30T10:00:00Z', undefined],
    ['2022-10-24T25:00:00Z', undefined],
    // An offset past ±23:59 (a damaged export) is no date, not a post that fails to convert.
    ['2015-03-01T10:00:00+25:00', undefined],
    ['2015-03-01T10:00:00-07:60', undefined],
    ['2015-03-01T10:00:00+23:59', { precision: 'offset', date: '2015-03-01', time: '10:00:00', offset: '+23:59' }],
    ['October 24, 2022', undefined],
    ['', undefined],
  ])('date %j → %j', (text, date) => {
    expect(parseAtomDate(text)).toEqual(date);
  });

  it.each([
    ['/2019/05/foo-bar.html', 'foo-bar'],
    ['/p/about.html', 'about'],
    ['/2019/05/caf%C3%A9.html', 'café'],
    ['/2019/05/', '05'],
    ['/', undefined],
  ])('slug of %s → %s', (path, slug) => {
    expect(slugOfPath(path)).toBe(slug);
  });

  it('dedupes labels case-insensitively, keeping the first spelling', () => {
    expect(dedupeLabels(['Travel', 'travel', 'TRAVEL', 'Food', 'İstanbul', 'istanbul'])).toEqual(['Travel', 'Food', 'İstanbul', 'istanbul']);
  });

  it.each([
    [{ name: 'Bob', uri: 'https://bob.example/', anonymous: false }, { name: 'Bob', url: 'https://bob.example/' }],
    [{ name: 'Anonymous', anonymous: false }, {}],
    [{ name: 'Unknown', uri: 'https://www.blogger.com/profile/1', anonymous: false }, { url: 'https://www.blogger.com/profile/1' }],
    [{ name: 'somebody', anonymous: true }, {}],
    [{ name: 'me@example.org', uri: 'mailto:me@example.org', anonymous: false }, {}],
  ])('author %j → %j', (author, expected) => {
    expect(authorOf(author)).toEqual(expected);
  });

  it('reads Takeout settings.csv, quoted fields and all', () => {
    expect(parseCsv('a,b,c\r\n1,"x, ""y""",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"', ''],
    ]);
    const settings = settingsFromCsv('\uFEFFblog_name,blog_description,blog_time_zone\nMy "Blog","line one\nline two",Europe/Paris\n');
    expect(Object.fromEntries(settings)).toEqual({ BLOG_NAME: 'My "Blog"', BLOG_DESCRIPTION: 'line one\nline two', BLOG_TIME_ZONE: 'Europe/Paris' });
  });

  it('names every address the settings give a blog, besides its URL, for internal links', () => {
    // Takeout of a blog with a custom domain: served there, and still at its blogspot address.
    const custom = settingsFromCsv('blog_subdomain,blog_custom_domain\nwanderlust-notes,www.wanderlust.example\n');
    expect(blogInfoOf({}, custom, '1')).toEqual({ id: '1', url: 'https://www.wanderlust.example/', hosts: ['https://wanderlust-notes.blogspot.com/'] });
    // The feed's own link wins as the URL; the settings' addresses are the others.
    expect(blogInfoOf({ url: 'http://wanderlust-notes.blogspot.com/' }, custom, '1')).toEqual({ id: '1', url: 'http://wanderlust-notes.blogspot.com/', hosts: ['https://www.wanderlust.example/'] });
    // Only a subdomain, the same host as the URL: nothing more to say.
    expect(blogInfoOf({}, settingsFromCsv('blog_subdomain\nwanderlust-notes\n'), '1')).toEqual({ id: '1', url: 'https://wanderlust-notes.blogspot.com/' });
  });

  it('reads words and the first image out of HTML', () => {
    expect(htmlToText('<p>Caf&eacute; &amp; <b>cr&egrave;me</b></p><script>x()</script><p>br&ucirc;l&eacute;e&nbsp;!</p>')).toBe('Café & crème brûlée !');
    expect(firstImage('<p>x</p><IMG alt="a" SRC="https://a.example/1.jpg?x=1&amp;y=2"><img src="2.jpg">')).toBe('https://a.example/1.jpg?x=1&y=2');
    expect(firstImage('<p>no image</p>')).toBeUndefined();
  });

  it.each([
    ["<entry><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/><content>kind#comment</content></entry>", 'post'],
    ['<entry><blogger:type>PAGE</blogger:type><author><blogger:type>BLOGGER</blogger:type></author><content/></entry>', 'page'],
    ["<entry><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/></entry>", 'comment'],
    ['<entry><b:type>COMMENT</b:type><content>POST</content></entry>', 'comment'],
    ['<entry><title>kind#post"</title><blogger:type>COMMENT</blogger:type></entry>', undefined],
    ['<entry><title>no marker</title></entry>', undefined],
  ])('kind without parsing: %s → %s', (xml, kind) => {
    expect(quickKind(xml)).toBe(kind);
    expect(quickKindOfBytes(Buffer.from(xml))).toBe(kind);
  });

  it('finds the same kind in the bytes as in the text (generated heads, `<content` anywhere around the first KiB)', () => {
    const piece = fc.constantFrom(
      "<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#comment'/>",
      '<category term="http://schemas.google.com/blogger/2008/kind#post"/>',
      'kind#page"',
      "kind#posts'",
      'kind#template',
      '<blogger:type>COMMENT</blogger:type>',
      '<b:type> \u00a0POST\u2028</b:type>',
      '<type>page</type>',
      'type>',
      '<title>Zoë — ✓ kind#settings"</title>',
      '<content>',
      '<contents/>',
      'x'.repeat(300),
      'é'.repeat(200),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const xml = `<entry>${pieces.join('')}</entry>`;
        expect(quickKindOfBytes(Buffer.from(xml)), xml).toBe(quickKind(xml));
      }),
      { numRuns: 2000 },
    );
  });
});
