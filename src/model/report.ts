import type { PostWarning } from './post.js';

/** What happened to one post. */
export type PostStatus =
  /** Written to its output path. */
  | 'written'
  /** Dry run: would have been written. */
  | 'planned'
  /** The file already held exactly this content. */
  | 'unchanged'
  /** A different file was already there and --force was not given. */
  | 'skipped'
  /** Could not be converted or written; see its warnings. */
  | 'failed';

export interface PostReport {
  id: string;
  kind: 'post' | 'page';
  title: string;
  /** ISO date as written in front matter. */
  date?: string;
  draft: boolean;
  /** Output path relative to the output folder. */
  output?: string;
  /** Path of its comments data file, when it has comments and `--comments data`. */
  comments?: string;
  status: PostStatus;
  /** Saved pages: the evidence the post was found by (`blogger`, `wordpress`, `json-ld`, `date-headers` …). */
  evidence?: string;
  warnings: PostWarning[];
  /** `--assets download`: every image the post refers to and what became of it. */
  assets?: AssetReport[];
}

/** What happened to one image of a post. */
export type AssetStatus =
  /** Fetched from the network in this run. */
  | 'downloaded'
  /** Copied from the Takeout export's albums. */
  | 'album'
  /** Decoded from a `data:` URL. */
  | 'decoded'
  /** Already stored (by an earlier run, or for another post of this run): nothing fetched. */
  | 'reused'
  /** Dry run: would be fetched. */
  | 'planned'
  /** Not fetchable (a relative URL with no address, another scheme); left as it was. */
  | 'skipped'
  /** Could not be got; the remote URL stays. */
  | 'failed';

export interface AssetReport {
  url: string;
  status: AssetStatus;
  /** The local file (relative to the output folder). */
  path?: string;
  reason?: string;
}

/** Run totals. */
export interface AssetCounts {
  /** URLs fetched from the network (each once, however many posts use it). */
  downloaded: number;
  /** URLs copied from the Takeout albums. */
  album: number;
  /** `data:` URLs decoded. */
  decoded: number;
  /** Uses of an image already stored (by an earlier run, or for another post): nothing fetched. */
  reused: number;
  /** Dry run: URLs that would be fetched. */
  planned: number;
  /** URLs that could not be got. */
  failed: number;
  /** References left as they were (not http(s) or data:). */
  skipped: number;
  /** Image files written. */
  files: number;
  /** Bytes fetched from the network. */
  bytes: number;
  /** HTTP requests made (attempts and redirect hops included). */
  requests: number;
}

export interface InputReport {
  file: string;
  /** The reader that read it, or undefined when it could not be opened. */
  format?: string;
  posts: number;
  /** What those entries were: posts and pages (drafts among them), and the comments they carried. */
  read: { posts: number; pages: number; drafts: number; comments: number };
  /** Entries deliberately not converted, by kind (`trashed post`: 2, `spam comment`: 78 …). */
  skipped: Record<string, number>;
  /** Saved pages: how many posts each kind of evidence found. */
  evidence?: Record<string, number>;
  /** One-line error when the input could not be read at all. */
  error?: string;
}

/** Links in the posts that pointed at the old blog itself (see src/write/internalLinks.ts). */
export interface LinksReport {
  /** Links to posts, pages and labels of the archive that now point at their new pages. */
  rewritten: number;
  /** Documents that hold them. */
  posts: number;
  /** Links to the blog's own posts or labels that are not in the archive: left as they were. */
  unresolved: { output: string; url: string }[];
}

/** A redirect map written by `--redirects`. */
export interface RedirectsReport {
  format: string;
  /** Relative to the output folder (one per blog). */
  path: string;
  /** Old paths mapped (each also with `?m=1` where the format names queries). */
  entries: number;
  status: PostStatus;
}

export interface Report {
  outDir: string;
  layout: string;
  dryRun: boolean;
  inputs: InputReport[];
  posts: PostReport[];
  /** Archive-level warnings (assumed date order, guessed encoding, lines outside any post). */
  warnings: PostWarning[];
  counts: Record<PostStatus, number> & { read: number; warnings: number };
  /** `--assets download`: images got, reused and failed. */
  assets?: AssetCounts;
  links: LinksReport;
  /** The redirect maps, with `--redirects`. */
  redirects?: RedirectsReport[];
}

/** 0 done (warnings allowed), 1 some posts could not be converted, 2 an input could not be read. */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  if (report.inputs.some((input) => input.error)) return 2;
  if (report.counts.failed > 0 || report.redirects?.some((map) => map.status === 'failed')) return 1;
  return 0;
}
