/**
 * Saved and scraped blog pages: one page, several, or a mirror's folder tree. Each page is
 * decoded (BOM, declared charset checked against the bytes, detection), parsed, and asked for
 * its posts by the evidence table (html/pageWork.ts), strongest first: known engines' markup,
 * then structured data, then date headers in the page's main content. Posts shown on several
 * pages (home page, archives, their own page) come out once, from their best page.
 */
import { BlogportError } from '../model/errors.js';
import type { Post, SourceRef } from '../model/post.js';
import type { Reader, ReaderInput, ReadOptions } from './reader.js';
import { SightingIndex, type SightingKeys } from './html/merge.js';
import { finalOnSight, readPageBytes, type PageJob, type PageNote, type PageOutcome, type PageSighting } from './html/pageWork.js';
import { listPages, type PageSource } from './html/pages.js';

export { extractors, findPosts, readPageBytes } from './html/pageWork.js';
export type { PageJob, PageOutcome } from './html/pageWork.js';

/** Larger than any real blog page (the biggest in the corpus is 226 KB); a bigger "page" is a dump or a broken download. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/**
 * Pages being read at once when another thread parses them (`ReadOptions.pageWork`): enough to
 * keep its workers busy while this thread hands out posts, few enough that memory stays flat.
 */
const PAGES_AHEAD = 8;

const HTML_START = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>])/i;

export const htmlReader: Reader = {
  name: 'html',
  bodyFormat: 'html',
  description: 'saved or scraped blog pages (.html): one page, several, or a mirror folder (wget, HTTrack, "Save page as")',
  detect(input) {
    if (input.kind === 'directory') return 0.3;
    const head = sampleHead(input.sample);
    if (HTML_START.test(head)) return 0.95;
    // Feeds and exports are XML with HTML inside; they are other readers' inputs.
    if (/^(?:\s|<!--[\s\S]*?-->)*<\?xml|<(?:rss|feed|rdf:RDF)[\s>]/i.test(head)) return 0;
    // A page saved without its doctype still has the document's own elements; HTML fragments
    // inside another format's text (a Movable Type export's bodies) do not make it a page.
    return /<(?:html|head|body)[\s>]/i.test(head) ? 0.4 : 0;
  },
  read: readPages,
};

/**
 * The start of a file as text, enough to see its first tags: pages saved as "Unicode" (Internet
 * Explorer, Word) are UTF-16 with a byte-order mark, and their tags are no single bytes.
 */
function sampleHead(sample: Uint8Array): string {
  const view = sample.subarray(0, 8192);
  const utf16 = view[0] === 0xff && view[1] === 0xfe ? 'utf-16le' : view[0] === 0xfe && view[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) return new TextDecoder(utf16).decode(view);
  return Buffer.from(view.buffer, view.byteOffset, view.length).toString('latin1').replace(/^\xef\xbb\xbf/, '');
}

async function* readPages(input: ReaderInput, options: ReadOptions): AsyncGenerator<Post> {
  const { pages, skipped } = await listPages(input);
  for (const { what, file } of skipped) options.onSkip?.(what, { file });
  const settings: Settings = { encoding: options.encoding, baseUrl: options.baseUrl, dateOrder: options.dateOrder };
  if (pages.length === 1) {
    const source = pages[0]!;
    const sightings = settle(await loadPage(source, settings, 'all', input.kind === 'file'), source, options);
    for (const [index, sighting] of (sightings ?? []).entries()) {
      const post = deliver(sighting, { file: source.file, entry: index + 1 }, options);
      if (post) yield post;
    }
    return;
  }

  // Pages that look like a post's own come first: their posts are final at once, so listings
  // mostly repeat posts already written and the second pass has little left to read again.
  pages.sort((a, b) => Number(looksLikeListing(a)) - Number(looksLikeListing(b)));
  // Pages are parsed on other threads when the caller offers them (a few at a time, results
  // taken in page order, so posts and warnings come out as they would here), else one by one here.
  const work: Work = { pool: options.pageWork };
  const ahead = work.pool ? PAGES_AHEAD : 1;

  // Pass 1: a full post on its own page is final and goes out at once; every other sighting is
  // remembered by its keys and rank only (not its body), so memory stays flat over any mirror.
  const done = new SightingIndex();
  const candidates: { page: number; index: number; rank: number; keys: SightingKeys }[] = [];
  const first = inOrder(pages.keys(), (pageIndex) => loadPage(pages[pageIndex]!, settings, 'final', false, work), ahead);
  for (let pageIndex = 0; pageIndex < pages.length; pageIndex++) {
    const source = pages[pageIndex]!;
    const sightings = settle((await first.next()).value!, source, options);
    for (const [index, sighting] of (sightings ?? []).entries()) {
      const { keys } = sighting;
      if (done.has(keys)) {
        options.onSkip?.('post shown on another page', { file: source.file, entry: index + 1 });
        continue;
      }
      if (finalOnSight(sighting)) {
        done.add(keys);
        const post = deliver(sighting, { file: source.file, entry: index + 1 }, options);
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
  const again = [...chosen.keys()].sort((a, b) => a - b);
  const second = inOrder(again.values(), (pageIndex) => loadPage(pages[pageIndex]!, settings, [...chosen.get(pageIndex)!].sort((a, b) => a - b), false, work), ahead);
  // The page's findings were reported by the first pass.
  const quiet: ReadOptions = { ...options, onWarning: undefined, onSkip: undefined };
  for (const pageIndex of again) {
    const source = pages[pageIndex]!;
    const sightings = settle((await second.next()).value!, source, quiet);
    if (!sightings) continue;
    const wanted = chosen.get(pageIndex)!;
    for (const [index, sighting] of sightings.entries()) {
      if (!wanted.has(index)) continue;
      const post = deliver(sighting, { file: source.file, entry: index + 1 }, options, quiet);
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

type Settings = Pick<PageJob, 'encoding' | 'baseUrl' | 'dateOrder'>;

/** Where pages are parsed: the caller's pool of threads until it fails once, then here. */
interface Work {
  pool?: (job: PageJob) => Promise<PageOutcome>;
}

/** A page read (or not): its findings, its sightings, or the error that ends the input. */
interface PageRead extends PageOutcome {
  failure?: { error: unknown };
}

/** `load` over `keys` in order, up to `ahead` of them running at once. */
async function* inOrder<R>(keys: Iterator<number>, load: (key: number) => Promise<R>, ahead: number): AsyncGenerator<R, void> {
  const running: Promise<R>[] = [];
  for (;;) {
    while (running.length < ahead) {
      const next = keys.next();
      if (next.done) break;
      running.push(load(next.value));
    }
    if (running.length === 0) return;
    yield await running.shift()!;
  }
}

/**
 * One page's sightings, with its posts in `make` made. Never rejects: a page that cannot be read
 * holds its warning, or (`only`, or an error that is not the page's fault) the input's error.
 */
async function loadPage(source: PageSource, settings: Settings, make: PageJob['make'], only: boolean, work?: Work): Promise<PageRead> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(MAX_PAGE_BYTES);
  } catch (error) {
    if (only || !(error instanceof BlogportError)) return { notes: [], failure: { error } };
    return { notes: [{ code: error.code, message: error.message }] };
  }
  const job: PageJob = { bytes, file: source.file, make, ...settings };
  if (source.relativePath) job.relativePath = source.relativePath;
  if (work?.pool && !only) {
    try {
      return await work.pool(job);
    } catch {
      // The thread failed (it died, or could not take the page): from now on pages are read
      // here, this one again, from disk, since its bytes went to the thread.
      work.pool = undefined;
      return loadPage(source, settings, make, only, work);
    }
  }
  const notes: PageNote[] = [];
  try {
    return readPageBytes(job, only, notes);
  } catch (error) {
    return { notes, failure: { error } };
  }
}

/** A page's findings reported, in page order; its sightings, or undefined when the page was skipped. */
function settle(read: PageRead, source: PageSource, options: ReadOptions): PageSighting[] | undefined {
  for (const { code, message } of read.notes) options.onWarning?.({ code, message, source: { file: source.file } });
  if (read.failure) throw read.failure.error;
  return read.sightings;
}

/**
 * The post of the sighting chosen to be converted; its deleted comments are counted once, here.
 * `warnings`: where a post that could not be made is reported.
 */
function deliver(sighting: PageSighting, source: SourceRef, options: ReadOptions, warnings: ReadOptions = options): Post | undefined {
  const post = sighting.post;
  if (!post) {
    const message = `post ${source.entry} could not be read (${sighting.error ?? 'not made'}); skipped`;
    warnings.onWarning?.({ code: 'POST_FAILED', message, source: { file: source.file } });
    return undefined;
  }
  for (let n = 0; n < sighting.deletedComments; n++) options.onSkip?.('deleted comment', post.source);
  return post;
}
