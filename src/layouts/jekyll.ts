import { dayOf } from '../model/dates.js';
import type { Post, PostDate } from '../model/post.js';
import type { FrontMatterDate } from './frontMatter.js';
import { buildFrontMatter, constant, dateValue, field, get, safePath, type Field, type Layout, type LayoutOptions } from './layout.js';
import { hasLiquidSyntax } from './templateSyntax.js';
import { jekyllTerm } from './terms.js';

/**
 * Jekyll's YAML parser (Psych) reads a timestamp without an offset as UTC, so a wall-clock time
 * whose zone the source never said (`2015-03-14T21:41:00`) would be shifted by the site's offset
 * when shown — and, late in the evening, moved onto the next day's URL. Written as a string it
 * is parsed by Jekyll itself, in the site's `timezone`: the time the author wrote. Dates with an
 * offset, and days, are timestamps as in every layout.
 */
function jekyllDate(date: PostDate | undefined, options: LayoutOptions): FrontMatterDate | string | undefined {
  const value = dateValue(date, options);
  return value && date?.precision === 'local' && options.timezone === undefined ? value.iso : value;
}

/**
 * Minima-style keys: `layout`, `title`, `date`, `last_modified_at` (jekyll-seo-tag,
 * jekyll-last-modified-at), `author`, `tags`, `categories`, `redirect_from` (jekyll-redirect-from).
 * No `slug`: Jekyll takes it from the file name. Draft pages get `published: false`.
 */
const fields = (kind: Post['kind'], draft: boolean): readonly Field[] => [
  field('layout', constant(kind === 'page' ? 'page' : 'post')),
  field('title', get.title),
  field('date', (post, { options }) => jekyllDate(post.date, options)),
  field('last_modified_at', (post, { options }) => jekyllDate(post.updated, options)),
  field('author', get.author),
  field('tags', get.tags),
  field('categories', get.categories),
  field('redirect_from', get.aliases),
  // jekyll-seo-tag reads `image` and `description`.
  field('image', get.image),
  field('description', get.description),
  field('location', get.location),
  // Flags for the user to find: a title made from the first words, a body that is only an excerpt.
  field('title_derived', get.titleDerived),
  field('truncated', get.truncated),
  // Posts are kept out of the site by living in _drafts; pages have no _drafts.
  field('published', constant(kind === 'page' && draft ? false : undefined)),
];

/** Posts that cannot go in _posts: drafts, and posts with no date (the file name needs one). */
const inDrafts = (post: Post): boolean => post.kind === 'post' && (post.draft || !post.date);

/**
 * Jekyll: published posts in `_posts/YYYY-MM-DD-<slug>.md` (the day as the source wrote it);
 * drafts — and the rare post with no date, which `_posts` cannot hold — in `_drafts/<slug>.md`
 * (built only with `--drafts`). Pages at the site root, `<slug>.md`, which Jekyll builds without
 * configuration (a `_pages` folder would need a `collections`/`include` setting); a draft page
 * gets `published: false`.
 */
export const jekyll: Layout = {
  name: 'jekyll',
  description: '_posts/YYYY-MM-DD-<slug>.md, _drafts/<slug>.md and root pages with Jekyll front matter',
  slugScope: (post) => {
    if (post.kind === 'page') return 'page';
    if (inDrafts(post) || !post.date) return 'drafts';
    return `posts/${post.date.date}`;
  },
  reservedSlugs: {
    // index.md is the home page, 404.md the error page; README.md is built too (and readme.md
    // is the same file on case-insensitive file systems).
    page: ['index', '404', 'readme'],
  },
  pathFor: (post, slug) =>
    safePath(slug, (s) => {
      if (post.kind === 'page') return `${s}.md`;
      if (inDrafts(post) || !post.date) return `_drafts/${s}.md`;
      const { year, month, day } = dayOf(post.date);
      return `_posts/${year}-${month}-${day}-${s}.md`;
    }),
  frontMatter: (post, slug, options) => buildFrontMatter(fields(post.kind, post.draft), post, slug, options),
  // site.data.comments[<file name without .md>]: post slugs are unique only per day, file names are unique.
  commentsPath: (post, slug, options) =>
    safePath(slug, () => `_data/comments/${jekyll.pathFor(post, slug, options).replace(/^_(?:posts|drafts)\//, '').replace(/\.md$/, '')}.yml`),
  commentsFormat: 'yaml',
  // Jekyll 4 renders a document's Liquid unless told not to.
  keepBodyLiteral: (markdown) => (hasLiquidSyntax(markdown) ? { markdown, frontMatter: { render_with_liquid: false } } : { markdown }),
  markdownDialect: 'kramdown',
  // Jekyll publishes every folder as it is except those starting with _ or . (and vendor, node_modules).
  assets: { dir: 'assets/images', urlOf: (path) => (/^(?:[_.]|vendor\/|node_modules\/)/.test(path) ? undefined : `/${path}`) },
  // Jekyll's default `date` permalink, `/:categories/:year/:month/:day/:title:output_ext`, with
  // the day of the file name (the day as the source wrote it: set the site's `timezone` to the
  // blog's so Jekyll sees the same day); pages keep their name, `/<slug>.html`. Drafts and
  // undated posts (in `_drafts`) are not built.
  urlOf: (post, slug) =>
    safePath<string | undefined>(slug, (s) => {
      if (post.kind === 'page') return post.draft ? undefined : `/${s}.html`;
      if (inDrafts(post) || !post.date) return undefined;
      const { year, month, day } = dayOf(post.date);
      const categories = [...new Set(post.categories.map((c) => c.toLowerCase()))].map((c) => `/${c}`).join('');
      return `${categories}/${year}/${month}/${day}/${s}.html`;
    }),
  // jekyll-archives' default tag pages, `/tag/:name/` (Jekyll has none of its own).
  tagUrl: (tag) => `/tag/${jekyllTerm(tag)}/`,
  // Jekyll copies root files to the site, `.htaccess` included; `_redirects` needs `include: [_redirects]`.
  publicRoot: '',
};
