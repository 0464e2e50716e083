import { describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import type { Post } from '../../src/model/post.js';
import { detectReader } from '../../src/readers/index.js';
import { inputFromBytes, openInput } from '../../src/readers/input.js';
import { fullSizeThumbnail } from '../../src/readers/blogger/toPost.js';
import { fixturePath, readAll } from '../helpers/readAll.js';

const fixture = (path: string) => fixturePath(`blogger/${path}`);
const read = readAll;

const byTitle = (posts: Post[], title: string) => {
  const post = posts.find((p) => p.title === title);
  if (!post) throw new Error(`no post titled ${title}; have ${posts.map((p) => p.title).join(', ')}`);
  return post;
};

describe('blogger reader: classic "Back up content" export', () => {
  const file = fixture('classic-tiny/export.xml');

  it('yields posts and pages in file order, drafts and scheduled posts as drafts', async () => {
    const { posts, error } = await read(file);
    expect(error).toBeUndefined();
    expect(posts.map((p) => [p.kind, p.title, p.draft])).toEqual([
      ['page', 'About me', false],
      ['post', 'Lisbon & the tram', false],
      ['post', 'Just a quick note from the garden: the…', false],
      ['post', 'Half-written', true],
      ['post', 'Valentine (scheduled)', true],
    ]);
    expect(posts.map((p) => p.source)).toEqual([4, 5, 6, 7, 8].map((entry) => ({ file, entry })));
  });

  it('reads every field of a post, with XML entities decoded exactly once', async () => {
    const { posts } = await read(file);
    const post = byTitle(posts, 'Lisbon & the tram');
    expect(post).toMatchObject({
      id: 'tag:blogger.com,1999:blog-1111.post-101',
      // The offset the export wrote is kept; Blogger's milliseconds are not.
      date: { precision: 'offset', date: '2019-05-04', time: '21:30:00', offset: '-07:00' },
      updated: { precision: 'offset', date: '2019-05-05', time: '08:00:00', offset: '-07:00' },
      author: 'Ann Author',
      authorUrl: 'https://www.blogger.com/profile/0001',
      // Labels deduplicated case-insensitively, first spelling kept.
      tags: ['Travel', 'Food & Drink'],
      categories: [],
      slug: 'lisbon-tram',
      url: 'http://tiny.example.com/2019/05/lisbon-tram.html',
      aliases: ['/2019/05/lisbon-tram.html'],
      // The body's first image, not the 72 px thumbnail crop.
      image: 'https://example.com/tram.jpg',
      location: { name: 'Lisbon, Portugal', latitude: 38.7223, longitude: -9.1393 },
      blog: { id: '1111', title: 'Tiny & Blog', url: 'http://tiny.example.com/', timezone: 'America/Los_Angeles' },
      warnings: [],
    });
    // `&amp;amp;amp;` in the XML is `&amp;amp;` in the HTML: decoded once, never twice.
    expect(post.body).toEqual({ format: 'html', value: '<p>Rode tram 28.</p><img src="https://example.com/tram.jpg" /><p>Tom &amp;amp; Jerry &lt;3</p>' });
    expect(post.blog?.folder).toBeUndefined();
  });

  it('titles an untitled post from its words, flags it and warns; "Anonymous" is nobody', async () => {
    const { posts } = await read(file);
    const post = posts[2]!;
    expect(post.title).toBe('Just a quick note from the garden: the…');
    expect(post.titleDerived).toBe(true);
    expect(post.author).toBeUndefined();
    expect(post.warnings).toEqual([
      { code: 'UNTITLED', message: expect.stringContaining('no title'), source: { file, entry: 6 } },
    ]);
  });

  it('gives a page its /p/ address and a draft only its slug (a draft never had a public URL)', async () => {
    const { posts } = await read(file);
    expect(posts[0]).toMatchObject({ kind: 'page', slug: 'about', url: 'http://tiny.example.com/p/about.html', aliases: ['/p/about.html'] });
    const draft = byTitle(posts, 'Half-written');
    expect(draft.url).toBeUndefined();
    expect(draft.aliases).toEqual([]);
  });

  it('keeps a post dated after the export (scheduled) as a draft, with a warning', async () => {
    const { posts } = await read(file);
    const scheduled = byTitle(posts, 'Valentine (scheduled)');
    expect(scheduled.draft).toBe(true);
    expect(scheduled.warnings.map((w) => w.code)).toEqual(['SCHEDULED']);
  });

  it('attaches comments listed after all posts to their post, oldest first, threaded', async () => {
    const { posts, skipped } = await read(file);
    const comments = byTitle(posts, 'Lisbon & the tram').comments;
    expect(comments.map((c) => [c.id.replace(/.*post-/, ''), c.author, c.replyTo?.replace(/.*post-/, '')])).toEqual([
      ['5001', 'Bob', undefined],
      ['5002', 'Ann Author', '5001'],
      // It answered a comment that was deleted: it becomes a top-level comment.
      ['5004', undefined, undefined],
    ]);
    expect(comments[0]).toEqual({
      id: 'tag:blogger.com,1999:blog-1111.post-5001',
      author: 'Bob',
      authorUrl: 'https://bob.example.net/',
      date: { precision: 'offset', date: '2019-05-06', time: '10:00:00', offset: '-07:00' },
      body: { format: 'html', value: 'Lovely &lt;b&gt;trip&lt;/b&gt;!' },
    });
    expect(byTitle(posts, 'Just a quick note from the garden: the…').comments.map((c) => c.author)).toEqual([undefined]);
    expect(skipped).toEqual({ template: 1, 'deleted comment': 1 });
  });

  it('never lets an e-mail address into a post, whether from <email>, a name or a mailto: link', async () => {
    const { posts } = await read(file);
    expect(JSON.stringify(posts)).not.toMatch(/@example\.(org|com)|mailto:/);
  });
});

describe('blogger reader: comments before their posts, pretty-printed', () => {
  it('threads comments whatever their order, also when in-reply-to names the parent comment', async () => {
    const file = fixture('comments-before-posts/export.xml');
    const { posts, skipped, warnings } = await read(file);
    expect(posts).toHaveLength(1);
    const [post] = posts as [Post];
    expect(post.body.value).toBe('<p>Hello, world.</p>');
    expect(post.comments.map((c) => [c.author, c.replyTo?.replace(/.*post-/, '')])).toEqual([
      ['Abe', undefined],
      ['Bea', '7001'],
      ['Cleo', '7002'],
    ]);
    expect(skipped).toEqual({ 'orphan comment': 1 });
    expect(warnings).toEqual([{ code: 'ORPHAN_COMMENTS', message: '1 comment answers no post in this export; not converted', source: { file } }]);
  });
});

describe('blogger reader: problems inside the export', () => {
  it('keeps comments that name themselves or each other in a circle on the post their link names, with no circular replies', async () => {
    const { posts, skipped, warnings } = await read(fixture('comments-in-a-circle/export.xml'));
    expect(skipped).toEqual({});
    expect(warnings).toEqual([]);
    const comments = posts[0]!.comments;
    const id = (n: number) => `tag:blogger.com,1999:blog-5151.post-${n}`;
    expect(comments.map((c) => [c.id, c.replyTo])).toEqual([
      [id(201), undefined],
      // The oldest of the circle is where it is broken; the others still answer within it.
      [id(202), undefined],
      [id(203), id(204)],
      [id(204), id(202)],
      [id(205), undefined],
    ]);
  });

  it('keeps the first of two entries with one id and warns about the second', async () => {
    const file = fixture('duplicate-ids/export.xml');
    const { posts, warnings, skipped } = await read(file);
    expect(posts.map((p) => p.title)).toEqual(['The original']);
    expect(posts[0]!.comments.map((c) => c.body.value)).toEqual(['kept comment']);
    expect(warnings.map((w) => [w.code, w.source])).toEqual([
      ['DUPLICATE_ID', { file, entry: 4 }],
      ['DUPLICATE_ID', { file, entry: 2 }],
    ]);
    expect(skipped).toEqual({ 'duplicate post': 1, 'duplicate comment': 1 });
  });

  it('drops control characters XML forbids, and says so on the post', async () => {
    const file = fixture('control-characters/export.xml');
    const { posts } = await read(file);
    expect(posts.map((p) => [p.title, p.body.value])).toEqual([
      ['Pasted from Word', '<p>Smart quotes</p>'],
      ['Clean', 'fine'],
    ]);
    expect(posts[0]!.warnings).toEqual([
      { code: 'CONTROL_CHARACTERS', message: 'entry 1: removed 3 control characters that XML does not allow', source: { file, line: 3, entry: 1 } },
    ]);
    expect(posts[1]!.warnings).toEqual([]);
  });

  it('reads an undeclared namespace prefix as written and warns once per prefix', async () => {
    const file = fixture('undeclared-prefix/export.xml');
    const { posts, warnings } = await read(file);
    expect(posts[0]!.location).toEqual({ name: 'Pune, India' });
    expect(posts[0]!.comments.map((c) => c.body.value)).toEqual(['A reply']);
    expect(warnings.map((w) => [w.code, w.message, w.source.line])).toEqual([
      ['UNDECLARED_PREFIX', 'entry 2: namespace prefix "thr" is used but never declared; read as "thr:"', 5],
      ['UNDECLARED_PREFIX', 'entry 1: namespace prefix "georss" is used but never declared; read as "georss:"', 4],
    ]);
  });

  it('repairs unbalanced entries, warning with the entry number and line, and reads the rest', async () => {
    const file = fixture('unbalanced-entry/export.xml');
    const { posts, warnings, error } = await read(file);
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Fine before', 'Edited by hand', 'Never closed', 'Fine after']);
    // Unescaped HTML in the content is kept as HTML, not flattened to its text.
    expect(posts[1]!.body.value).toBe('<p>Unescaped <b>HTML<br>');
    expect(posts[1]!.warnings).toEqual([
      { code: 'XML_RECOVERED', message: 'entry 2: <p>, <b>, <br> not closed before </content>; closed there', source: { file, line: 6, entry: 2 } },
    ]);
    expect(posts[2]!.body.value).toBe('the end tag of this entry is missing');
    expect(warnings).toEqual([
      { code: 'XML_RECOVERED', message: '<entry> number 3 was not closed before the next <entry>; it was cut there (line 9, column 1)', source: { file, line: 9 } },
    ]);
  });

  it('converts entries without a date or content, warning about each', async () => {
    const file = fixture('no-date-no-content/export.xml');
    const { posts } = await read(file);
    expect(posts.map((p) => [p.title, p.date?.date, p.body.value, p.warnings.map((w) => w.code)])).toEqual([
      ['No published date', '2019-03-01', 'text', ['NO_DATE']],
      ['No content', '2019-03-02', '', ['NO_CONTENT']],
      ['No usable date at all', undefined, 'text', ['BAD_DATE', 'NO_DATE']],
    ]);
  });

  it('reads an export whose XML declaration names an unknown encoding as UTF-8, warning at line 1', async () => {
    const file = fixture('declared-unknown-encoding/export.xml');
    const { posts, warnings, error } = await read(file);
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Café crème']);
    expect(warnings).toEqual([
      {
        code: 'ENCODING',
        message: 'the XML declaration names an encoding blogport does not know ("x-mac-nonsense"); read as UTF-8 (pass --encoding if the text comes out wrong) (line 1, column 1)',
        source: { file, line: 1 },
      },
    ]);
  });

  it('skips an entry whose <blogger:type> was left open, naming its kind in one short line', async () => {
    const file = fixture('takeout-unclosed-type/feed.atom');
    const { posts, warnings, skipped } = await read(file);
    expect(posts.map((p) => p.title)).toEqual(['Intact']);
    expect(skipped).toEqual({ 'unknown entry': 1 });
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['XML_RECOVERED', 'entry 1: <blogger:type> not closed before </entry>; closed there'],
      ['UNKNOWN_ENTRY', 'entry 1 is a "POST LIVE Its type was never closed lost…", not a post, page or comment; not converted'],
    ]);
  });

  it('reads an export whose first entry is damaged past telling its kind: the entry is reported, the export still read', async () => {
    const file = fixture('damaged-first-entry/export.xml');
    const { posts, warnings, skipped, error } = await read(file);
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['After the damage', 'Before it']);
    expect(skipped).toEqual({ 'unknown entry': 1 });
    expect(warnings.map((w) => w.code)).toEqual(['XML_RECOVERED', 'UNKNOWN_ENTRY']);
    expect(warnings[1]!.message).toBe('entry 1 (line 3) says nothing of its kind (no Blogger kind category or blogger:type, perhaps damaged); not converted');
  });

  it('reads an export in which a tag lost part of an attribute (quotes no longer pair); it hung the reader', async () => {
    const { posts, warnings, error } = await read(fixture('unpaired-attribute-quotes/export.xml'));
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Before the damaged entry']);
    expect(warnings.map((w) => w.code)).toContain('UNKNOWN_ENTRY');
  });

  it('takes XHTML content as markup and CDATA literally', async () => {
    const { posts } = await read(fixture('xhtml-and-cdata/export.xml'));
    expect(posts.map((p) => [p.title, p.body])).toEqual([
      ['Fish & chips', { format: 'html', value: '<p>Inline <em>XHTML</em> &amp; more</p>' }],
      ['Tom & Jerry', { format: 'html', value: '<p>Raw &amp; <b>bold</b> ]]></p>' }],
    ]);
  });
});

describe('blogger reader: truncated exports', () => {
  it('yields every complete entry, warns TRUNCATED, then throws INPUT_TRUNCATED naming the spot', async () => {
    const file = fixture('truncated/export.xml');
    const { posts, warnings, error } = await read(file);
    expect(posts.map((p) => p.title)).toEqual(['About me']);
    expect(error).toBeInstanceOf(BlogportError);
    expect(error).toMatchObject({ code: 'INPUT_TRUNCATED', source: { file, line: 4 } });
    const message = 'the export is cut off at line 4, column 244, inside entry 5 that starts at line 4; the 4 complete entries before it were read';
    expect((error as BlogportError).message).toBe(message);
    expect(warnings).toEqual([{ code: 'TRUNCATED', message, source: { file, line: 4 } }]);
  });

  it('cut anywhere, yields only complete posts, each exactly as in the whole export', async () => {
    const whole = (await import('node:fs')).readFileSync(fixture('classic-tiny/export.xml'));
    const complete = new Map((await read(inputFromBytes('whole.xml', whole))).posts.map((p) => [p.id, p]));
    for (let cut = 1; cut < whole.length - 8; cut += 53) {
      const { posts, error } = await read(inputFromBytes('cut.xml', whole.subarray(0, cut)), { from: 'blogger' });
      expect(error, `cut at ${cut}`).toMatchObject({ code: 'INPUT_TRUNCATED' });
      for (const post of posts) {
        const full = complete.get(post.id)!;
        // Comments after the cut are missing; everything else is the same.
        expect({ ...post, comments: [], source: null, warnings: [] }, `cut at ${cut}`).toEqual({ ...full, comments: [], source: null, warnings: [] });
      }
    }
  });
});

describe('blogger reader: inputs that are not Blogger exports (only reachable with --from blogger)', () => {
  it.each([
    ['not-blogger/wordpress.xml', 'is a WordPress export (WXR), not a Blogger export'],
    ['not-blogger/rss.xml', 'is an RSS feed, not a Blogger export'],
    ['not-blogger/atom.xml', 'is an Atom feed, but not a Blogger export (no Blogger entry kinds, blogger:type or blog id)'],
    ['not-blogger/page.html', 'is an HTML page, not a Blogger export'],
    ['not-blogger/notes.txt', 'is not XML: no element found in it'],
  ])('%s: FORMAT_UNKNOWN saying what it looks like', async (path, message) => {
    const { posts, error } = await read(fixture(path), { from: 'blogger' });
    expect(posts).toEqual([]);
    expect(error).toBeInstanceOf(BlogportError);
    expect(error).toMatchObject({ code: 'FORMAT_UNKNOWN', message });
  });

  it('not-blogger/page.html: auto-detection picks the saved-page reader, not the Blogger one', async () => {
    expect(detectReader(await openInput(fixture('not-blogger/page.html'))).name).toBe('html');
  });

  it.each([
    ['not-blogger/wordpress.xml', 'a WordPress export (WXR)'],
    ['not-blogger/rss.xml', 'an RSS feed'],
    ['not-blogger/atom.xml', 'an Atom feed'],
  ])('%s: auto-detection does not pick the Blogger reader, and names what it is', async (path, what) => {
    const { error } = await read(fixture(path));
    expect(error).toMatchObject({ code: 'FORMAT_UNKNOWN', message: `is ${what}, which blogport does not read yet` });
  });

  it.each([
    ['white space only', fixture('empty/whitespace.xml')],
    ['no bytes at all', inputFromBytes('empty.xml', new Uint8Array(0))],
  ])('an empty input (%s) is INPUT_EMPTY', async (_, input) => {
    const { error } = await read(input, { from: 'blogger' });
    expect(error).toMatchObject({ code: 'INPUT_EMPTY' });
  });

  it('an export with nothing to convert is NO_POSTS, with what it did hold', async () => {
    const xml =
      "<feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1.archive</id>" +
      "<entry><id>tag:blogger.com,1999:blog-1.settings.BLOG_NAME</id><category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#settings'/><content type='text'>Empty</content></entry></feed>";
    const { error } = await read(inputFromBytes('blog.xml', new TextEncoder().encode(xml)));
    expect(error).toMatchObject({ code: 'NO_POSTS', message: expect.stringContaining('no posts or pages') });
  });
});

describe("blogger reader: Blogger's public feed", () => {
  it('reads the posts it has and warns that it is not a full export', async () => {
    const file = fixture('public-feed/posts-default.xml');
    const { posts, warnings } = await read(file);
    expect(posts.map((p) => [p.title, p.tags, p.slug, p.blog?.title])).toEqual([['Monte Rosa', ['Trekking'], 'monte-rosa', "Un passo dopo l'altro"]]);
    expect(warnings.map((w) => w.code)).toEqual(['PUBLIC_FEED']);
  });
});

describe('fullSizeThumbnail', () => {
  it.each([
    ['https://1.bp.blogspot.com/-a/b/c/s72-c/photo.jpg', 'https://1.bp.blogspot.com/-a/b/c/s1600/photo.jpg'],
    ['https://blogger.googleusercontent.com/img/b/R29v/AVvX=s72-c', 'https://blogger.googleusercontent.com/img/b/R29v/AVvX=s1600'],
    ['https://example.com/plain.jpg', 'https://example.com/plain.jpg'],
  ])('%s → %s', (thumbnail, full) => {
    expect(fullSizeThumbnail(thumbnail)).toBe(full);
  });
});
