import { eleventyTerm } from './terms.js';
import { buildFrontMatter, field, get, publishedFrom, safePath, type Field, type Layout } from './layout.js';

/**
 * The blog starter's content-collection schema: `title`, `description`, `pubDate`,
 * `updatedDate`, `heroImage`; plus `author`, `tags`, `categories`, `draft` and `redirect_from`
 * for a schema to pick up (Zod's `z.object` drops keys it does not know). The starter's schema
 * requires `description`, so it is always written: the source's (Blogger's search description),
 * else empty — a missing one fails the whole build.
 */
const fields: readonly Field[] = [
  field('title', get.title),
  field('description', (post) => post.description ?? ''),
  field('pubDate', get.date),
  field('updatedDate', get.updated),
  field('author', get.author),
  field('tags', get.tags),
  field('categories', get.categories),
  field('draft', get.draft),
  // Old URLs, under the name astro-redirect-from reads (and the README's redirect route).
  field('redirect_from', get.aliases),
  // The blog starter's name for the cover image.
  field('heroImage', get.image),
  field('location', get.location),
  // Flags for the user to find: a title made from the first words, a body that is only an excerpt.
  field('title_derived', get.titleDerived),
  field('truncated', get.truncated),
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
  // public/ is published at the site root.
  assets: { dir: 'public/images', urlOf: publishedFrom('public') },
  // The blog starter's `src/pages/blog/[...slug].astro` route; pages at `/<slug>/` from a
  // `src/pages/[...slug].astro` route over the pages collection. Drafts: none.
  urlOf: (post, slug) => (post.draft ? undefined : safePath(slug, (s) => (post.kind === 'page' ? `/${s}/` : `/blog/${s}/`))),
  // A `src/pages/tags/[tag].astro` route with slugified tags (the starter has no tag pages).
  tagUrl: (tag) => `/tags/${eleventyTerm(tag)}/`,
  // Astro copies `public/` to the site root.
  publicRoot: 'public/',
};
