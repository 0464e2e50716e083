/**
 * A layout is one small object per site generator: where a post's file goes and which front
 * matter it gets. Front matter is built from a table of named field getters shared by all
 * layouts; each layout picks, orders and renames the fields it wants.
 */
import type { MarkdownDialect } from '../convert/index.js';
import { formatPostDate } from '../model/dates.js';
import type { Post, PostDate } from '../model/post.js';
import { FrontMatterDate } from './frontMatter.js';
import { SAFE_SLUG } from './slug.js';

export type LayoutName = 'plain' | 'hugo' | 'jekyll' | 'eleventy' | 'astro';

export interface LayoutOptions {
  /** Hugo page bundles: `content/posts/<slug>/index.md`. Other layouts ignore it. */
  bundle: boolean;
  /** IANA zone given to dates that have a wall-clock time but no offset. */
  timezone?: string;
}

export interface Layout {
  name: LayoutName;
  /** One line for --help and the README. */
  description: string;
  /**
   * Scope for slug uniqueness (see SlugRegistry): posts whose files share a folder and name
   * pattern share a scope. Jekyll's `_posts` names carry the date, so its scope is per day.
   */
  slugScope(post: Post): string;
  /**
   * Slugs the generator already owns in a scope (`index`, `404`, a section name…); create the
   * registry with {@link createSlugRegistry} so posts never take them.
   */
  reservedSlugs?: Readonly<Record<string, readonly string[]>>;
  /** Relative POSIX path of the post's Markdown file under the output folder, for an already-unique slug. */
  pathFor(post: Post, slug: string, options: LayoutOptions): string;
  /** Front matter as an ordered plain object (undefined/empty values omitted). */
  frontMatter(post: Post, slug: string, options: LayoutOptions): Record<string, unknown>;
  /**
   * Where a post's comments go as a data file (`--comments data`, the default), where the
   * generator's templates can read them (Hugo `data/`, Jekyll and Eleventy `_data/`).
   */
  commentsPath(post: Post, slug: string, options: LayoutOptions): string;
  /** The data file's format: JSON where the generator reads no YAML data without a plugin. */
  commentsFormat: 'yaml' | 'json';
  /**
   * Keeps a body that contains the generator's own template syntax (Liquid, Hugo shortcodes)
   * from being run as a template: the Markdown to write (escaped if need be), front matter to add
   * and warnings. Absent for generators that render Markdown as it is.
   */
  keepBodyLiteral?(markdown: string): LiteralBody;
  /** The Markdown parser the generator uses by default, when it is not CommonMark. */
  markdownDialect?: MarkdownDialect;
  /**
   * The site path the generator serves a post at with its default configuration (`/posts/<slug>/`),
   * for the file `pathFor` gives the same slug; unencoded, from the site root. `undefined` when
   * the generator publishes no page for it (drafts).
   */
  urlOf(post: Post, slug: string, options: LayoutOptions): string | undefined;
  /** The site path of a tag's page (`/tags/<term>/`), unencoded. */
  tagUrl(tag: string): string;
  /**
   * The folder whose files the generator copies unchanged to the root of the built site (Hugo
   * `static/`), where server files such as Netlify's `_redirects` go; `''` for the output root.
   */
  publicRoot: string;
  /** Where downloaded images go (`--assets download`) and the URL the site serves them at. */
  assets: LayoutAssets;
}

export interface LiteralBody {
  markdown: string;
  frontMatter?: Record<string, unknown>;
  warnings?: { code: string; message: string }[];
}

export interface LayoutAssets {
  /** The default `--assets-dir`: a folder the generator publishes as it is. */
  dir: string;
  /**
   * The site URL of a file at `path` (relative to the output folder), or undefined when the
   * generator does not publish that folder as it is; the post then links the file relatively.
   */
  urlOf(path: string): string | undefined;
}

/** Files under `folder/` published at the site's root (Hugo's `static/`, Astro's `public/`). */
export function publishedFrom(folder: string): (path: string) => string | undefined {
  return (path) => (path.startsWith(`${folder}/`) ? path.slice(folder.length) : undefined);
}

/** What a field getter may look at besides the post. */
export interface FieldContext {
  slug: string;
  options: LayoutOptions;
}

/** One front-matter entry: the key as the generator spells it, and how to get its value. */
export interface Field {
  key: string;
  /** `undefined` (or `null`, or an empty array) leaves the key out. */
  get(post: Post, context: FieldContext): unknown;
}

type Getter = Field['get'];

/** A date as a front-matter timestamp (written unquoted, see FrontMatterDate). */
export function dateValue(date: PostDate | undefined, options: LayoutOptions): FrontMatterDate | undefined {
  if (!date) return undefined;
  return new FrontMatterDate(formatPostDate(date, options.timezone === undefined ? {} : { timezone: options.timezone }));
}

const nonEmpty = <T>(list: readonly T[]): T[] | undefined => (list.length > 0 ? [...list] : undefined);

/** The shared getters, by meaning. Layouts give them their generator's key names. */
export const get = {
  title: (post) => post.title,
  date: (post, { options }) => dateValue(post.date, options),
  updated: (post, { options }) => dateValue(post.updated, options),
  author: (post) => post.author || undefined,
  tags: (post) => nonEmpty(post.tags),
  categories: (post) => nonEmpty(post.categories),
  /** Only when true: `draft: false` is every generator's default. */
  draft: (post) => (post.draft ? true : undefined),
  slug: (_post, { slug }) => slug,
  aliases: (post) => nonEmpty(post.aliases),
  image: (post) => post.image || undefined,
  images: (post) => (post.image ? [post.image] : undefined),
  description: (post) => post.description || undefined,
  location: (post) => {
    const { name, latitude, longitude } = post.location ?? {};
    if (name === undefined && latitude === undefined) return undefined;
    return stripEmpty({ name, latitude, longitude });
  },
  titleDerived: (post) => (post.titleDerived ? true : undefined),
  /** The source showed only an excerpt of the post (a saved listing page); the body is partial. */
  truncated: (post) => (post.excerpt ? true : undefined),
} satisfies Record<string, Getter>;

function stripEmpty(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ''));
}

/** A getter for a fixed value, e.g. Jekyll's `layout: post`. */
export function constant(value: unknown): Getter {
  return () => value;
}

/** `field('lastmod', get.updated)` */
export function field(key: string, getter: Getter): Field {
  return { key, get: getter };
}

/** Run a field table: an ordered object with empty values left out. */
export function buildFrontMatter(
  table: readonly Field[],
  post: Post,
  slug: string,
  options: LayoutOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const context: FieldContext = { slug, options };
  for (const { key, get: getter } of table) {
    const value = getter(post, context);
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Join path segments after checking the slug is one produced by `slugify`/`SlugRegistry`, so
 * no title can ever put a file outside the output folder. A bad slug here is a bug: it throws.
 */
export function safePath<T extends string | undefined>(slug: string, build: (slug: string) => T): T {
  if (!SAFE_SLUG.test(slug)) {
    throw new TypeError(`Unsafe slug ${JSON.stringify(slug)}: slugs must come from slugify()/SlugRegistry`);
  }
  return build(slug);
}
