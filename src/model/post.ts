/**
 * The normalised shape every reader yields. Readers fill what their format knows; everything
 * downstream (convert, layouts, write) reads only this shape, never a source format.
 */

/** Where something came from, so every warning and error can point at it. */
export interface SourceRef {
  /** The input file as the user named it (or a path inside an archive). */
  file: string;
  /** 1-based line of the first line of the post (text inputs). */
  line?: number;
  /** 1-based index of the entry in its file (XML inputs). */
  entry?: number;
}

/**
 * A point in time with the precision the source actually gave. A day-only date is never turned
 * into a midnight in some zone (that shifts the day for half the world).
 */
export type PostDate =
  | { precision: 'day'; date: string }
  /** Wall-clock time with no known zone: written as local time, or given one by `--timezone`. */
  | { precision: 'local'; date: string; time: string }
  /** Time with a known UTC offset (`+01:00`, `Z` kept as `+00:00`). Never converted to UTC. */
  | { precision: 'offset'; date: string; time: string; offset: string };

export interface Comment {
  /** The export's own id for the comment (namespaced like post ids). */
  id: string;
  author?: string;
  authorUrl?: string;
  date?: PostDate;
  /** Body in the same format as the post body. */
  body: PostBody;
  /** Id of the comment this one answers, for threading. */
  replyTo?: string;
}

export type PostBody = { format: 'text'; value: string } | { format: 'html'; value: string };

export interface PostWarning {
  code: string;
  message: string;
  source: SourceRef;
}

/** The blog an entry belongs to, when the input says (exports do; an input may hold several blogs). */
export interface BlogInfo {
  /** Stable id, e.g. Blogger's blog id. */
  id: string;
  title?: string;
  /** The blog's home URL (`https://example.blogspot.com/`). */
  url?: string;
  /**
   * Other addresses the export says the blog answered at (its blogspot address when it had a
   * custom domain, and the other way round), so links to any of them count as internal.
   */
  hosts?: string[];
  /** IANA zone from the blog's settings. */
  timezone?: string;
  /**
   * Blogger's "Convert line breaks" setting: the blog showed every newline typed into a post's
   * HTML as a line break, so conversion must keep them.
   */
  convertLineBreaks?: boolean;
  /**
   * Set by a reader whose input holds several blogs (a Takeout export of a whole account): each
   * blog then gets its own output tree under this folder name (a slug).
   */
  folder?: string;
}

export interface GeoLocation {
  name?: string;
  latitude?: number;
  longitude?: number;
}

export interface Post {
  /** Stable, namespaced id: `<reader>:<file>#<n>` or the export's own id. */
  id: string;
  kind: 'post' | 'page';
  title: string;
  /** True when the title was derived (from first words) because the source had none. */
  titleDerived?: boolean;
  date?: PostDate;
  updated?: PostDate;
  author?: string;
  authorUrl?: string;
  tags: string[];
  categories: string[];
  draft: boolean;
  /** Slug the source asked for (old permalink file name); layouts fall back to the title. */
  slug?: string;
  /** Old absolute URL when known. */
  url?: string;
  /** Old URL paths to keep alive (redirects). */
  aliases: string[];
  body: PostBody;
  /** Cover image URL (the export's thumbnail, or the body's first image). */
  image?: string;
  /** Short summary the author gave (Blogger's search description). */
  description?: string;
  location?: GeoLocation;
  blog?: BlogInfo;
  /** Live comments only, in the order they were written; threaded through `replyTo`. */
  comments: Comment[];
  source: SourceRef;
  /**
   * Scraped pages only: the evidence the post was found by (`blogger`, `wordpress`, `h-entry`,
   * `json-ld`, `date-headers` …), for the report.
   */
  evidence?: string;
  /** The source showed only a summary of the post (a listing with "read more"), not its full body. */
  excerpt?: boolean;
  /** Problems found while reading this post; they travel with it into the report. */
  warnings: PostWarning[];
}
