import { eleventyTerm } from './terms.js';
import { buildFrontMatter, field, get, safePath, type Field, type Layout } from './layout.js';

/**
 * The blog starter's content-collection schema: `title`, `pubDate`, `updatedDate`; plus
 * `author`, `tags`, `categories` and `draft` for a schema to pick up (Zod's `z.object` drops
 * keys it does not know). `description`, which the starter's schema requires, is written when the
 * source has one (Blogger's search description); plain-text dumps have none.
 */
const fields: readonly Field[] = [
  field('title', get.title),
  field('pubDate', get.date),
  field('updatedDate', get.updated),
  field('author', get.author),
  field('tags', get.tags),
  field('categories', get.categories),
  field('draft', get.draft),
  field('aliases', get.aliases),
  // The blog starter's name for the cover image.
  field('heroImage', get.image),
  field('description', get.description),
  field('location', get.location),
];

/**
 * Astro content collections: posts in `src/content/blog/<slug>.md` (the blog starter's
 * collection), pages in a `src/content/pages/<slug>.md` collection — not `src/pages/`, where a
 * page would become a route of its own and could clash with the site's `.astro` pages.
 */
export const astro: Layout = {
  name: 'astro',
  description: 'src/content/blog/<slug>.md content-collection entries with Astro front matter',
  slugScope: (post) => post.kind,
  pathFor: (post, slug) =>
    safePath(slug, (s) => (post.kind === 'page' ? `src/content/pages/${s}.md` : `src/content/blog/${s}.md`)),
  frontMatter: (post, slug, options) => buildFrontMatter(fields, post, slug, options),
  // A `comments` data collection (JSON), one entry per post.
  commentsPath: (post, slug) => safePath(slug, (s) => `src/content/comments/${post.kind === 'page' ? 'pages' : 'posts'}/${s}.json`),
  commentsFormat: 'json',
  // The blog starter's `src/pages/blog/[...slug].astro` route; pages at `/<slug>/` from a
  // `src/pages/[...slug].astro` route over the pages collection. Drafts: none.
  urlOf: (post, slug) => (post.draft ? undefined : safePath(slug, (s) => (post.kind === 'page' ? `/${s}/` : `/blog/${s}/`))),
  // A `src/pages/tags/[tag].astro` route with slugified tags (the starter has no tag pages).
  tagUrl: (tag) => `/tags/${eleventyTerm(tag)}/`,
  // Astro copies `public/` to the site root.
  publicRoot: 'public/',
};
