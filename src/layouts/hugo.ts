import { hugoTerm } from './terms.js';
import { buildFrontMatter, field, get, publishedFrom, safePath, type Field, type Layout } from './layout.js';
import { escapeHugoShortcodes } from './templateSyntax.js';

/**
 * Hugo's predefined front-matter keys (`title`, `date`, `lastmod`, `draft`, `slug`, `aliases`,
 * the default `tags`/`categories` taxonomies). Hugo has no built-in author; `author` is the
 * param most themes read.
 */
const fields: readonly Field[] = [
  field('title', get.title),
  field('date', get.date),
  field('lastmod', get.updated),
  field('author', get.author),
  field('tags', get.tags),
  field('categories', get.categories),
  field('draft', get.draft),
  field('slug', get.slug),
  field('aliases', get.aliases),
  // `images` feeds Hugo's Open Graph and Twitter card templates.
  field('images', get.images),
  field('description', get.description),
  field('location', get.location),
  // Flags for the user to find: a title made from the first words, a body that is only an excerpt.
  field('title_derived', get.titleDerived),
  field('truncated', get.truncated),
];

/**
 * Hugo: posts in the `posts` section, `content/posts/<slug>.md`; pages at the content root,
 * `content/<slug>.md`. With `bundle`, each is a leaf bundle instead (`content/posts/<slug>/index.md`,
 * `content/<slug>/index.md`) so images can sit next to it. Drafts stay in place with `draft: true`
 * (Hugo skips them unless `--buildDrafts`).
 */
export const hugo: Layout = {
  name: 'hugo',
  description: 'content/posts/<slug>.md (or <slug>/index.md bundles) with Hugo front matter',
  slugScope: (post) => post.kind,
  reservedSlugs: {
    // content/posts/index.md would turn the whole section into one leaf bundle.
    post: ['index'],
    // content/posts.md, tags.md, categories.md would fight the section and taxonomy list pages.
    page: ['index', 'posts', 'tags', 'categories'],
  },
  pathFor: (post, slug, options) =>
    safePath(slug, (s) => {
      const folder = post.kind === 'page' ? 'content' : 'content/posts';
      return options.bundle ? `${folder}/${s}/index.md` : `${folder}/${s}.md`;
    }),
  frontMatter: (post, slug, options) => buildFrontMatter(fields, post, slug, options),
  // site.Data.comments.posts.<slug> in templates.
  commentsPath: (post, slug) => safePath(slug, (s) => `data/comments/${post.kind === 'page' ? 'pages' : 'posts'}/${s}.yaml`),
  commentsFormat: 'yaml',
  keepBodyLiteral: (markdown) => {
    const escaped = escapeHugoShortcodes(markdown);
    if (escaped.unclosed === 0) return { markdown: escaped.markdown };
    return {
      markdown: escaped.markdown,
      warnings: [
        {
          code: 'HUGO_SHORTCODE_UNCLOSED',
          message: `${escaped.unclosed} "{{<" or "{{%" without a closing ">}}"/"%}}" written as an HTML entity so Hugo does not read a shortcode; inside code it shows as the entity`,
        },
      ],
    };
  },
  // static/ is published at the site root; with --bundle images sit beside index.md instead.
  assets: { dir: 'static/images', urlOf: publishedFrom('static') },
  // The section's default permalink with the `slug` front matter: `/posts/<slug>/`, pages
  // `/<slug>/` (a bundle has the same URL). Drafts are not built.
  urlOf: (post, slug) => (post.draft ? undefined : safePath(slug, (s) => (post.kind === 'page' ? `/${s}/` : `/posts/${s}/`))),
  // The default `tags` taxonomy: `/tags/<urlized term>/`.
  tagUrl: (tag) => `/tags/${hugoTerm(tag)}/`,
  publicRoot: 'static/',
};
