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
}

export interface InputReport {
  file: string;
  /** The reader that read it, or undefined when it could not be opened. */
  format?: string;
  posts: number;
  /** Entries deliberately not converted, by kind (`trashed post`: 2, `spam comment`: 78 …). */
  skipped: Record<string, number>;
  /** Saved pages: how many posts each kind of evidence found. */
  evidence?: Record<string, number>;
  /** One-line error when the input could not be read at all. */
  error?: string;
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
}

/** 0 done (warnings allowed), 1 some posts could not be converted, 2 an input could not be read. */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  if (report.inputs.some((input) => input.error)) return 2;
  if (report.counts.failed > 0) return 1;
  return 0;
}
