import { layoutNames, type LayoutName } from './layouts/index.js';
import { readerNames } from './readers/index.js';
import type { DateOrder } from './readers/common/dateHeader.js';
import { commentsModes, type CommentsMode } from './layouts/toMarkdown.js';
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
  footer: string[];
  /** Write a map of old paths → new ones in this format. */
  redirects?: RedirectFormatName;
  /** Other addresses the blog was served at: links to them are internal links too. */
  siteUrl: string[];
  dryRun: boolean;
  force: boolean;
  /** Called as posts are read; the library never prints, the CLI draws from this. */
  onProgress?: (progress: Progress) => void;
}

export interface OptionSpec {
  key: keyof ConvertOptions;
  /** Long flag without dashes. */
  flag: string;
  short?: string;
  type: 'string' | 'boolean' | 'strings';
  /** Placeholder in --help. */
  arg?: string;
  choices?: readonly string[];
  default?: string | boolean | string[];
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
  { key: 'footer', flag: 'footer', type: 'strings', arg: 'REGEX', default: [], description: 'extra footer line to strip (repeatable; named groups author, time, tags are kept)' },
  { key: 'redirects', flag: 'redirects', type: 'string', arg: 'FORMAT', choices: redirectFormatNames, description: 'also write a map of old URLs → new ones for the server (Netlify _redirects, nginx, Apache .htaccess) or as data' },
  { key: 'siteUrl', flag: 'site-url', type: 'strings', arg: 'URL', default: [], description: "another address the blog was served at (custom domain): links to it become links to the new pages (repeatable)" },
  { key: 'dryRun', flag: 'dry-run', type: 'boolean', default: false, description: 'show what would be written, write nothing' },
  { key: 'force', flag: 'force', type: 'boolean', default: false, description: 'overwrite files that already exist with other content' },
];

/** The defaults, derived from the table. */
export function defaultOptions(): ConvertOptions {
  const options: Record<string, unknown> = {};
  for (const spec of optionTable) {
    if (spec.default !== undefined) options[spec.key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  return options as unknown as ConvertOptions;
}
