import pLimit, { type LimitFunction } from 'p-limit';
import { createSlugRegistry, layouts, type Layout } from '../layouts/index.js';
import { slugify, type SlugRegistry } from '../layouts/slug.js';
import { baseSlug, type RenderedPost, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import { assertTimezone, formatPostDate } from '../model/dates.js';
import { detach } from '../model/detach.js';
import { BlogportError } from '../model/errors.js';
import type { Post, PostWarning } from '../model/post.js';
import type { InputReport, PostReport, PostStatus, Report } from '../model/report.js';
import { defaultOptions, optionTable, type ConvertOptions } from '../options.js';
import { pickReader } from '../readers/index.js';
import { openInput } from '../readers/input.js';
import type { ReaderInput } from '../readers/reader.js';
import { OldUrls } from './oldUrls.js';
import { OutputFolder } from './outputFolder.js';
import { createRenderer, type Renderer } from './renderer.js';

/** Files being written at once; enough to overlap file-system latency, few enough to stay small. */
const WRITE_CONCURRENCY = 16;
/** Posts read but not yet written: bounds memory whatever the archive's size. */
const MAX_IN_FLIGHT = 64;
/** Below this much HTML input, starting a worker costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Convert archives into Markdown files: read each input as a stream of posts, turn each post
 * into its document and output path as soon as it is read, and write it atomically. Every path
 * is decided (slug claimed, collisions renamed, existing files checked) before its file is
 * written, so a dry run is the same run without the writes. Never prints and never exits:
 * everything that happened is in the returned report.
 */
export async function convert(inputs: readonly string[], options: Partial<ConvertOptions> = {}): Promise<Report> {
  const opts: ConvertOptions = { ...defaultOptions(), ...stripUndefined(options) };
  validateOptions(opts);
  const footers = compileFooters(opts.footer);
  const layout = layouts[opts.layout];
  const folder = new OutputFolder(opts.outDir);
  await folder.prepare();
  const opened = await openInputs(inputs);

  const report: Report = {
    outDir: folder.root,
    layout: layout.name,
    dryRun: opts.dryRun,
    inputs: [],
    posts: [],
    warnings: [],
    counts: { read: 0, written: 0, planned: 0, unchanged: 0, skipped: 0, failed: 0, warnings: 0 },
    links: { rewritten: 0, posts: 0, unresolved: [] },
  };
  const planner = new Planner(layout, opts);
  // Old addresses → new ones: internal links rewritten at the end, redirect maps (--redirects).
  const oldUrls = new OldUrls(layout, folder, opts);
  const inline = await createRenderer(false);
  let parallel: Renderer | undefined;
  const limit = pLimit(WRITE_CONCURRENCY);
  const pending = new Set<Promise<void>>();

  try {
    for (const [fileIndex, { file, input: openedInput, error }] of opened.entries()) {
      const inputReport: InputReport = { file, posts: 0, skipped: {} };
      report.inputs.push(inputReport);
      try {
        if (!openedInput) throw error;
        const input = trackProgress(openedInput, (bytesRead, bytesTotal) =>
          opts.onProgress?.({ file, fileIndex, fileCount: inputs.length, bytesRead, bytesTotal, postsRead: inputReport.posts }),
        );
        const reader = pickReader(input, opts.from);
        inputReport.format = reader.name;
        // Large HTML inputs render on the other cores; text renders here (cheaper than the trip).
        const big = input.kind === 'directory' || input.size >= PARALLEL_MIN_BYTES;
        if (reader.bodyFormat === 'html' && big) parallel ??= await createRenderer(true);
        const renderer = reader.bodyFormat === 'html' && big ? parallel! : inline;
        const posts = reader.read(input, {
          dateOrder: opts.dateOrder,
          encoding: opts.encoding,
          footers,
          onWarning: (warning) => report.warnings.push(detachWarning(warning)),
          onSkip: (what) => {
            inputReport.skipped[what] = (inputReport.skipped[what] ?? 0) + 1;
          },
        });
        for await (const post of posts) {
          inputReport.posts++;
          report.counts.read++;
          const planned = planner.plan(post);
          report.posts.push(planned.report);
          if (!planned.render) continue;
          oldUrls.planned(post, planned.render.slug!, planned.prefix ?? '', planned.report);
          const task = renderAndSettle(renderer, limit, folder, oldUrls, post, planned, opts);
          pending.add(task);
          void task.finally(() => pending.delete(task));
          // Backpressure: the reader never runs far ahead of conversion and the disk.
          if (pending.size >= MAX_IN_FLIGHT) await Promise.race(pending);
        }
      } catch (failure) {
        inputReport.error =
          failure instanceof BlogportError ? failure.toLine() : `${file}: internal error: ${(failure as Error).stack ?? String(failure)}`;
      }
    }
    await Promise.all(pending);
  } finally {
    await parallel?.close();
  }
  await oldUrls.finish(report);

  for (const post of report.posts) {
    report.counts[post.status]++;
    report.counts.warnings += post.warnings.length;
  }
  report.counts.warnings += report.warnings.length;
  return report;
}

/**
 * Open every input before anything is written: a missing file among several is reported with
 * the others still converted, and a mistyped path costs nothing.
 */
async function openInputs(files: readonly string[]) {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, input: await openInput(file) };
      } catch (error) {
        return { file, error };
      }
    }),
  );
}

interface PlannedPost {
  report: PostReport;
  /** How to render it; absent when planning already failed. */
  render?: ToMarkdownOptions;
  /** Where its comments data file goes, when it has one. */
  commentsPath?: string;
  /** The output folder of its blog in a multi-blog export (`my-blog/`), else `''`. */
  prefix?: string;
}

/**
 * Decides each post's slug and paths in input order, keeping every path unique within the
 * output (case-insensitively: macOS and Windows folders are). Cheap and synchronous: the
 * expensive rendering happens afterwards, possibly on another core.
 */
class Planner {
  private readonly slugs: SlugRegistry;
  private readonly paths = new Set<string>();

  constructor(
    private readonly layout: Layout,
    private readonly options: ConvertOptions,
  ) {
    this.slugs = createSlugRegistry(layout);
  }

  plan(post: Post): PlannedPost {
    // The report lives until the end of the run: copy what it keeps off the reader's buffers
    // (see detach), or every post's source text would stay in memory with it.
    const report: PostReport = {
      id: detach(post.id),
      kind: post.kind,
      title: detach(post.title),
      draft: post.draft,
      status: 'failed',
      warnings: post.warnings.map(detachWarning),
    };
    try {
      if (post.date) report.date = detach(formatPostDate(post.date, { timezone: this.options.timezone }));
      const wanted = baseSlug(post);
      const layoutOptions = { bundle: this.options.bundle, timezone: this.options.timezone };
      // A blog of a multi-blog export gets its own tree; slugs are unique within it.
      const prefix = post.blog?.folder ? `${safeFolder(post.blog.folder)}/` : '';
      const scope = `${prefix}${this.layout.slugScope(post)}`;
      let slug = this.slugs.claim(wanted, scope);
      let path = prefix + this.layout.pathFor(post, slug, layoutOptions);
      // Slugs are unique per scope; a layout whose paths still meet (e.g. a page and a post at
      // one root) gets the next free slug.
      while (this.paths.has(path.toLowerCase())) {
        slug = this.slugs.claim(wanted, scope);
        path = prefix + this.layout.pathFor(post, slug, layoutOptions);
      }
      this.paths.add(path.toLowerCase());
      if (slug !== wanted) {
        report.warnings.push(warning(post, 'PATH_COLLISION', `another post already has the slug "${wanted}"; this one is written as "${slug}"`));
      }
      report.output = detach(path);
      const planned: PlannedPost = {
        report,
        prefix,
        render: { layout: this.layout.name, bundle: this.options.bundle, timezone: this.options.timezone, slug, comments: this.options.comments },
      };
      if (this.options.comments === 'data' && post.comments.length > 0) {
        planned.commentsPath = prefix + this.layout.commentsPath(post, slug, layoutOptions);
        this.paths.add(planned.commentsPath.toLowerCase());
        report.comments = planned.commentsPath;
      }
      return planned;
    } catch (error) {
      report.warnings.push(warning(post, 'CONVERT_FAILED', `could not be converted: ${(error as Error).message}`));
      return { report };
    }
  }
}

/** Render a planned post (here or on a worker), then settle each of its files. */
async function renderAndSettle(
  renderer: Renderer,
  limit: LimitFunction,
  folder: OutputFolder,
  oldUrls: OldUrls,
  post: Post,
  planned: PlannedPost,
  options: ConvertOptions,
): Promise<void> {
  const report = planned.report;
  let rendered: RenderedPost;
  try {
    rendered = await renderer.render(post, planned.render!);
  } catch (error) {
    report.warnings.push(warning(post, 'CONVERT_FAILED', `could not be converted: ${(error as Error).message}`));
    return;
  }
  report.warnings.push(...rendered.warnings.map(detachWarning));
  await limit(async () => {
    // A document linking to its own blog is finished at the end, when every post's new URL is known.
    const links = oldUrls.find(post, rendered.document);
    report.status = links
      ? await oldUrls.settle(post, report, report.output!, rendered.document, links)
      : await settle(folder, report, report.output!, rendered.document, options);
    if (planned.commentsPath && rendered.comments !== undefined && report.status !== 'failed') {
      const commentsStatus = await settle(folder, report, planned.commentsPath, rendered.comments, options);
      if (commentsStatus === 'failed') report.status = 'failed';
    }
  });
}

/** Decide what happens to one planned file (new, unchanged, skipped, overwritten) and do it. */
async function settle(folder: OutputFolder, post: PostReport, path: string, content: string, options: ConvertOptions): Promise<PostStatus> {
  const source = post.warnings[0]?.source ?? { file: path };
  try {
    const state = await folder.existing(path, content);
    if (state === 'same') return 'unchanged';
    if (state === 'different' && !options.force) {
      post.warnings.push({ code: 'EXISTS', message: `${path} already exists with other content; kept it (use --force to overwrite)`, source });
      return 'skipped';
    }
    if (options.dryRun) return 'planned';
    await folder.write(path, content);
    return 'written';
  } catch (error) {
    post.warnings.push({ code: 'WRITE_FAILED', message: `could not write ${path}: ${(error as Error).message}`, source });
    return 'failed';
  }
}

/** A blog folder name from a reader, checked like a slug: one safe path segment. */
function safeFolder(folder: string): string {
  const safe = slugify(folder);
  return safe || 'blog';
}

function detachWarning(warning: PostWarning): PostWarning {
  return { code: warning.code, message: detach(warning.message), source: { ...warning.source, file: detach(warning.source.file) } };
}

function warning(post: Post, code: string, message: string): PostWarning {
  return { code, message, source: post.source };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateOptions(options: ConvertOptions): void {
  for (const spec of optionTable) {
    const value = options[spec.key];
    if (spec.choices && value !== undefined && !spec.choices.includes(value as string)) {
      throw new BlogportError('BAD_OPTION', `--${spec.flag} ${String(value)} is not one of ${spec.choices.join(', ')}`);
    }
  }
  if (options.timezone) assertTimezone(options.timezone);
}

function compileFooters(patterns: readonly string[]): RegExp[] {
  return patterns.map((pattern) => {
    try {
      return new RegExp(pattern, 'iu');
    } catch (error) {
      throw new BlogportError('BAD_OPTION', `--footer ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`);
    }
  });
}

/** Report how far the most recent pass over an input has read (readers may make several). */
function trackProgress(input: ReaderInput, onBytes: (read: number, total: number) => void): ReaderInput {
  return {
    ...input,
    async *chunks() {
      let read = 0;
      for await (const chunk of input.chunks()) {
        read += chunk.length;
        onBytes(read, input.size);
        yield chunk;
      }
    },
  };
}
