import { eleventyTerm } from './terms.js';
import { buildFrontMatter, field, get, safePath, type Field, type Layout } from './layout.js';

/** Every field blogport knows, under neutral names, for any generator or a later script. */
const fields: readonly Field[] = [
  field('title', get.title),
  field('date', get.date),
  field('updated', get.updated),
  field('author', get.author),
  field('tags', get.tags),
  field('categories', get.categories),
  field('draft', get.draft),
  field('slug', get.slug),
  field('aliases', get.aliases),
  field('image', get.image),
  field('description', get.description),
  field('location', get.location),
  field('title_derived', get.titleDerived),
  field('truncated', get.truncated),
];

/**
 * Plain folder tree (the default): `posts/<slug>.md`, `pages/<slug>.md`; drafts stay next to
 * the published posts, marked `draft: true`.
 */
export const plain: Layout = {
  name: 'plain',
  description: 'posts/<slug>.md and pages/<slug>.md with neutral front matter (the default)',
  slugScope: (post) => post.kind,
  pathFor: (post, slug) => safePath(slug, (s) => `${post.kind === 'page' ? 'pages' : 'posts'}/${s}.md`),
  frontMatter: (post, slug, options) => buildFrontMatter(fields, post, slug, options),
  commentsPath: (post, slug) => safePath(slug, (s) => `comments/${post.kind === 'page' ? 'pages' : 'posts'}/${s}.yaml`),
  commentsFormat: 'yaml',
  // No generator: posts link their images relatively, which every Markdown viewer follows.
  assets: { dir: 'images', urlOf: () => undefined },
  // No generator: the URL most of them give `posts/<slug>.md` (the folder path, `.md` dropped).
  urlOf: (post, slug) => (post.draft ? undefined : safePath(slug, (s) => `/${post.kind === 'page' ? 'pages' : 'posts'}/${s}/`)),
  tagUrl: (tag) => `/tags/${eleventyTerm(tag)}/`,
  publicRoot: '',
};
