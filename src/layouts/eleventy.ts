import { eleventyTerm } from './terms.js';
import { buildFrontMatter, field, get, publishedFrom, safePath, type Field, type Layout } from './layout.js';
import { hasEleventyTemplateSyntax } from './templateSyntax.js';

/** Tag that puts a post in Eleventy's `collections.posts` (the eleventy-base-blog convention). */
export const ELEVENTY_POSTS_TAG = 'posts';

/**
 * Eleventy keys: `title`, `date`, `tags` (which are also Eleventy's collections), plus `author`
 * and `categories` as plain data. Drafts: `draft: true` (eleventy-base-blog's convention) and
 * `permalink: false`, so Eleventy writes no page for them whatever the site's config.
 */
const fields: readonly Field[] = [
  field('title', get.title),
  field('date', get.date),
  field('author', get.author),
  field('tags', (post) => {
    const tags = post.kind === 'post' ? [ELEVENTY_POSTS_TAG, ...post.tags] : [...post.tags];
    return [...new Set(tags)];
  }),
  field('categories', get.categories),
  field('draft', get.draft),
  field('permalink', (post) => (post.draft ? false : undefined)),
  field('aliases', get.aliases),
  field('image', get.image),
  field('description', get.description),
  field('location', get.location),
  // Flags for the user to find: a title made from the first words, a body that is only an excerpt.
  field('title_derived', get.titleDerived),
  field('truncated', get.truncated),
];

/**
 * Eleventy: posts in `posts/<slug>.md`, tagged `posts`; pages at the input root, `<slug>.md`
 * (URL `/<slug>/`).
 */
export const eleventy: Layout = {
  name: 'eleventy',
  description: 'posts/<slug>.md (tagged "posts") and root pages with Eleventy front matter',
  slugScope: (post) => post.kind,
  reservedSlugs: {
    // index.md is the home page, 404.md the error page; Eleventy also builds a README.md.
    page: ['index', '404', 'readme', 'posts'],
  },
  pathFor: (post, slug) => safePath(slug, (s) => (post.kind === 'page' ? `${s}.md` : `posts/${s}.md`)),
  frontMatter: (post, slug, options) => buildFrontMatter(fields, post, slug, options),
  // Eleventy reads JSON data files without configuration: comments.posts[<slug>] in templates.
  commentsPath: (post, slug) => safePath(slug, (s) => `_data/comments/${post.kind === 'page' ? 'pages' : 'posts'}/${s}.json`),
  commentsFormat: 'json',
  // Eleventy runs Markdown through Liquid (or the site's markdownTemplateEngine) first.
  keepBodyLiteral: (markdown) =>
    hasEleventyTemplateSyntax(markdown) ? { markdown, frontMatter: { templateEngineOverride: 'md' } } : { markdown },
  // eleventy-base-blog copies public/ to the site root (addPassthroughCopy({ './public/': '/' })).
  assets: { dir: 'public/images', urlOf: publishedFrom('public') },
  // Eleventy's default permalink: the input path without `.md`, as a folder. Drafts have
  // `permalink: false`: no page.
  urlOf: (post, slug) => (post.draft ? undefined : safePath(slug, (s) => (post.kind === 'page' ? `/${s}/` : `/posts/${s}/`))),
  // eleventy-base-blog's tag pages: `/tags/{{ tag | slugify }}/`.
  tagUrl: (tag) => `/tags/${eleventyTerm(tag)}/`,
  // eleventy-base-blog copies `public/` to the site root (addPassthroughCopy).
  publicRoot: 'public/',
};
