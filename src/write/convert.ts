import pLimit, { type LimitFunction } from 'p-limit';
import { createSlugRegistry, layouts, type Layout } from '../layouts/index.js';
import { slugify, type SlugRegistry } from '../layouts/slug.js';
import { baseSlug, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import { assertTimezone, formatPostDate } from '../model/dates.js';
import { detach } from '../model/detach.js';
import { BlogportError } from '../model/errors.js';
import type { Post, PostWarning } from '../model/post.js';
import type { InputReport, PostReport, PostStatus, Report } from '../model/report.js';
import { defaultOptions, optionTable, type ConvertOptions, type OptionSpec } from '../options.js';
import { findReader, pickReader } from '../readers/index.js';
import { resolveEncoding } from '../readers/common/decode.js';
import { openInput } from '../readers/input.js';
import type { ReaderInput } from '../readers/reader.js';
import { checkAssetOptions, openAssetStep, type AssetStep } from './assets/index.js';
import { OldUrls } from './oldUrls.js';
import type { PageState } from './siteMap.js';
import { OutputFolder } from './outputFolder.js';
import { fileByteStore } from './scratch.js';
import { createPageWorkers, createRenderer, type PageWorkers, type Rendered, type Renderer } from './renderer.js';

/** Files being written at once; enough to overlap file-system latency, few enough to stay small. */
const WRITE_CONCURRENCY = 16;
/** Posts read but not yet written: bounds memory whatever the archive's size. */
const MAX_IN_FLIGHT = 64;
/** Below this much HTML input, starting a worker costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/**
 * A file below this size gets its render workers at once, not with its first post: a reader that
 * surveys the file first (Blogger's pass 1 for comments) keeps this thread busy while the
 * workers start and load their modules, which would otherwise happen after it, with a core idle.
 * On the 10,000-post export (78 MB) that was 3.65 s instead of 3.92 s (medians of 5, interleaved).
 * A larger file's first pass takes seconds, so the start is nothing next to it, and the idle
 * workers' heaps would sit on the memory budget for that long (100,000 posts: 278 MB instead of
 * 269 MB peak RSS).
 */
const EAGER_WORKERS_BELOW = 256 * 1024 * 1024;

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
  const opened = await openInputs(inputs, opts.from);
  const assets = opts.assets === 'download' ? await openAssetStep(folder, layout, opts) : undefined;

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
  let pageWorkers: PageWorkers | undefined;
  const limit = pLimit(WRITE_CONCURRENCY);
  const pending = new Set<Promise<void>>();
  const keepPosts = opts.reportPosts !== false;
  const finishing: [PostReport, number][] = [];
  // A post's entry is final once its files are settled: counted, and handed to onPost.
  const settled = (post: PostReport, index: number): void => {
    report.counts[post.status]++;
    report.counts.warnings += post.warnings.length;
    opts.onPost?.(post, index);
  };

  try {
    for (const [fileIndex, { file, input: openedInput, error }] of opened.entries()) {
      const inputReport: InputReport = { file, posts: 0, read: { posts: 0, pages: 0, drafts: 0, comments: 0 }, skipped: {} };
      report.inputs.push(inputReport);
      try {
        if (!openedInput) throw error;
        const input = trackProgress(openedInput, (bytesRead, bytesTotal) =>
          opts.onProgress?.({ file, fileIndex, fileCount: opened.length, bytesRead, bytesTotal, postsRead: inputReport.posts }),
        );
        const reader = input.members ? findReader('html') : pickReader(input, opts.from);
        inputReport.format = reader.name;
        // Large inputs render on the other cores: HTML bodies, and text too (a 100 MB dump: 10.5 s
        // rendered here, 6.8 s on a worker; tmpfs, medians of 3).
        const big = input.kind === 'directory' || input.size >= PARALLEL_MIN_BYTES;
        if (big) parallel ??= await createRenderer(true, input.kind === 'file' && input.size < EAGER_WORKERS_BELOW);
        const renderer = big ? parallel! : inline;
        // Several saved pages are parsed on workers of their own, so this thread only plans and writes.
        const pages = reader.name === 'html' && input.kind === 'directory';
        if (pages) pageWorkers ??= await createPageWorkers();
        const posts = reader.read(input, {
          dateOrder: opts.dateOrder,
          encoding: opts.encoding,
          baseUrl: opts.baseUrl,
          footers,
          scratch: () => fileByteStore(),
          pageWork: pages ? pageWorkers?.pageWork : undefined,
          onWarning: (warning) => report.warnings.push(detachWarning(warning)),
          onSkip: (what) => {
            inputReport.skipped[what] = (inputReport.skipped[what] ?? 0) + 1;
          },
          onAlbums: assets && ((albums) => assets.addAlbums(albums)),
        });
        for await (const post of posts) {
          inputReport.posts++;
          inputReport.read[post.kind === 'page' ? 'pages' : 'posts']++;
          if (post.draft) inputReport.read.drafts++;
          inputReport.read.comments += post.comments.length;
          report.counts.read++;
          if (post.evidence) {
            inputReport.evidence ??= {};
            inputReport.evidence[post.evidence] = (inputReport.evidence[post.evidence] ?? 0) + 1;
          }
          const planned = planner.plan(post);
          const index = report.counts.read - 1;
          if (keepPosts) report.posts.push(planned.report);
          if (!planned.render) {
            settled(planned.report, index);
            continue;
          }
          const page = oldUrls.planned(post, planned.render.slug!, planned.prefix ?? '');
          const task = renderAndSettle(renderer, limit, folder, oldUrls, post, planned, page, opts, assets).then((deferred) => {
            page.failed = planned.report.status === 'failed';
            // A post linking to its own blog is final only once its links are rewritten, at the end.
            if (deferred) finishing.push([planned.report, index]);
            else settled(planned.report, index);
          });
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
    // Every new address is known now: links between posts are rewritten, redirect maps written.
    await oldUrls.finish(report);
    for (const [post, index] of finishing) settled(post, index);
  } finally {
    await parallel?.close();
    await pageWorkers?.close();
    await assets?.close();
    // A new output folder was filled under a temporary name: it appears, whole, only now.
    await folder.commit();
  }
  if (assets) {
    report.assets = assets.counts;
    for (const problem of assets.problems) report.warnings.push({ code: 'ASSET_CACHE', message: problem, source: { file: folder.root } });
  }

  report.counts.warnings += report.warnings.length;
  return report;
}

/** Inputs opened a few at a time: a shell glob can name thousands of pages. */
const OPEN_CONCURRENCY = 16;

type OpenedInput = { file: string; input?: ReaderInput; error?: unknown };

/**
 * Open every input before anything is written: a missing file among several is reported with
 * the others still converted, and a mistyped path costs nothing.
 */
async function openInputs(files: readonly string[], from: string): Promise<OpenedInput[]> {
  const limit = pLimit(OPEN_CONCURRENCY);
  const opened = await Promise.all(
    files.map((file) =>
      limit(async (): Promise<OpenedInput> => {
        try {
          return { file, input: await openInput(file) };
        } catch (error) {
          return { file, error };
        }
      }),
    ),
  );
  return groupPages(opened, from);
}

/**
 * Saved pages named one by one are one input to the page reader, so a post shown on several of
 * them (its own page, an archive, the home page) is converted once, from its best page.
 */
function groupPages(opened: OpenedInput[], from: string): OpenedInput[] {
  const isPage = (entry: OpenedInput): boolean => {
    if (!entry.input || entry.input.kind !== 'file') return false;
    try {
      return pickReader(entry.input, from).name === 'html';
    } catch {
      return false;
    }
  };
  const pages = opened.filter(isPage);
  if (pages.length < 2) return opened;
  const members = pages.map((entry) => entry.input!);
  const file = `${pages[0]!.file} and ${pages.length - 1} more page${pages.length === 2 ? '' : 's'}`;
  const group: ReaderInput = {
    name: file,
    kind: 'directory',
    size: members.reduce((sum, member) => sum + member.size, 0),
    sample: new Uint8Array(0),
    members,
    chunks: () => {
      throw new BlogportError('INPUT_IS_DIRECTORY', 'is a group of pages, read one by one', { file });
    },
  };
  const first = opened.indexOf(pages[0]!);
  return opened.flatMap((entry, index) => (index === first ? [{ file, input: group }] : isPage(entry) ? [] : [entry]));
}

interface PlannedPost {
  report: PostReport;
  /** How to render it; absent when planning already failed. */
  render?: ToMarkdownOptions;
  /** Where its comments data file goes, when it has one. */
  commentsPath?: string;
  /** The blog's own output tree in a multi-blog export (`blog-name/`), else `''`. */
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
  /** Each blog's output folder in a multi-blog export (blog id and Takeout folder → `my-blog/`). */
  private readonly blogFolders = new Map<string, string>();
  /** Those folders, lower case: two blogs never share one. */
  private readonly blogFoldersTaken = new Set<string>();

  constructor(
    private readonly layout: Layout,
    private readonly options: ConvertOptions,
  ) {
    this.slugs = createSlugRegistry(layout);
  }

  plan(post: Post): PlannedPost {
    // The report lives until the end of the run: copy what it keeps off the reader's buffers
    // (see detach), or every post's source text would stay in memory with it.
    // Every field is there from the start, in the order the JSON report lists them (`undefined`
    // ones are left out of it), so all reports share one shape: code reading them stays
    // monomorphic instead of being compiled again for each combination of fields set.
    const report: PostReport = {
      id: detach(post.id),
      kind: post.kind,
      title: detach(post.title),
      draft: post.draft,
      status: 'failed',
      warnings: detachWarnings(post.warnings),
      evidence: post.evidence || undefined,
      date: undefined,
      output: undefined,
      comments: undefined,
      assets: undefined,
    };
    try {
      if (post.date) report.date = detach(formatPostDate(post.date, { timezone: this.options.timezone }));
      const wanted = baseSlug(post);
      const layoutOptions = { bundle: this.options.bundle, timezone: this.options.timezone };
      // A blog of a multi-blog export gets its own tree; slugs are unique within it.
      const prefix = post.blog?.folder ? this.blogFolder(post, report) : '';
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
      let commentsPath: string | undefined;
      if (this.options.comments === 'data' && post.comments.length > 0) {
        commentsPath = prefix + this.layout.commentsPath(post, slug, layoutOptions);
        this.paths.add(commentsPath.toLowerCase());
        report.comments = commentsPath;
      }
      return {
        report,
        render: { layout: this.layout.name, bundle: this.options.bundle, timezone: this.options.timezone, slug, comments: this.options.comments },
        commentsPath,
        prefix,
      };
    } catch (error) {
      report.warnings.push(warning(post, 'CONVERT_FAILED', `could not be converted: ${(error as Error).message}`));
      return { report, render: undefined, commentsPath: undefined, prefix: undefined };
    }
  }

  /**
   * A blog's own tree (`my-blog/`), unique in the output: blogs named alike (`Notes` and `notes`,
   * or two names in a script with no Latin letters, which both slugify to `blog`) would otherwise
   * share one tree, and the second blog's redirect map would replace the first's.
   */
  private blogFolder(post: Post, report: PostReport): string {
    const blog = post.blog!;
    const key = `${blog.id}\u0000${blog.folder}`;
    const known = this.blogFolders.get(key);
    if (known !== undefined) return known;
    const wanted = safeFolder(blog.folder!);
    let name = wanted;
    for (let n = 2; this.blogFoldersTaken.has(name.toLowerCase()); n++) name = `${wanted}-${n}`;
    if (name !== wanted) {
      report.warnings.push(warning(post, 'BLOG_FOLDER_COLLISION', `another blog of this export is written under "${wanted}/"; this blog ("${blog.folder}") goes to "${name}/"`));
    }
    this.blogFoldersTaken.add(name.toLowerCase());
    const prefix = `${name}/`;
    this.blogFolders.set(key, prefix);
    return prefix;
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
  page: PageState,
  options: ConvertOptions,
  assets: AssetStep | undefined,
): Promise<boolean> {
  const report = planned.report;
  let rendered: Rendered;
  try {
    rendered = await renderer.render(post, planned.render!, assets !== undefined);
  } catch (error) {
    report.warnings.push(warning(post, 'CONVERT_FAILED', `could not be converted: ${(error as Error).message}`));
    return false;
  }
  report.warnings.push(...rendered.warnings.map(detachWarning));
  // --assets download: images stored and linked locally before the document is written.
  let earlier: readonly string[] = [];
  if (assets) ({ document: rendered.document, earlier } = await assets.localise(rendered.document, rendered.references, report.output!, planned.prefix ?? '', post.source, report));
  let deferred = false;
  await limit(async () => {
    // A document linking to its own blog is finished at the end, when every post's new URL is known.
    const links = oldUrls.find(post, rendered.document);
    deferred = links !== undefined;
    report.status = links
      ? await oldUrls.settle(post, report, page, report.output!, rendered.document, links)
      : await settle(folder, report, report.output!, rendered.document, options, earlier);
    if (planned.commentsPath && rendered.comments !== undefined && report.status !== 'failed') {
      const commentsStatus = await settle(folder, report, planned.commentsPath, rendered.comments, options);
      if (commentsStatus === 'failed') report.status = 'failed';
    }
  });
  return deferred;
}

/**
 * Decide what happens to one planned file (new, unchanged, skipped, overwritten) and do it.
 * `earlier`: contents an earlier run of blogport wrote there (not the user's edits): replaced
 * without --force.
 */
async function settle(
  folder: OutputFolder,
  post: PostReport,
  path: string,
  content: string,
  options: ConvertOptions,
  earlier: readonly string[] = [],
): Promise<PostStatus> {
  const source = post.warnings[0]?.source ?? { file: path };
  try {
    const state = await folder.existing(path, content);
    if (state === 'same') return 'unchanged';
    if (state === 'different' && !options.force && !(await isOneOf(folder, path, earlier))) {
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

async function isOneOf(folder: OutputFolder, path: string, contents: readonly string[]): Promise<boolean> {
  for (const content of contents) if ((await folder.existing(path, content)) === 'same') return true;
  return false;
}

/** A blog folder name from a reader, checked like a slug: one safe path segment. */
function safeFolder(folder: string): string {
  const safe = slugify(folder);
  return safe || 'blog';
}

/**
 * A report's warnings, copied off the reader's buffers, in a list more are pushed to later.
 * Filled from an array literal rather than made by `map`: V8 learns at the literal that these
 * lists hold objects and makes each new one ready for them, where `map` makes an empty list an
 * integer list that changes kind at its first push (and `plan` was compiled again for each kind).
 */
function detachWarnings(warnings: readonly PostWarning[]): PostWarning[] {
  const copies: PostWarning[] = [];
  for (const warning of warnings) copies.push(detachWarning(warning));
  return copies;
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
    if (spec.type === 'number' && value !== undefined) checkNumber(spec, value);
    if (spec.choices && value !== undefined && !spec.choices.includes(value as string)) {
      throw new BlogportError('BAD_OPTION', `--${spec.flag} ${String(value)} is not one of ${spec.choices.join(', ')}`);
    }
  }
  if (options.timezone) assertTimezone(options.timezone);
  // Checked once here: otherwise each page of a folder would fail on its own.
  if (options.encoding !== undefined) resolveEncoding(options.encoding);
  if (options.baseUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(options.baseUrl)) {
    throw new BlogportError('BAD_OPTION', `--base-url ${JSON.stringify(options.baseUrl)} is not an http(s) URL`, undefined, 'e.g. --base-url https://example.blogspot.com/');
  }
  checkAssetOptions(options);
}

function checkNumber(spec: OptionSpec, value: unknown): void {
  const min = spec.min ?? Number.NEGATIVE_INFINITY;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && (!spec.integer || Number.isInteger(value))) return;
  const what = spec.integer ? 'a whole number' : 'a number';
  throw new BlogportError('BAD_OPTION', `--${spec.flag} ${String(value)} is not ${what}${Number.isFinite(min) ? ` of at least ${min}` : ''}`);
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
