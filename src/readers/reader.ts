import type { Post, PostWarning, SourceRef } from '../model/post.js';
import type { ByteStore } from './common/byteStore.js';
import type { DateOrder } from './common/dateHeader.js';
import type { PageJob, PageOutcome } from './html/pageWork.js';

/**
 * An input a reader can consume. Readers only ever read their input through this; opening it
 * (and refusing missing files or folders) happens once, in `openInput`.
 */
export interface ReaderInput {
  /** The path as the user gave it; used in every message. */
  name: string;
  /** A file, or a folder (an unpacked export such as Google Takeout). */
  kind: 'file' | 'directory';
  /** Absolute path on disk, for readers that walk a folder; absent for in-memory inputs. */
  path?: string;
  /** Size in bytes. */
  size: number;
  /** A fresh stream of the bytes each call, so a reader may make more than one pass (files only). */
  chunks(): AsyncIterable<Uint8Array>;
  /** Up to the first 64 KiB, for detection (empty for a folder). */
  sample: Uint8Array;
  /**
   * Several files read as one input (saved pages named one by one, or by a shell glob): a post
   * shown on several of them must still come out once.
   */
  members?: ReaderInput[];
}

export interface ReadOptions {
  /** Day/month order of numeric dates (`01/03/2015`); inferred from the archive when absent. */
  dateOrder?: DateOrder;
  /** Force the text encoding (any label iconv-lite knows); detected when absent. */
  encoding?: string;
  /**
   * Where to keep what must wait until later in the read (comments before their posts). In
   * memory when absent; `convert` passes a store that spills to a temporary file.
   */
  scratch?: () => ByteStore;
  /**
   * Saved pages: runs one page's work (decode, parse, find and make its posts: `readPageBytes`)
   * elsewhere; `convert` passes worker threads, so a folder's pages are parsed on every core.
   * Pages are read on the calling thread when absent, and from the first rejection on.
   */
  pageWork?: (job: PageJob) => Promise<PageOutcome>;
  /** Scraped pages: the URL the input was served from, for pages that do not say their own URL. */
  baseUrl?: string;
  /** Extra footer lines to strip (regular expressions; named groups `author`, `time`, `tags` are used). */
  footers?: RegExp[];
  /**
   * Archive-level findings (an assumed date order, a detected encoding, skipped lines). Post-level
   * warnings travel on the post itself. Readers never print: the caller decides what to show.
   */
  onWarning?: (warning: PostWarning) => void;
  /**
   * Entries deliberately not converted — `what` names the kind (`trashed post`, `spam comment`,
   * `template` …). The caller counts them in the report; nothing is dropped without a count.
   */
  onSkip?: (what: string, source: SourceRef) => void;
  /**
   * Images the export holds itself (Google Takeout's `Albums/`), offered once per input so the
   * writer can use them instead of downloading. Readers read them only through their input; the
   * receiver owns the handle and calls `close()` when done.
   */
  onAlbums?: (albums: AlbumFiles) => void;
}

/** Image files that came with an export, readable on demand (from a folder or inside a ZIP). */
export interface AlbumFiles {
  files: readonly AlbumFile[];
  /** Release what reading them holds open (a second handle on a ZIP). */
  close(): Promise<void>;
}

export interface AlbumFile {
  /** The album folder's name (`Takeout/Blogger/Albums/<album>/`). */
  album: string;
  /** The file name as stored, e.g. `Investment-page-001.jpg`. */
  name: string;
  /** Size in bytes as listed (the folder entry or the ZIP directory). */
  size: number;
  /** The whole file. */
  read(): Promise<Uint8Array>;
}

export interface Reader {
  name: string;
  /**
   * The format of the bodies it yields. HTML conversion is costly enough to run on worker
   * threads; text conversion is cheaper than handing posts to a worker and back.
   */
  bodyFormat: 'text' | 'html';
  /** One line for `--help` and the README. */
  description: string;
  /**
   * How sure this reader is that it can read the input, from 0 (not at all) to 1 (certain).
   * Only the sample is looked at: detection must be cheap.
   */
  detect(input: Pick<ReaderInput, 'name' | 'sample' | 'kind' | 'path'>): number;
  read(input: ReaderInput, options: ReadOptions): AsyncIterable<Post>;
}
