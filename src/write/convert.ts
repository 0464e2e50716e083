import pLimit from 'p-limit';
import { createSlugRegistry, layouts, type Layout } from '../layouts/index.js';
import type { SlugRegistry } from '../layouts/slug.js';
import { baseSlug, toMarkdown } from '../layouts/toMarkdown.js';
import { assertTimezone, formatPostDate } from '../model/dates.js';
import { BlogportError } from '../model/errors.js';
import type { Post, PostWarning } from '../model/post.js';
import type { InputReport, PostReport, PostStatus, Report } from '../model/report.js';
import { defaultOptions, optionTable, type ConvertOptions } from '../options.js';
import { detectReader, findReader } from '../readers/index.js';
import { openInput } from '../readers/input.js';
import type { ReaderInput } from '../readers/reader.js';
import { OutputFolder } from './outputFolder.js';

/** Files being written at once; enough to overlap file-system latency, few enough to stay small. */
const WRITE_CONCURRENCY = 16;

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

  const report: Report = {
    outDir: folder.root,
    layout: layout.name,
    dryRun: opts.dryRun,
    inputs: [],
    posts: [],
    warnings: [],
    counts: { read: 0, written: 0, planned: 0, unchanged: 0, skipped: 0, failed: 0, warnings: 0 },
  };
  const planner = new Planner(layout, opts);
  const limit = pLimit(WRITE_CONCURRENCY);
  const pending = new Set<Promise<void>>();

  for (const [fileIndex, file] of inputs.entries()) {
    const inputReport: InputReport = { file, posts: 0 };
    report.inputs.push(inputReport);
    try {
      const input = trackProgress(await openInput(file), (bytesRead, bytesTotal) =>
        opts.onProgress?.({ file, fileIndex, fileCount: inputs.length, bytesRead, bytesTotal, postsRead: inputReport.posts }),
      );
      const reader = opts.from === 'auto' ? detectReader(input) : findReader(opts.from);
      inputReport.format = reader.name;
      const posts = reader.read(input, {
        dateOrder: opts.dateOrder,
        encoding: opts.encoding,
        footers,
        onWarning: (warning) => report.warnings.push(warning),
      });
      for await (const post of posts) {
        inputReport.posts++;
        report.counts.read++;
        const entry = planner.plan(post);
        report.posts.push(entry.report);
        if (!entry.content) continue;
        const task = limit(() => settle(folder, entry.report, entry.content!, opts));
        pending.add(task);
        void task.finally(() => pending.delete(task));
        // Backpressure: never let the reader run far ahead of the disk.
        if (pending.size >= WRITE_CONCURRENCY * 4) await Promise.race(pending);
      }
    } catch (error) {
      inputReport.error = error instanceof BlogportError ? error.toLine() : `${file}: internal error: ${(error as Error).stack ?? String(error)}`;
    }
  }
  await Promise.all(pending);

  for (const post of report.posts) {
    report.counts[post.status]++;
    report.counts.warnings += post.warnings.length;
  }
  report.counts.warnings += report.warnings.length;
  return report;
}

interface PlannedPost {
  report: PostReport;
  /** The document to write; absent when the post failed to convert. */
  content?: string;
}

/** Decides each post's slug, path and document, keeping every path unique within the output. */
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
    const report: PostReport = {
      id: post.id,
      kind: post.kind,
      title: post.title,
      draft: post.draft,
      status: 'failed',
      warnings: post.warnings,
    };
    try {
      if (post.date) report.date = formatPostDate(post.date, { timezone: this.options.timezone });
      const wanted = baseSlug(post);
      const layoutOptions = { bundle: this.options.bundle, timezone: this.options.timezone };
      let slug = this.slugs.claim(wanted, this.layout.slugScope(post));
      let path = this.layout.pathFor(post, slug, layoutOptions);
      // Slugs are unique per scope; a layout whose paths still meet (e.g. a page and a post at
      // one root) gets the next free slug. Case-insensitive: macOS and Windows folders are.
      while (this.paths.has(path.toLowerCase())) {
        slug = this.slugs.claim(wanted, this.layout.slugScope(post));
        path = this.layout.pathFor(post, slug, layoutOptions);
      }
      this.paths.add(path.toLowerCase());
      if (slug !== wanted) {
        report.warnings.push(warning(post, 'PATH_COLLISION', `another post already has the slug "${wanted}"; this one is written as "${slug}"`));
      }
      report.output = path;
      const content = toMarkdown(post, { layout: this.layout.name, bundle: this.options.bundle, timezone: this.options.timezone, slug });
      return { report, content };
    } catch (error) {
      report.warnings.push(warning(post, 'CONVERT_FAILED', `could not be converted: ${(error as Error).message}`));
      return { report };
    }
  }
}

/** Decide what happens to one planned file (new, unchanged, skipped, overwritten) and do it. */
async function settle(folder: OutputFolder, post: PostReport, content: string, options: ConvertOptions): Promise<void> {
  const path = post.output!;
  const source = post.warnings[0]?.source ?? { file: path };
  try {
    const state = await folder.existing(path, content);
    let status: PostStatus;
    if (state === 'same') status = 'unchanged';
    else if (state === 'different' && !options.force) {
      status = 'skipped';
      post.warnings.push({ code: 'EXISTS', message: `${path} already exists with other content; kept it (use --force to overwrite)`, source });
    } else status = options.dryRun ? 'planned' : 'written';
    if (status === 'written') await folder.write(path, content);
    post.status = status;
  } catch (error) {
    post.status = 'failed';
    post.warnings.push({ code: 'WRITE_FAILED', message: `could not write ${path}: ${(error as Error).message}`, source });
  }
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
