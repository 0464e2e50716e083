import { bodyToMarkdown } from '../convert/index.js';
import type { Post } from '../model/post.js';
import { renderDocument } from './frontMatter.js';
import { layouts, type LayoutName } from './index.js';
import { slugify } from './slug.js';

export interface ToMarkdownOptions {
  /** Default `plain`. */
  layout?: LayoutName;
  /** Hugo page bundles. */
  bundle?: boolean;
  /** IANA zone for times without an offset. */
  timezone?: string;
  /** The slug to write; default: the post's own, else one made from its title. */
  slug?: string;
}

/** The slug a post asks for: its own (old permalink), else its title's, else its id's. */
export function baseSlug(post: Post): string {
  return slugify(post.slug ?? '') || slugify(post.title) || slugify(post.id.replace(/^.*[:#/]/, `post-`)) || 'post';
}

/** One post as a complete Markdown document: front matter for the layout, then the body. */
export function toMarkdown(post: Post, options: ToMarkdownOptions = {}): string {
  const layout = layouts[options.layout ?? 'plain'];
  const slug = options.slug ?? baseSlug(post);
  const layoutOptions = { bundle: options.bundle ?? false, timezone: options.timezone };
  return renderDocument(layout.frontMatter(post, slug, layoutOptions), bodyToMarkdown(post.body));
}
