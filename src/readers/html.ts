/**
 * Saved and scraped blog pages: one page, several, or a mirror's folder tree. Each page is
 * decoded (BOM, declared charset checked against the bytes, detection), parsed, and asked for
 * its posts by the evidence table below, strongest first: known engines' markup, then
 * structured data, then date headers in the page's main content. Posts shown on several pages
 * (home page, archives, their own page) come out once, from their best page.
 */
import { BlogportError } from '../model/errors.js';
import type { Post, SourceRef } from '../model/post.js';
import type { Reader, ReaderInput, ReadOptions } from './reader.js';
import { decodePage, pageEncoding } from './html/encoding.js';
import { bloggerExtractor } from './html/engines/blogger.js';
import type { Extractor } from './html/engines/extractor.js';
import { fallbackExtractor } from './html/engines/fallback.js';
import { hEntryExtractor, jsonLdExtractor, microdataExtractor, openGraphExtractor } from './html/engines/structured.js';
import { wordpressExtractor } from './html/engines/wordpress.js';
import { enrich } from './html/enrich.js';
import type { FoundPost } from './html/found.js';
import { foundKeys, foundRank, SightingIndex, type SightingKeys } from './html/merge.js';
import { parsePage, type Page } from './html/page.js';
import { listPages, type PageSource } from './html/pages.js';
import { settleUrl, toPost } from './html/toPost.js';

/** Larger than any real blog page (the biggest in the corpus is 226 KB); a bigger "page" is a dump or a broken download. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** The evidence table, strongest first. The first extractor that finds posts on a page decides them. */
export function extractors(options: Pick<ReadOptions, 'dateOrder'> = {}): Extractor[] {
  return [
    bloggerExtractor,
    wordpressExtractor,
    hEntryExtractor,
    microdataExtractor,
    jsonLdExtractor,
    openGraphExtractor,
    fallbackExtractor(() => options.dateOrder),
  ];
}

/** Find the posts on a parsed page, and the evidence that found them. */
export function findPosts(page: Page, table: readonly Extractor[]): FoundPost[] {
  for (const extractor of table) {
    const found = extractor.find(page);
    if (found.length > 0) return found.length === 1 ? [enrich(found[0]!, page)] : found;
  }
  return [];
}

const HTML_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>])/i;

export const htmlReader: Reader = {
  name: 'html',
  bodyFormat: 'html',
  description: 'saved or scraped blog pages (.html): one page, several, or a mirror folder (wget, HTTrack, "Save page as")',
  detect(input) {
    if (input.kind === 'directory') return 0.3;
    const head = Buffer.from(input.sample.buffer, input.sample.byteOffset, Math.min(input.sample.length, 8192)).toString('latin1').replace(/^\xef\xbb\xbf/, '');
    if (HTML_START.test(head)) return 0.95;
    // Feeds and exports are XML with HTML inside; they are other readers' inputs.
    if (/^(?:\s|<!--[\s\S]*?-->)*<\?xml|<(?:rss|feed|rdf:RDF)[\s>]/i.test(head)) return 0;
    // A page saved without its doctype still has the document's own elements; HTML fragments
    // inside another format's text (a Movable Type export's bodies) do not make it a page.
    return /<(?:html|head|body)[\s>]/i.test(head) ? 0.4 : 0;
  },
  read: readPages,
};

async function* readPages(input: ReaderInput, options: ReadOptions): AsyncGenerator<Post> {
  const { pages, skipped } = await listPages(input);
  for (const { what, file } of skipped) options.onSkip?.(what, { file });
  const table = extractors(options);
  if (pages.length === 1) {
    const read = await readPage(pages[0]!, table, options, input.kind === 'file');
    for (const sighting of read?.posts ?? []) {
      const post = deliver(sighting, options);
      if (post) yield post;
    }
    return;
  }

  // Pages that look like a post's own come first: their posts are final at once, so listings
  // mostly repeat posts already written and the second pass has little left to read again.
  pages.sort((a, b) => Number(looksLikeListing(a)) - Number(looksLikeListing(b)));

  // Pass 1: a full post on its own page is final and goes out at once; every other sighting is
  // remembered by its keys and rank only (not its body), so memory stays flat over any mirror.
  const done = new SightingIndex();
  const candidates: { page: number; index: number; rank: number; keys: SightingKeys }[] = [];
  for (const [pageIndex, source] of pages.entries()) {
    const read = await readPage(source, table, options, false);
    if (!read) continue;
    for (const [index, sighting] of read.posts.entries()) {
      const { keys } = sighting;
      if (done.has(keys)) {
        options.onSkip?.('post shown on another page', sighting.source);
        continue;
      }
      if ((keys.url === undefined && keys.title === undefined) || sighting.rank >= 3) {
        done.add(keys);
        const post = deliver(sighting, options);
        if (post) yield post;
        continue;
      }
      candidates.push({ page: pageIndex, index, rank: sighting.rank, keys });
    }
  }

  // Pass 2: the best remaining sighting of each post, read again from its page.
  const chosen = new Map<number, Set<number>>();
  for (const candidate of [...candidates].sort((a, b) => b.rank - a.rank || a.page - b.page || a.index - b.index)) {
    if (done.has(candidate.keys)) {
      options.onSkip?.('post shown on another page', { file: pages[candidate.page]!.file, entry: candidate.index + 1 });
      continue;
    }
    done.add(candidate.keys);
    let set = chosen.get(candidate.page);
    if (!set) chosen.set(candidate.page, (set = new Set()));
    set.add(candidate.index);
  }
  for (const pageIndex of [...chosen.keys()].sort((a, b) => a - b)) {
    const read = await readPage(pages[pageIndex]!, table, { ...options, onWarning: undefined, onSkip: undefined }, false);
    if (!read) continue;
    const wanted = chosen.get(pageIndex)!;
    for (const [index, sighting] of read.posts.entries()) {
      if (!wanted.has(index)) continue;
      const post = deliver(sighting, options);
      if (post) yield post;
    }
  }
}

const LISTING_PATH = /(?:^|\/)(?:search|label|labels|tag|tags|category|categories|page|archive|archives|feeds?)\/|_archive\.s?html?$/i;

/** A home page, an archive, a label or tag page: a page that lists posts rather than being one. */
function looksLikeListing(page: PageSource): boolean {
  const path = page.relativePath ?? page.file;
  if (LISTING_PATH.test(path)) return true;
  const parts = path.split('/');
  const first = parts[0] ?? '';
  // A mirror's host folder does not count as depth.
  const depth = parts.length - 1 - (/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(first) && parts.length > 1 ? 1 : 0);
  return /^(?:index|default)\.s?html?$/i.test(parts[parts.length - 1] ?? '') && depth <= 2;
}

/**
 * A post as one page shows it: what identifies it and how good this sighting is, and how to make
 * the Post — done only for the sighting that is kept (most sightings in a mirror are copies).
 */
interface Sighting {
  keys: SightingKeys;
  rank: number;
  source: SourceRef;
  make(): Post;
  deletedComments: number;
  warn(code: string, message: string): void;
}

interface PageRead {
  posts: Sighting[];
}

/** The post of the sighting chosen to be converted; its deleted comments are counted once, here. */
function deliver(sighting: Sighting, options: ReadOptions): Post | undefined {
  let post: Post;
  try {
    post = sighting.make();
  } catch (error) {
    sighting.warn('POST_FAILED', `post ${sighting.source.entry} could not be read (${(error as Error).message}); skipped`);
    return undefined;
  }
  for (let n = 0; n < sighting.deletedComments; n++) options.onSkip?.('deleted comment', post.source);
  return post;
}

/** One page's posts; a page that cannot be read or holds no post is a warning, never the end of the archive. */
async function readPage(source: PageSource, table: readonly Extractor[], options: ReadOptions, only: boolean): Promise<PageRead | undefined> {
  const warn = (code: string, message: string) => options.onWarning?.({ code, message, source: { file: source.file } });
  let bytes: Uint8Array;
  try {
    bytes = await source.read(MAX_PAGE_BYTES);
  } catch (error) {
    if (only || !(error instanceof BlogportError)) throw error;
    warn(error.code, error.message);
    return undefined;
  }
  const encoding = pageEncoding(bytes, options.encoding);
  if (encoding.mismatch) {
    warn('ENCODING_MISMATCH', `declares charset "${encoding.mismatch.declared}" ${encoding.mismatch.reason}; read as ${encoding.encoding}`);
  } else if (encoding.how === 'detected' && encoding.encoding !== 'utf-8') {
    warn('ENCODING_GUESSED', `declares no charset and is not UTF-8; read as ${encoding.encoding} (use --encoding if the text looks wrong)`);
  }
  try {
    const page = parsePage(decodePage(bytes, encoding), source.file, pageOptions(source, options));
    const found = findPosts(page, table);
    if (found.length === 0) {
      warn('NO_POSTS', 'no post found on this page (no blog engine, structured data or date headers recognised); nothing written for it');
      return { posts: [] };
    }
    const posts = found.map((f, i): Sighting => {
      settleUrl(f, page);
      return {
        keys: foundKeys(f),
        rank: foundRank(f, page),
        source: { file: source.file, entry: i + 1 },
        make: () => toPost(f, { page, index: i + 1, idBase: `html:${source.file}` }),
        deletedComments: f.deletedComments ?? 0,
        warn,
      };
    });
    return { posts };
  } catch (error) {
    if (only) throw error;
    warn('PAGE_FAILED', `could not be read as a page (${(error as Error).message}); skipped`);
    return undefined;
  }
}

function pageOptions(source: PageSource, options: ReadOptions): { mirrorPath?: string; baseUrl?: string } {
  const out: { mirrorPath?: string; baseUrl?: string } = {};
  if (source.relativePath) out.mirrorPath = source.relativePath;
  if (options.baseUrl) out.baseUrl = options.baseUrl;
  return out;
}
