import type { HtmlToMarkdownOptions } from '../convert/htmlToMarkdown.js';
import { bodyToMarkdown, type BodyConversion } from '../convert/index.js';
import type { BlogInfo, Comment, Post, PostWarning } from '../model/post.js';
import { renderDocument, stringifyData } from './frontMatter.js';
import { layouts, type LayoutName } from './index.js';
import { dateValue, type LayoutOptions } from './layout.js';
import { slugify } from './slug.js';

/** Where comments go: a data file per post (default), the post's front matter, or nowhere. */
export type CommentsMode = 'data' | 'front-matter' | 'none';
export const commentsModes: readonly CommentsMode[] = ['data', 'front-matter', 'none'];

export interface ToMarkdownOptions {
  /** Default `plain`. */
  layout?: LayoutName;
  /** Hugo page bundles. */
  bundle?: boolean;
  /** IANA zone for times without an offset. */
  timezone?: string;
  /** The slug to write; default: the post's own, else one made from its title. */
  slug?: string;
  /** Default `front-matter` here (one document holds everything); `convert` defaults to `data`. */
  comments?: CommentsMode;
}

/** A post rendered into the files it becomes. */
export interface RenderedPost {
  document: string;
  /** The comments data file's content (`--comments data` and the post has comments). */
  comments?: string;
  /** Problems met while converting the body and comments. */
  warnings: PostWarning[];
}

/** The slug a post asks for: its own (old permalink), else its title's, else its id's. */
export function baseSlug(post: Post): string {
  return slugify(post.slug ?? '') || slugify(post.title) || slugify(post.id.replace(/^.*[:#/]/, `post-`)) || 'post';
}

/** One post as a complete Markdown document: front matter for the layout, then the body. */
export function toMarkdown(post: Post, options: ToMarkdownOptions = {}): string {
  return renderPost(post, { comments: 'front-matter', ...options }).document;
}

/**
 * A post's bodies (its own and its comments') as Markdown: the conversion, which is most of the
 * work of rendering a post. Separate so it can run on another thread than the rest of
 * `renderPost` (front matter and YAML), which then takes it as its `converted` argument.
 */
export interface ConvertedBodies {
  body: BodyConversion;
  /** One per comment, in order; none when comments are not written (`comments: 'none'`). */
  comments: BodyConversion[];
}

/**
 * What converting a post's bodies reads of it: a render worker that only converts is sent this,
 * not the whole post (its tags, blog, comments' authors … would be copied across for nothing).
 */
export interface PostBodies {
  body: Post['body'];
  url?: string;
  blog?: Pick<BlogInfo, 'url' | 'convertLineBreaks'>;
  comments: Pick<Comment, 'body'>[];
}

/** A post's `PostBodies`, as a new object holding only those fields. */
export function postBodies(post: Post): PostBodies {
  const bodies: PostBodies = { body: post.body, comments: post.comments.map((comment) => ({ body: comment.body })) };
  if (post.url !== undefined) bodies.url = post.url;
  if (post.blog) bodies.blog = { url: post.blog.url, convertLineBreaks: post.blog.convertLineBreaks };
  return bodies;
}

export function convertBodies(post: PostBodies, options: ToMarkdownOptions = {}): ConvertedBodies {
  const context = conversionContext(post, options);
  const comments = (options.comments ?? 'data') === 'none' ? [] : post.comments.map((comment) => bodyToMarkdown(comment.body, context));
  return { body: bodyToMarkdown(post.body, context), comments };
}

/**
 * Relative links resolve against the post's old address; the blog's line-break setting says how
 * its HTML was shown; the layout's generator says which Markdown dialect to write.
 */
function conversionContext(post: PostBodies, options: ToMarkdownOptions): HtmlToMarkdownOptions {
  const layout = layouts[options.layout ?? 'plain'];
  return { baseUrl: post.url ?? post.blog?.url, convertLineBreaks: post.blog?.convertLineBreaks, dialect: layout.markdownDialect };
}

/**
 * A post as its Markdown document and, with `comments: 'data'`, its comments data file. Pure: the
 * caller decides paths (layout.pathFor / commentsPath) and writes. `converted`: the post's
 * bodies already converted by `convertBodies` with the same options (elsewhere, e.g. on a worker).
 */
export function renderPost(post: Post, options: ToMarkdownOptions = {}, converted = convertBodies(post, options)): RenderedPost {
  const layout = layouts[options.layout ?? 'plain'];
  const slug = options.slug ?? baseSlug(post);
  const layoutOptions: LayoutOptions = { bundle: options.bundle ?? false, timezone: options.timezone };
  const mode = options.comments ?? 'data';
  const warnings: PostWarning[] = [];
  const note = (list: { code: string; message: string }[]) => {
    for (const w of list) warnings.push({ ...w, source: post.source });
  };

  const body = converted.body;
  note(body.warnings);
  const frontMatter = layout.frontMatter(post, slug, layoutOptions);
  // `comments` there from the start, set or not: every rendered post has one shape, so the code
  // taking them (here and in write/convert.ts) stays monomorphic.
  const rendered: RenderedPost = { document: '', comments: undefined, warnings };
  if (post.comments.length > 0 && mode !== 'none') {
    const comments = post.comments.map((comment, i) => commentData(comment, converted.comments[i]!, layoutOptions, note));
    if (mode === 'front-matter') frontMatter.archived_comments = comments;
    else rendered.comments = layout.commentsFormat === 'json' ? `${JSON.stringify(comments, null, 2)}\n` : stringifyData(comments);
  }
  const literal = layout.keepBodyLiteral?.(body.markdown) ?? { markdown: body.markdown };
  Object.assign(frontMatter, literal.frontMatter);
  note(literal.warnings ?? []);
  rendered.document = renderDocument(frontMatter, literal.markdown);
  return rendered;
}

/**
 * A comment as data for templates: flat, in the order written, threaded by `reply_to`. The
 * commenter's e-mail address is never part of it (the model does not even carry it).
 */
function commentData(
  comment: Comment,
  body: BodyConversion,
  options: LayoutOptions,
  note: (list: { code: string; message: string }[]) => void,
): Record<string, unknown> {
  note(body.warnings);
  const data: Record<string, unknown> = { id: comment.id };
  if (comment.author) data.author = comment.author;
  if (comment.authorUrl) data.author_url = comment.authorUrl;
  // A timestamp, as in front matter: templates get a date, not text.
  if (comment.date) data.date = dateValue(comment.date, options);
  if (comment.replyTo) data.reply_to = comment.replyTo;
  data.body = body.markdown;
  return data;
}
