import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlogportError } from '../../src/model/errors.js';
import type { Post } from '../../src/model/post.js';
import type { AlbumFiles } from '../../src/readers/reader.js';
import { bloggerReader } from '../../src/readers/blogger.js';
import { inputFromBytes } from '../../src/readers/input.js';
import { fixturePath, readAll } from '../helpers/readAll.js';
import { makeZip, zipEntriesOf } from '../helpers/zip.js';

const fixture = (path: string) => fixturePath(`blogger/${path}`);
const read = readAll;

const TAKEOUT = fixture('takeout-two-blogs/Takeout');
const COOKING = `${TAKEOUT}/Blogger/Blogs/Cooking Notes`;

describe('blogger reader: Google Takeout folders', () => {
  it.each([
    ['the Takeout folder', TAKEOUT, 2],
    ['Takeout/Blogger', `${TAKEOUT}/Blogger`, 2],
    ['Takeout/Blogger/Blogs', `${TAKEOUT}/Blogger/Blogs`, 2],
    ["one blog's folder", COOKING, 1],
    ["one blog's feed.atom (its settings.csv is read too)", `${COOKING}/feed.atom`, 1],
  ])('reads %s', async (_, path, blogs) => {
    const { posts, error } = await read(path);
    expect(error).toBeUndefined();
    const cooking = posts.filter((p) => p.blog?.id === '2222');
    expect(cooking.map((p) => p.title)).toEqual(['Sourdough, step by step', 'Kimchi (draft)', 'Bibimbap', 'Contact']);
    expect(cooking[0]!.blog).toEqual({
      id: '2222',
      title: 'Cooking Notes',
      url: 'https://cookingnotes.blogspot.com/',
      timezone: 'Asia/Seoul',
      ...(blogs > 1 ? { folder: 'Cooking Notes' } : {}),
    });
    expect(new Set(posts.map((p) => p.blog?.id)).size).toBe(blogs);
  });

  it('gives each blog of a multi-blog export its own id, title and output folder', async () => {
    const { posts } = await read(TAKEOUT);
    const blogs = new Map(posts.map((p) => [p.blog!.id, p.blog]));
    expect([...blogs.values()]).toEqual([
      { id: '2222', title: 'Cooking Notes', url: 'https://cookingnotes.blogspot.com/', timezone: 'Asia/Seoul', folder: 'Cooking Notes' },
      { id: '3333', title: 'Garden Diary', url: 'https://garden-diary.blogspot.com/', timezone: 'Europe/Berlin', folder: 'Garden Diary' },
    ]);
    expect(posts.at(-1)!.source).toEqual({ file: `${TAKEOUT}/Blogger/Blogs/Garden Diary/feed.atom`, entry: 1 });
  });

  it('reads a Takeout post: path, labels, description, location, first image; dates stay UTC as exported', async () => {
    const { posts } = await read(COOKING);
    expect(posts[0]).toMatchObject({
      id: 'tag:blogger.com,1999:blog-2222.post-301',
      kind: 'post',
      draft: false,
      date: { precision: 'offset', date: '2021-03-01', time: '08:30:00', offset: '+00:00' },
      tags: ['Bread', 'Baking'],
      slug: 'sourdough-step-by-step',
      url: 'https://cookingnotes.blogspot.com/2021/03/sourdough-step-by-step.html',
      aliases: ['/2021/03/sourdough-step-by-step.html'],
      description: 'How I bake sourdough at home',
      location: { name: 'Seoul, South Korea', latitude: 37.5665, longitude: 126.978 },
      image: 'https://blogger.googleusercontent.com/img/b/loaf.jpg',
      author: 'Chef Kim',
      source: { file: `${COOKING}/feed.atom`, entry: 5 },
    });
  });

  it('threads comments listed before their post; spam, deleted and trashed ones are counted, not converted', async () => {
    const { posts, skipped } = await read(COOKING);
    expect(posts[0]!.comments).toEqual([
      {
        id: 'tag:blogger.com,1999:blog-2222.post-9001',
        author: 'Reader One',
        authorUrl: 'https://reader.example.net/',
        date: { precision: 'offset', date: '2021-03-02', time: '10:00:00', offset: '+00:00' },
        body: { format: 'html', value: 'Tried it &amp; loved it <3' },
      },
      {
        // Takeout's ANONYMOUS author: no name.
        id: 'tag:blogger.com,1999:blog-2222.post-9002',
        date: { precision: 'offset', date: '2021-03-02', time: '11:00:00', offset: '+00:00' },
        body: { format: 'html', value: 'Same here!' },
        replyTo: 'tag:blogger.com,1999:blog-2222.post-9001',
      },
    ]);
    expect(skipped).toEqual({
      template: 1,
      'spam comment': 1,
      'deleted comment': 1,
      'trashed post': 1,
      'comment on trashed post': 1,
    });
  });

  it('keeps drafts as drafts and scheduled posts as drafts with a warning; a page is a page', async () => {
    const { posts } = await read(COOKING);
    expect(posts.map((p) => [p.title, p.kind, p.draft, p.url ?? null, p.warnings.map((w) => w.code)])).toEqual([
      ['Sourdough, step by step', 'post', false, 'https://cookingnotes.blogspot.com/2021/03/sourdough-step-by-step.html', []],
      ['Kimchi (draft)', 'post', true, null, []],
      ['Bibimbap', 'post', true, null, ['SCHEDULED']],
      ['Contact', 'page', false, 'https://cookingnotes.blogspot.com/p/contact.html', []],
    ]);
  });

  it('counts the theme file beside feed.atom as a template', async () => {
    const { skipped } = await read(TAKEOUT);
    expect(skipped.template).toBe(1);
  });

  it('reads every blog even when one feed is cut short and another is not a feed, then reports the damage', async () => {
    const folder = fixture('takeout-damaged-blog');
    const { posts, warnings, error } = await read(folder);
    expect(posts.map((p) => [p.blog?.folder, p.title])).toEqual([
      ['Cut short', 'Before the cut'],
      ['Fine', 'All good here'],
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['TRUNCATED']);
    expect(error).toMatchObject({
      code: 'INPUT_TRUNCATED',
      message: expect.stringMatching(/^the export is cut off at line 18, .* \(and 1 more damaged feed\)$/),
      source: { file: `${folder}/Blogs/Cut short/feed.atom`, line: 18 },
    });
  });

  it('reads the posts of a blog whose settings.csv cannot be read (here a folder), with a warning naming it', async () => {
    const work = mkdtempSync(join(tmpdir(), 'blogport-settings-folder-'));
    try {
      const blog = join(work, 'Takeout/Blogger/Blogs/Cooking Notes');
      mkdirSync(join(blog, 'settings.csv'), { recursive: true });
      copyFileSync(`${COOKING}/feed.atom`, join(blog, 'feed.atom'));
      const { posts, warnings, error } = await read(join(work, 'Takeout'));
      expect(error).toBeUndefined();
      expect(posts.map((p) => p.title)).toEqual(['Sourdough, step by step', 'Kimchi (draft)', 'Bibimbap', 'Contact']);
      expect(posts[0]!.blog).not.toHaveProperty('timezone');
      expect(warnings).toEqual([
        {
          code: 'SETTINGS_UNREADABLE',
          message: expect.stringMatching(/^cannot read the blog's settings \(it is a folder\); its posts are converted without/),
          source: { file: `${work}/Takeout/Blogger/Blogs/Cooking Notes/settings.csv` },
        },
      ]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('says so when a folder holds no Blogger feed', async () => {
    const { error } = await read(fixture('not-blogger'), { from: 'blogger' });
    expect(error).toMatchObject({ code: 'FORMAT_UNKNOWN', message: 'is a folder with no Blogger feed.atom in it' });
  });
});

describe('blogger reader: the Takeout .zip as downloaded', () => {
  const work = mkdtempSync(join(tmpdir(), 'blogport-blogger-zip-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // Takeout puts a large archive_browser.html first, so the Blogger files lie beyond the 64 KiB sample.
  const browser = { name: 'Takeout/archive_browser.html', data: Buffer.from(`<html>${'<p>index</p>'.repeat(8000)}</html>`), deflate: false };
  const zipPath = join(work, 'takeout-20240101T000000Z-001.zip');
  writeFileSync(zipPath, makeZip([browser, ...zipEntriesOf(TAKEOUT, 'Takeout/')]));

  it('streams the feeds out of the ZIP: same posts as the unpacked folder', async () => {
    const fromFolder = await read(TAKEOUT);
    const fromZip = await read(zipPath);
    expect(fromZip.error).toBeUndefined();
    // The same, but for where the files are.
    const strip = (posts: Post[], base: string) => JSON.parse(JSON.stringify(posts).replaceAll(base, 'BASE')) as unknown;
    expect(strip(fromZip.posts, `${zipPath}/Takeout`)).toEqual(strip(fromFolder.posts, TAKEOUT));
    expect(fromZip.skipped).toEqual(fromFolder.skipped);
    expect(fromZip.posts[0]!.source).toEqual({ file: `${zipPath}/Takeout/Blogger/Blogs/Cooking Notes/feed.atom`, entry: 5 });
  });

  it('is detected from its central directory when the Blogger files lie past the sample', () => {
    const bytes = readFileSync(zipPath);
    const sample = bytes.subarray(0, 64 * 1024);
    expect(bloggerReader.detect({ name: zipPath, kind: 'file', sample, path: zipPath })).toBe(0.9);
    // Without the file on disk only the sample can be looked at.
    expect(bloggerReader.detect({ name: 'mem.zip', kind: 'file', sample })).toBe(0);
  });

  it('is detected from its local headers when the Blogger files come first', () => {
    const small = makeZip(zipEntriesOf(TAKEOUT, 'Takeout/'));
    expect(bloggerReader.detect({ name: 'mem.zip', kind: 'file', sample: small.subarray(0, 64 * 1024) })).toBe(0.9);
  });

  it('reads a ZIP held in memory too', async () => {
    const { posts } = await read(inputFromBytes('takeout.zip', makeZip(zipEntriesOf(TAKEOUT, 'Takeout/'))));
    expect(posts).toHaveLength(5);
  });

  it('reads the posts of a blog whose settings.csv is damaged in the ZIP, with a warning naming it', async () => {
    const zip = makeZip(zipEntriesOf(TAKEOUT, 'Takeout/'));
    // The directory says the settings hold fewer bytes than they inflate to: yauzl refuses the entry.
    const name = Buffer.from('Takeout/Blogger/Blogs/Cooking Notes/settings.csv');
    const central = zip.indexOf(name, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))) - 46;
    expect(zip.readUInt32LE(central)).toBe(0x02014b50);
    zip.writeUInt32LE(zip.readUInt32LE(central + 24) - 5, central + 24);
    const path = join(work, 'takeout-damaged-settings.zip');
    writeFileSync(path, zip);
    const { posts, warnings, error } = await read(path);
    expect(error).toBeUndefined();
    expect(posts.filter((p) => p.blog?.id === '2222').map((p) => p.title)).toEqual(['Sourdough, step by step', 'Kimchi (draft)', 'Bibimbap', 'Contact']);
    expect(posts).toHaveLength(5);
    expect(warnings).toEqual([
      {
        code: 'SETTINGS_UNREADABLE',
        message: expect.stringContaining('settings.csv in the ZIP is damaged'),
        source: { file: `${path}/Takeout/Blogger/Blogs/Cooking Notes/settings.csv` },
      },
    ]);
  });

  it('leaves out members whose names point outside the ZIP, with one warning, and reads the rest', async () => {
    const feed = readFileSync(`${TAKEOUT}/Blogger/Blogs/Garden Diary/feed.atom`);
    const path = join(work, 'takeout-with-traversal-names.zip');
    writeFileSync(
      path,
      makeZip([
        { name: '../../Evil/Blogs/Escape/feed.atom', data: feed },
        ...zipEntriesOf(TAKEOUT, 'Takeout/'),
        { name: '/tmp/Blogs/Absolute/feed.atom', data: feed },
        { name: 'Takeout\\..\\..\\Blogs\\Backslash\\feed.atom', data: feed },
      ]),
    );
    const { posts, warnings, error } = await read(path);
    expect(error).toBeUndefined();
    expect(posts).toHaveLength(5);
    expect(new Set(posts.map((p) => p.blog?.folder))).toEqual(new Set(['Cooking Notes', 'Garden Diary']));
    expect(warnings).toEqual([
      {
        code: 'ZIP_UNSAFE_NAMES',
        message: '3 files in the ZIP with a name that points outside it ("../../Evil/Blogs/Escape/feed.atom" …) left out; a Google Takeout archive has none: check where this one came from',
        source: { file: path },
      },
    ]);
  });

  it('refuses a ZIP without Blogger files, and a damaged one', async () => {
    const other = join(work, 'photos.zip');
    writeFileSync(other, makeZip([{ name: 'Takeout/Google Photos/a.json', data: Buffer.from('{}') }]));
    expect(bloggerReader.detect({ name: other, kind: 'file', sample: readFileSync(other), path: other })).toBe(0);
    expect((await read(other, { from: 'blogger' })).error).toMatchObject({ code: 'FORMAT_UNKNOWN', message: expect.stringContaining('no Blogger feed.atom') });
    const damaged = join(work, 'damaged.zip');
    writeFileSync(damaged, readFileSync(zipPath).subarray(0, 70_000));
    expect((await read(damaged, { from: 'blogger' })).error).toMatchObject({ code: 'INPUT_UNREADABLE' });
  });
});

describe('blogger reader: detection looks at content, never at the file name', () => {
  const sampleOf = (path: string) => readFileSync(fixture(path)).subarray(0, 64 * 1024);
  it.each([
    ['classic export', 'classic-tiny/export.xml', 0.95],
    ['classic export, pretty-printed', 'comments-before-posts/export.xml', 0.95],
    ['Takeout feed.atom', 'takeout-two-blogs/Takeout/Blogger/Blogs/Garden Diary/feed.atom', 0.95],
    ["Blogger's public feed", 'public-feed/posts-default.xml', 0.6],
    ['WordPress WXR', 'not-blogger/wordpress.xml', 0],
    ['RSS feed', 'not-blogger/rss.xml', 0],
    ['some other Atom feed', 'not-blogger/atom.xml', 0],
    ['HTML page', 'not-blogger/page.html', 0],
    ['plain text', 'not-blogger/notes.txt', 0],
  ])('%s → %s', (_, path, score) => {
    // Whatever it is called.
    for (const name of [path, 'notes.txt', 'blog-01-02-2020.xml']) {
      expect(bloggerReader.detect({ name, kind: 'file', sample: sampleOf(path) })).toBe(score);
    }
  });

  it.each([
    ['Takeout', TAKEOUT, 0.9],
    ["a blog's folder", COOKING, 0.9],
    ['a folder without feed.atom', fixture('not-blogger'), 0],
  ])('folder: %s → %s', (_, path, score) => {
    expect(bloggerReader.detect({ name: path, kind: 'directory', sample: new Uint8Array(0), path })).toBe(score);
  });
});

describe('blogger reader: a Takeout folder whose only feed is damaged at its start', () => {
  const work = mkdtempSync(join(tmpdir(), 'blogport-damaged-start-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const takeout = join(work, 'Takeout');
  const feed = join(takeout, 'Blogger/Blogs/Cooking Notes/feed.atom');
  mkdirSync(dirname(feed), { recursive: true });
  // A stray UTF-16 byte-order mark in front of the UTF-8 feed: its start no longer reads as Blogger.
  writeFileSync(feed, Buffer.concat([Buffer.from([0xff, 0xfe]), readFileSync(`${COOKING}/feed.atom`)]));

  it('is still read as a Takeout, and the error names the feed, not "no HTML pages"', async () => {
    expect(bloggerReader.detect({ name: takeout, kind: 'directory', sample: new Uint8Array(0), path: takeout })).toBe(0.5);
    const { error } = await read(takeout);
    expect(error).toBeInstanceOf(BlogportError);
    expect((error as BlogportError).toLine()).toMatch(/^.*\/Takeout\/Blogger\/Blogs\/Cooking Notes\/feed\.atom: is not XML/);
  });

  it('but a saved site with an Atom feed.atom of its own is not a Takeout', () => {
    const site = join(work, 'mirror');
    mkdirSync(site);
    writeFileSync(join(site, 'feed.atom'), "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>My site</title></feed>");
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>x</title>');
    expect(bloggerReader.detect({ name: site, kind: 'directory', sample: new Uint8Array(0), path: site })).toBe(0);
  });
});

describe('blogger reader: Takeout album images, offered to the writer', () => {
  const ALBUMS_TAKEOUT = fixture('takeout-with-albums/Takeout');
  const HARBOUR = `${ALBUMS_TAKEOUT}/Blogger/Blogs/Harbour Walks`;

  async function albumsOf(input: string | ReturnType<typeof inputFromBytes>) {
    const offered: AlbumFiles[] = [];
    const { posts, error } = await read(input, { onAlbums: (albums) => offered.push(albums) });
    expect(error).toBeUndefined();
    expect(posts.map((p) => p.title)).toEqual(['Dawn at the harbour']);
    expect(offered).toHaveLength(1);
    const albums = offered[0]!;
    // Read after the reader is done: the writer uses them while posts are written.
    const files = await Promise.all(albums.files.map(async (f) => ({ album: f.album, name: f.name, size: f.size, text: Buffer.from(await f.read()).toString('latin1') })));
    await albums.close();
    return files;
  }

  const expected = [
    { album: 'Harbour Walks', name: 'Harbour-at-Dawn.jpg', size: 42, text: '\xff\xd8\xff\xe0\x00\x10JFIF harbour at dawn, from the album' },
    { album: 'Harbour Walks', name: 'image.png', size: 22, text: '\x89PNG\r\n\x1a\nscreenshot one' },
    { album: 'Old Uploads', name: 'image.png', size: 22, text: '\x89PNG\r\n\x1a\nscreenshot two' },
  ];

  it.each([
    ['the Takeout folder', ALBUMS_TAKEOUT],
    ["one blog's folder (the albums sit two levels up)", HARBOUR],
    ["one blog's feed.atom", `${HARBOUR}/feed.atom`],
  ])('lists the album images (not the .json sidecars) when reading %s', async (_, path) => {
    expect(await albumsOf(path)).toEqual(expected);
  });

  it('lists them inside the .zip, readable through a handle of their own after the feeds are read', async () => {
    const zip = makeZip(zipEntriesOf(ALBUMS_TAKEOUT, 'Takeout/'));
    const work = mkdtempSync(join(tmpdir(), 'blogport-albums-zip-'));
    try {
      writeFileSync(join(work, 'takeout.zip'), zip);
      expect(await albumsOf(join(work, 'takeout.zip'))).toEqual(expected);
      expect(await albumsOf(inputFromBytes('takeout.zip', zip))).toEqual(expected);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('offers nothing when the albums hold only sidecars, or when nobody asks', async () => {
    const offered: AlbumFiles[] = [];
    await read(TAKEOUT, { onAlbums: (albums) => offered.push(albums) });
    expect(offered).toEqual([]);
    const { posts } = await read(ALBUMS_TAKEOUT);
    expect(posts).toHaveLength(1);
  });
});
