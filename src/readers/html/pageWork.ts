/**
 * One page's work, from its bytes to its posts: decode, parse, find the posts and their merge
 * keys, and make the posts asked for. Pure and self-contained (plain data in, plain data out),
 * so the caller may run it on another thread: `convert` hands the reader a pool of worker threads
 * (`ReadOptions.pageWork`); without one it runs here.
 */
import type { Post } from '../../model/post.js';
import type { DateOrder } from '../common/dateHeader.js';
import { decodePage, pageEncoding } from './encoding.js';
import { bloggerExtractor } from './engines/blogger.js';
import type { Extractor } from './engines/extractor.js';
import { fallbackExtractor } from './engines/fallback.js';
import { hEntryExtractor, jsonLdExtractor, microdataExtractor, openGraphExtractor } from './engines/structured.js';
import { wordpressExtractor } from './engines/wordpress.js';
import { enrich } from './enrich.js';
import type { FoundPost } from './found.js';
import { foundKeys, foundRank, type SightingKeys } from './merge.js';
import { parsePage, type Page } from './page.js';
import { REMOVAL_MESSAGES } from '../../convert/html/cleanup.js';
import { settleUrl, toPost } from './toPost.js';

/** The evidence table, strongest first. The first extractor that finds posts on a page decides them. */
export function extractors(options: { dateOrder?: DateOrder } = {}): Extractor[] {
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

/** A page to read, as plain data (it may cross to a worker thread). */
export interface PageJob {
  /** The page's bytes, undecoded. */
  bytes: Uint8Array;
  /** Shown in messages: the input's name, plus the path inside a folder. */
  file: string;
  /** Its place in a mirror, relative to the input folder. */
  relativePath?: string;
  /** `--encoding`, `--base-url`, `--date-order`. */
  encoding?: string;
  baseUrl?: string;
  dateOrder?: DateOrder;
  /**
   * Which posts to make now: every one (`all`), those final on sight (`final`: the first pass
   * over a folder), or the listed 0-based entries (the second pass). The rest get keys only.
   */
  make: 'all' | 'final' | readonly number[];
}

/** One post as a page shows it: what identifies it, how good this sighting is, and the post when it was made. */
export interface PageSighting {
  keys: SightingKeys;
  rank: number;
  deletedComments: number;
  /** The post, when it was asked for and could be made. */
  post?: Post;
  /** Why the post, asked for, could not be made. */
  error?: string;
}

/** A page-level finding (encoding, no posts, unreadable page), for the archive's warnings. */
export interface PageNote {
  code: string;
  message: string;
}

/** What a page holds: its findings in the order they were made, and its sightings (absent when the page could not be read). */
export interface PageOutcome {
  notes: PageNote[];
  sightings?: PageSighting[];
}

/** A sighting that is final on sight in a folder's first pass: nothing to merge it by, or a full post on its own page. */
export function finalOnSight(sighting: Pick<PageSighting, 'keys' | 'rank'>): boolean {
  return (sighting.keys.url === undefined && sighting.keys.title === undefined) || sighting.rank >= 3;
}

/**
 * Read one page. A page that cannot be parsed is a `PAGE_FAILED` note, never an exception —
 * unless `only` (the input is this one page): then the error is the input's, and the notes made
 * before it are in `notes`, which the caller may pass in.
 */
export function readPageBytes(job: PageJob, only = false, notes: PageNote[] = []): PageOutcome {
  const encoding = pageEncoding(job.bytes, job.encoding);
  if (encoding.mismatch) {
    notes.push({ code: 'ENCODING_MISMATCH', message: `declares charset "${encoding.mismatch.declared}" ${encoding.mismatch.reason}; read as ${encoding.encoding}` });
  } else if (encoding.how === 'detected' && encoding.encoding !== 'utf-8') {
    notes.push({ code: 'ENCODING_GUESSED', message: `declares no charset and is not UTF-8; read as ${encoding.encoding} (use --encoding if the text looks wrong)` });
  }
  try {
    const options: { mirrorPath?: string; baseUrl?: string } = {};
    if (job.relativePath) options.mirrorPath = job.relativePath;
    if (job.baseUrl) options.baseUrl = job.baseUrl;
    const page = parsePage(decodePage(job.bytes, encoding), job.file, options);
    if (page.flattened > 0) {
      notes.push({ code: 'NESTING_FLATTENED', message: `${page.flattened} ${REMOVAL_MESSAGES.NESTING_FLATTENED}` });
    }
    const found = findPosts(page, extractors(job));
    if (found.length === 0) {
      notes.push({ code: 'NO_POSTS', message: 'no post found on this page (no blog engine, structured data or date headers recognised); nothing written for it' });
      return { notes, sightings: [] };
    }
    const wanted = typeof job.make === 'string' ? undefined : new Set(job.make);
    const sightings = found.map((f, i): PageSighting => {
      settleUrl(f, page);
      const sighting: PageSighting = { keys: foundKeys(f), rank: foundRank(f, page), deletedComments: f.deletedComments ?? 0 };
      const make = job.make === 'all' || (job.make === 'final' ? finalOnSight(sighting) : wanted!.has(i));
      if (make) {
        try {
          sighting.post = toPost(f, { page, index: i + 1, idBase: `html:${job.file}` });
        } catch (error) {
          sighting.error = (error as Error).message;
        }
      }
      return sighting;
    });
    return { notes, sightings };
  } catch (error) {
    if (only) throw error;
    notes.push({ code: 'PAGE_FAILED', message: `could not be read as a page (${(error as Error).message}); skipped` });
    return { notes };
  }
}
