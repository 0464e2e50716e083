import type { PostReport } from './model/report.js';
import { layoutNames, type LayoutName } from './layouts/index.js';
import { readerNames } from './readers/index.js';
import type { DateOrder } from './readers/common/dateHeader.js';
import { commentsModes, type CommentsMode } from './layouts/toMarkdown.js';
import type { LookupFunction } from './write/assets/guard.js';
import type { AssetFetch } from './write/assets/http.js';
import { redirectFormatNames, type RedirectFormatName } from './write/redirects.js';

/** Progress of a running conversion, for a progress bar. */
export interface Progress {
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the current input read so far, and its size. */
  bytesRead: number;
  bytesTotal: number;
  postsRead: number;
}

/** Everything `convert` and the CLI accept. Each option is declared once, in `optionTable`. */
export interface ConvertOptions {
  outDir: string;
  from: string;
  layout: LayoutName;
  bundle: boolean;
  comments: CommentsMode;
  dateOrder?: DateOrder;
  timezone?: string;
  encoding?: string;
  baseUrl?: string;
  footer: string[];
  /** Write a map of old paths → new ones in this format. */
  redirects?: RedirectFormatName;
  /** Other addresses the blog was served at: links to them are internal links too. */
  siteUrl: string[];
  dryRun: boolean;
  force: boolean;
  assets: AssetsMode;
  /** Default: the layout's static folder (see Layout.assets); with `bundle`, beside each index.md. */
  assetsDir?: string;
  concurrency: number;
  /** Bytes, or a size such as `50MB`. */
  maxAssetSize: string | number;
  /** Seconds without data before a download attempt is given up. */
  assetTimeout: number;
  retries: number;
  allowPrivateHosts: boolean;
  /** Called as posts are read; the library never prints, the CLI draws from this. */
  onProgress?: (progress: Progress) => void;
  /**
   * Called once per post when it is settled (written, unchanged, skipped, failed …), in the order
   * they settle; `index` is the post's place in reading order (0-based).
   */
  onPost?: (post: PostReport, index: number) => void;
  /**
   * Keep every post's entry in the returned `report.posts` (the default). `false` keeps memory
   * flat on huge archives: entries reach only `onPost`, and the report keeps the counts.
   */
  reportPosts?: boolean;
  /** Library only (no CLI flag): how downloads reach the network, and their finer limits. */
  assetNetwork?: AssetNetworkOptions;
}

/** `keep` leaves image URLs as they are; `download` stores the images and links the copies. */
export type AssetsMode = 'keep' | 'download';
export const assetsModes: readonly AssetsMode[] = ['keep', 'download'];

export interface AssetNetworkOptions {
  /**
   * The transport: one GET per call, redirects not followed (`redirect: 'manual'`). A WHATWG
   * `fetch` fits. An injected transport does its own address checks: `allowPrivateHosts` and the
   * connect-time guard apply to the default one (node:http/https).
   */
  fetch?: AssetFetch;
  /** The default transport's DNS lookup (`dns.lookup`'s signature); its answers are still guarded. */
  lookup?: LookupFunction;
  /** Downloads at once from one host (default 4). */
  perHost?: number;
  /** First retry delay in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Longest wait before a retry, Retry-After included, in ms (default 30,000). */
  maxRetryDelayMs?: number;
}

export interface OptionSpec {
  key: keyof ConvertOptions;
  /** Long flag without dashes. */
  flag: string;
  short?: string;
  type: 'string' | 'boolean' | 'strings' | 'number';
  /** Placeholder in --help. */
  arg?: string;
  choices?: readonly string[];
  default?: string | boolean | string[] | number;
  /** Numbers: the smallest allowed, and whether fractions are. */
  min?: number;
  integer?: boolean;
  description: string;
}

/**
 * The one declaration of every conversion option: its flag, type, default and help line. The CLI
 * derives its parser and --help from this table, and `convert` its defaults.
 */
export const optionTable: readonly OptionSpec[] = [
  { key: 'outDir', flag: 'out', short: 'o', type: 'string', arg: 'DIR', default: 'out', description: 'output folder' },
  { key: 'from', flag: 'from', type: 'string', arg: 'FORMAT', choices: ['auto', ...readerNames], default: 'auto', description: 'input format; auto detects it from the first bytes' },
  { key: 'layout', flag: 'layout', type: 'string', arg: 'NAME', choices: layoutNames, default: 'plain', description: 'site generator the files are laid out for' },
  { key: 'bundle', flag: 'bundle', type: 'boolean', default: false, description: 'Hugo: one page bundle folder per post (content/posts/SLUG/index.md)' },
  { key: 'comments', flag: 'comments', type: 'string', arg: 'WHERE', choices: commentsModes, default: 'data', description: "where comments go: a data file per post in the layout's data folder, the post's front matter, or nowhere" },
  { key: 'dateOrder', flag: 'date-order', type: 'string', arg: 'ORDER', choices: ['dmy', 'mdy'], description: 'order of numeric dates like 01/03/2015 (inferred from the whole archive when absent)' },
  { key: 'timezone', flag: 'timezone', type: 'string', arg: 'ZONE', description: 'IANA zone (e.g. Europe/London) that gives times without an offset one' },
  { key: 'encoding', flag: 'encoding', type: 'string', arg: 'NAME', description: 'text encoding of the input (utf-8, windows-1252, latin1, utf-16le …); detected when absent' },
  { key: 'baseUrl', flag: 'base-url', type: 'string', arg: 'URL', description: 'saved pages: the URL the pages (or mirror folder) were served from, for pages that do not name their own' },
  { key: 'footer', flag: 'footer', type: 'strings', arg: 'REGEX', default: [], description: 'extra footer line to strip (repeatable; named groups author, time, tags are kept)' },
  { key: 'redirects', flag: 'redirects', type: 'string', arg: 'FORMAT', choices: redirectFormatNames, description: 'also write a map of old URLs → new ones for the server (Netlify _redirects, nginx, Apache .htaccess) or as data' },
  { key: 'siteUrl', flag: 'site-url', type: 'strings', arg: 'URL', default: [], description: "another address the blog was served at (custom domain): links to it become links to the new pages (repeatable)" },
  { key: 'dryRun', flag: 'dry-run', type: 'boolean', default: false, description: 'show what would be written, write nothing' },
  { key: 'force', flag: 'force', type: 'boolean', default: false, description: 'overwrite files that already exist with other content' },
  { key: 'assets', flag: 'assets', type: 'string', arg: 'MODE', choices: assetsModes, default: 'keep', description: 'images: keep linking their remote URLs, or download them and link the local copies' },
  { key: 'assetsDir', flag: 'assets-dir', type: 'string', arg: 'DIR', description: "where downloaded images go in the output folder (default: the layout's static folder, e.g. static/images for Hugo; with --bundle, beside index.md)" },
  { key: 'concurrency', flag: 'concurrency', type: 'number', arg: 'N', min: 1, integer: true, default: 8, description: 'downloads at once (at most 4 from one host)' },
  { key: 'maxAssetSize', flag: 'max-asset-size', type: 'string', arg: 'SIZE', default: '50MB', description: 'largest image downloaded, e.g. 500KB or 50MB' },
  { key: 'assetTimeout', flag: 'asset-timeout', type: 'number', arg: 'SECONDS', min: 0.001, default: 30, description: 'a download attempt with no data for this long is given up' },
  { key: 'retries', flag: 'retries', type: 'number', arg: 'N', min: 0, integer: true, default: 3, description: 'retries of a download after a timeout, a dropped connection, 429 or 5xx' },
  { key: 'allowPrivateHosts', flag: 'allow-private-hosts', type: 'boolean', default: false, description: 'allow downloads from loopback and private network addresses' },
];

/** The defaults, derived from the table. */
export function defaultOptions(): ConvertOptions {
  const options: Record<string, unknown> = {};
  for (const spec of optionTable) {
    if (spec.default !== undefined) options[spec.key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  return options as unknown as ConvertOptions;
}
