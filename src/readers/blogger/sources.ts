import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type * as Zip from 'yauzl';
import { BlogportError } from '../../model/errors.js';
import type { PostWarning, SourceRef } from '../../model/post.js';
import { readFolder } from '../input.js';
import type { AlbumFile, AlbumFiles, ReaderInput } from '../reader.js';
import { settingsFromCsv, type BlogSettings } from './settings.js';

/**
 * One Blogger feed to read: a classic export file, or one blog's `feed.atom` inside a Takeout
 * folder or ZIP, with the `settings.csv` that sits beside it.
 */
export interface FeedSource {
  /** As shown in messages and `post.source.file`: the input, or the path inside it. */
  file: string;
  /** A fresh stream of the feed's bytes each call (the reader makes two passes). */
  open(): AsyncIterable<Uint8Array>;
  /** Takeout: the blog's settings.csv. */
  settings?: BlogSettings;
  /** Takeout: the blog's folder name (`Blogs/<name>/feed.atom`). */
  folderName?: string;
}

export interface FeedSet {
  feeds: FeedSource[];
  /** Files that are part of the export but deliberately not read (theme files), for the skip counts. */
  skipped: Array<{ what: string; source: SourceRef }>;
  /** Takeout's `Albums/<album>/<file>` images, when asked for and present. */
  albums?: AlbumFiles;
  /** Release what was opened (the ZIP). */
  close(): Promise<void>;
}

export interface FindFeedsOptions {
  /** Also list the Takeout's album images (costs a folder listing; nothing is read until asked). */
  albums?: boolean;
  /** Parts of the export that are not needed and could not be read (a damaged settings.csv). */
  onWarning?: (warning: PostWarning) => void;
}

/** Takeout's file name for a blog's posts, pages and comments. */
const FEED_FILE = 'feed.atom';
const SETTINGS_FILE = 'settings.csv';
/** Takeout's theme files (`theme-classic.html`, `theme-layouts.html`): templates, not posts. */
const THEME_FILE = /^theme[-_.].*\.html?$/i;
/** How deep below the input a Takeout folder walk looks (`Takeout/Blogger/Blogs/<blog>/feed.atom` is 4). */
const MAX_WALK_DEPTH = 6;
/**
 * Takeout keeps the images uploaded through Blogger in `Blogger/Albums/<album>/<file>`, beside
 * `Blogger/Blogs/`, each with a `<file>.json` sidecar (upload metadata, not an image).
 */
const ALBUMS_FOLDER = 'Albums';
const BLOGS_FOLDER = 'Blogs';
const SIDECAR = /\.json$/i;
/** Takeout's settings.csv is one header row and one row of values (under 2 KB); anything far bigger is not one. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export function isZip(sample: Uint8Array): boolean {
  return sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
}

/** The feeds in an input: the file itself, every feed.atom in a folder, or every feed.atom in a ZIP. */
export async function findFeeds(input: ReaderInput, options: FindFeedsOptions = {}): Promise<FeedSet> {
  if (input.kind === 'directory') return feedsInFolder(input, options);
  if (isZip(input.sample)) return feedsInZip(input, options);
  const feed: FeedSource = { file: input.name, open: () => input.chunks() };
  const set: FeedSet = { feeds: [feed], skipped: [], close: async () => {} };
  // A feed.atom given on its own still has its settings.csv beside it (and the albums two levels up).
  if (input.path && basename(input.path) === FEED_FILE) {
    feed.folderName = basename(dirname(input.path));
    const path = join(dirname(input.path), SETTINGS_FILE);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (exists) feed.settings = await readSettings(() => readSettingsFile(path), join(dirname(input.name), SETTINGS_FILE), options);
    if (options.albums) set.albums = await albumsBesideFeeds([input.path]);
  }
  return set;
}

/**
 * The albums of the Takeouts these feeds belong to: for `<T>/Blogs/<blog>/feed.atom`, the files
 * in `<T>/Albums/<album>/` (sidecar `.json` files left out).
 */
async function albumsBesideFeeds(feedPaths: readonly string[]): Promise<AlbumFiles | undefined> {
  const roots = new Set<string>();
  for (const path of feedPaths) {
    const blogs = dirname(dirname(path));
    if (basename(blogs) === BLOGS_FOLDER) roots.add(join(dirname(blogs), ALBUMS_FOLDER));
  }
  const files: AlbumFile[] = [];
  for (const root of [...roots].sort()) {
    const albums = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const album of albums.filter((e) => e.isDirectory()).sort(byName)) {
      const entries = await readdir(join(root, album.name), { withFileTypes: true }).catch(() => []);
      for (const entry of entries.filter((e) => e.isFile() && !SIDECAR.test(e.name)).sort(byName)) {
        const path = join(root, album.name, entry.name);
        const size = (await stat(path).catch(() => undefined))?.size ?? 0;
        files.push({ album: album.name, name: entry.name, size, read: () => readFile(path) });
      }
    }
  }
  return files.length > 0 ? { files, close: async () => {} } : undefined;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function feedsInFolder(input: ReaderInput, options: FindFeedsOptions): Promise<FeedSet> {
  const root = input.path;
  if (!root) throw new BlogportError('INPUT_IS_DIRECTORY', 'is a folder without a path on disk', { file: input.name });
  const feeds: FeedSource[] = [];
  const feedPaths: string[] = [];
  const skipped: FeedSet['skipped'] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    const entries = await readFolder(folder, input.name);
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const shown = displayPath(input.name, relative(root, path));
      if (entry.isDirectory()) {
        if (depth < MAX_WALK_DEPTH) await walk(path, depth + 1);
      } else if (entry.name === FEED_FILE) {
        const feed: FeedSource = { file: shown, open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }), folderName: basename(folder) };
        if (names.has(SETTINGS_FILE)) {
          const settingsPath = join(folder, SETTINGS_FILE);
          feed.settings = await readSettings(() => readSettingsFile(settingsPath), displayPath(input.name, relative(root, settingsPath)), options);
        }
        feeds.push(feed);
        feedPaths.push(path);
      } else if (THEME_FILE.test(entry.name) && names.has(FEED_FILE)) {
        skipped.push({ what: 'template', source: { file: shown } });
      }
    }
  };
  await walk(root, 0);
  if (feeds.length === 0) {
    throw new BlogportError(
      'FORMAT_UNKNOWN',
      'is a folder with no Blogger feed.atom in it',
      { file: input.name },
      'point at a Google Takeout folder (Takeout/Blogger/Blogs/<blog>/feed.atom) or at a Blogger export .xml',
    );
  }
  const set: FeedSet = { feeds, skipped, close: async () => {} };
  if (options.albums) set.albums = await albumsBesideFeeds(feedPaths);
  return set;
}

/**
 * Feeds inside a Takeout ZIP, read straight from the archive: entries are inflated as streams,
 * nothing is extracted to disk and the ZIP is never loaded whole (only its directory is read).
 */
async function feedsInZip(input: ReaderInput, findOptions: FindFeedsOptions): Promise<FeedSet> {
  // Loaded only for a ZIP: importing it (CommonJS, its exports found by scanning its source)
  // costs every other run some 15 ms of CPU.
  const { default: yauzl } = await import('yauzl');
  let zip: Zip.ZipFile;
  // Names are decoded here rather than by yauzl, which stops at the first unsafe one (`../x`,
  // `/abs`): nothing is ever extracted, so such a member is only left out, and the rest is read.
  const options: Zip.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, strictFileNames: false, validateEntrySizes: true };
  let bytes: Buffer | undefined;
  try {
    if (!input.path) bytes = await collect(input.chunks());
    zip = input.path ? await yauzl.openPromise(input.path, options) : await yauzl.fromBufferPromise(bytes!, options);
  } catch (error) {
    throw new BlogportError('INPUT_UNREADABLE', `is a ZIP that cannot be read (${(error as Error).message})`, { file: input.name }, 'the download may be incomplete: download the Takeout archive again');
  }
  const entries: Zip.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry()) entries.push(entry);
  } catch (error) {
    zip.close();
    throw new BlogportError('INPUT_UNREADABLE', `is a damaged ZIP (${(error as Error).message})`, { file: input.name }, 'download the Takeout archive again');
  }
  const byFolder = new Map<string, Map<string, Zip.Entry>>();
  const unsafe: string[] = [];
  for (const entry of entries) {
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    entry.fileName = name;
    if (yauzl.validateFileName(name) !== null) {
      unsafe.push(name);
      continue;
    }
    if (name.endsWith('/')) continue;
    const slash = name.lastIndexOf('/');
    const folder = slash < 0 ? '' : name.slice(0, slash);
    let files = byFolder.get(folder);
    if (!files) byFolder.set(folder, (files = new Map()));
    files.set(name.slice(slash + 1), entry);
  }
  if (unsafe.length > 0) {
    findOptions.onWarning?.({
      code: 'ZIP_UNSAFE_NAMES',
      message: `${unsafe.length} file${unsafe.length === 1 ? '' : 's'} in the ZIP with a name that points outside it (${JSON.stringify(unsafe[0]!.slice(0, 80))}${unsafe.length > 1 ? ' …' : ''}) left out; a Google Takeout archive has none: check where this one came from`,
      source: { file: input.name },
    });
  }
  const feeds: FeedSource[] = [];
  const skipped: FeedSet['skipped'] = [];
  for (const folder of [...byFolder.keys()].sort()) {
    const files = byFolder.get(folder)!;
    const feedEntry = files.get(FEED_FILE);
    if (!feedEntry) continue;
    const feed: FeedSource = {
      file: displayPath(input.name, feedEntry.fileName),
      open: () => zipStream(zip, feedEntry, input.name),
      folderName: folder.split('/').pop() || basename(input.name),
    };
    const settingsEntry = files.get(SETTINGS_FILE);
    if (settingsEntry) {
      const read = async () => (await collect(zipStream(zip, settingsEntry, input.name))).toString('utf8');
      feed.settings = await readSettings(read, displayPath(input.name, settingsEntry.fileName), findOptions);
    }
    for (const [name, entry] of files) if (THEME_FILE.test(name)) skipped.push({ what: 'template', source: { file: displayPath(input.name, entry.fileName) } });
    feeds.push(feed);
  }
  if (feeds.length === 0) {
    zip.close();
    throw new BlogportError(
      'FORMAT_UNKNOWN',
      `is a ZIP with no Blogger feed.atom among its ${entries.length} files`,
      { file: input.name },
      'a Google Takeout archive holds Takeout/Blogger/Blogs/<blog>/feed.atom; a Takeout split into several ZIPs may have it in another part',
    );
  }
  const set: FeedSet = { feeds, skipped, close: async () => zip.close() };
  if (findOptions.albums) set.albums = albumsInZip(byFolder, input, () => (input.path ? yauzl.openPromise(input.path, options) : yauzl.fromBufferPromise(bytes!, options)));
  return set;
}

/**
 * Album images inside a Takeout ZIP: `…/Albums/<album>/<file>` where `…/Blogs/` is there too.
 * They are read later than the feeds (while posts are written), so through a handle of their own,
 * opened on the first read and closed by `close()`.
 */
function albumsInZip(byFolder: Map<string, Map<string, Zip.Entry>>, input: ReaderInput, reopen: () => Promise<Zip.ZipFile>): AlbumFiles | undefined {
  const takeoutRoots = new Set<string>();
  for (const folder of byFolder.keys()) {
    const at = `/${folder}/`.lastIndexOf(`/${BLOGS_FOLDER}/`);
    if (at >= 0) takeoutRoots.add(at === 0 ? '' : folder.slice(0, at - 1));
  }
  let handle: Promise<Zip.ZipFile> | undefined;
  const files: AlbumFile[] = [];
  for (const folder of [...byFolder.keys()].sort()) {
    const parts = folder.split('/');
    if (parts.length < 2 || parts.at(-2) !== ALBUMS_FOLDER || !takeoutRoots.has(parts.slice(0, -2).join('/'))) continue;
    const entries = [...byFolder.get(folder)!.entries()].filter(([name]) => !SIDECAR.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, entry] of entries) {
      files.push({
        album: parts.at(-1)!,
        name,
        size: entry.uncompressedSize,
        read: async () => collect(zipStream(await (handle ??= reopen()), entry, input.name)),
      });
    }
  }
  if (files.length === 0) return undefined;
  return { files, close: async () => (handle ? (await handle).close() : undefined) };
}

/**
 * A blog's settings.csv. Only the blog's name, time zone and addresses come from it, so one that
 * cannot be read (damaged in the ZIP, a folder, unreadable) leaves the blog without them, with a
 * warning; its posts are still read.
 */
async function readSettings(read: () => Promise<string>, file: string, options: FindFeedsOptions): Promise<BlogSettings | undefined> {
  try {
    return settingsFromCsv(await read());
  } catch (error) {
    const reason = error instanceof BlogportError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    options.onWarning?.({
      code: 'SETTINGS_UNREADABLE',
      message: `cannot read the blog's settings (${reason}); its posts are converted without the blog's name, time zone and address from it`,
      source: { file },
    });
    return undefined;
  }
}

async function readSettingsFile(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(info.isDirectory() ? 'it is a folder' : 'it is not a regular file');
  if (info.size > MAX_SETTINGS_BYTES) throw new Error(`${info.size} bytes: far too large for a settings file`);
  return readFile(path, 'utf8');
}

async function* zipStream(zip: Zip.ZipFile, entry: Zip.Entry, file: string): AsyncGenerator<Uint8Array> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new BlogportError('INPUT_UNREADABLE', `cannot read ${entry.fileName} in the ZIP (${(error as Error).message})`, { file });
  }
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw new BlogportError('INPUT_UNREADABLE', `${entry.fileName} in the ZIP is damaged (${(error as Error).message})`, { file }, 'download the Takeout archive again');
  } finally {
    stream.destroy();
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** `takeout/` + `Blogger/Blogs/My blog/feed.atom`, with forward slashes whatever the platform. */
function displayPath(inputName: string, inner: string): string {
  const base = inputName.replace(/[\\/]+$/, '');
  return `${base}/${inner.split(sep).join('/')}`;
}
