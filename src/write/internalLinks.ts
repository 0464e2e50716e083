/**
 * Links between posts of the same blog, rewritten to the new pages.
 *
 * Posts stream: each is written as soon as it is rendered, and a link usually points at a post
 * that has not been read yet (exports list the newest first), so where it goes is known only at
 * the end. Holding back every document that has such a link would hold the archive's bodies;
 * instead:
 *
 * 1. When a rendered document has links to its own blog (found by markdownLinks.ts, so nothing
 *    in code is touched), its file is settled now as if the links were final — compared when
 *    present, and when it is to be written, kept in memory while the documents kept stay under
 *    HOLD_BUDGET, else written now — and only the file's path and length and where those links
 *    are (offsets and their text) are kept.
 * 2. Once every post is planned, each such document is finished: a kept one is written once with
 *    its links pointing at the new pages; a file on disk is read back, checked to be as left, and
 *    only those destinations are replaced, atomically (no second parse). Links to posts not in
 *    the archive stay and are reported.
 *
 * A file that is already there is compared with the document *but for those destinations*: if
 * only they differ (a previous run rewrote them, or wrote them before they could be resolved),
 * the file is this run's output with other link targets, and the end decides whether it is
 * unchanged, to be updated (its links are stale: only with --force if they are neither the old
 * nor the new ones, as someone edited them) or different — exactly as for any other file, in a
 * dry run too. Memory: a few numbers and a short string per link, and documents up to a fixed
 * budget (most blogs' linking posts fit, so each is written once), never the archive's bodies.
 */
import pLimit from 'p-limit';
import { detach } from '../model/detach.js';
import type { Post, PostWarning, SourceRef } from '../model/post.js';
import type { LinksReport, PostReport, PostStatus } from '../model/report.js';
import { decodeString } from 'micromark-util-decode-string';
import { destinationsNear, destinationText, matchAround, replaceSpans, type Span } from './markdownLinks.js';
import type { OutputFolder } from './outputFolder.js';
import type { PageState, SiteMap } from './siteMap.js';

/**
 * Spans packed to be kept until the end: offsets in one array, texts in one string (a
 * destination holds no line break). What stays in memory per link is its two offsets and its
 * text; the URL and what it points at are worked out again at the end.
 */
interface PackedSpans {
  offsets: number[];
  texts: string;
}

function pack(spans: readonly Span[]): PackedSpans {
  return { offsets: spans.flatMap((span) => [span.start, span.end]), texts: detach(spans.map((span) => span.raw).join('\n')) };
}

function unpack(packed: PackedSpans): Span[] {
  return packed.texts.split('\n').map((raw, i) => ({ start: packed.offsets[2 * i]!, end: packed.offsets[2 * i + 1]!, raw }));
}

/** The URL a destination as written stands for (`<…>` removed, escapes and references decoded). */
function urlOf(raw: string): string {
  return decodeString(raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw);
}

/** The links of a rendered document that point at its own blog: where their destinations are. */
export interface FoundLinks {
  blog: string;
  /** The document's length, to check a file read back is still the document. */
  length: number;
  links: Span[];
}

/**
 * How a file with internal links was left after step 1:
 * - `new`: dry run, nothing there (or --force over something else): it would be written;
 * - `held`: the document is to be written and is kept here until the end (`document`);
 * - `ours`: the file holds exactly the document (`wrote`: written by this run);
 * - `relinked`: the file holds the document with other text at the links' places (`spans`).
 */
type Mode =
  | { kind: 'new' }
  | { kind: 'held'; document: string | undefined }
  | { kind: 'ours'; wrote: boolean }
  | { kind: 'relinked'; spans: PackedSpans; length: number };

interface Deferred {
  path: string;
  /** The document's length. */
  length: number;
  report: PostReport;
  /** The site map's note of whether it failed, updated when it is finished. */
  page: PageState | undefined;
  blog: string;
  links: PackedSpans;
  mode: Mode;
}

const FINISH_CONCURRENCY = 16;
/**
 * Memory for documents kept until the end instead of written twice: 8 MB, counting two bytes a
 * character (V8 keeps text with any character beyond Latin-1 that way). Beyond it, documents
 * are written at once and rewritten at the end.
 */
export const HOLD_BUDGET = 8 * 1024 * 1024;

export class InternalLinks {
  private readonly deferred: Deferred[] = [];
  private held = 0;

  constructor(
    private readonly site: SiteMap,
    private readonly folder: OutputFolder,
    private readonly options: { dryRun: boolean; force: boolean },
    private readonly holdBudget = HOLD_BUDGET,
  ) {}

  /** The links of a rendered document that point at its own blog, or `undefined` if it has none. */
  find(post: Post, document: string): FoundLinks | undefined {
    const mention = this.site.mention(post);
    if (!mention) return undefined;
    const links: Span[] = [];
    for (const { start, end, url, image } of destinationsNear(document, mention)) {
      if (!image && this.site.classify(post, url)) links.push({ start, end, raw: document.slice(start, end) });
    }
    return links.length > 0 ? { blog: this.site.keyOf(post), length: document.length, links } : undefined;
  }

  /** Step 1 for a document with internal links: settle its file for now; the end finishes it. */
  async settle(post: Post, report: PostReport, path: string, document: string, found: FoundLinks, page?: PageState): Promise<PostStatus> {
    const source = post.source;
    const defer = (mode: Mode) => this.deferred.push({ path, report, page, blog: found.blog, length: found.length, links: pack(found.links), mode });
    try {
      const state = await this.folder.existing(path, document);
      if (state === 'same') {
        defer({ kind: 'ours', wrote: false });
        return 'unchanged';
      }
      if (state === 'different') {
        const existing = await this.readText(path);
        const spans = existing === undefined ? undefined : matchAround(document, found.links, existing);
        if (existing !== undefined && spans) {
          defer({ kind: 'relinked', spans: pack(spans), length: existing.length });
          return 'unchanged';
        }
        if (!this.options.force) {
          report.warnings.push(exists(path, source));
          return 'skipped';
        }
      }
      if (this.options.dryRun) {
        defer({ kind: 'new' });
        return 'planned';
      }
      if (this.held + 2 * document.length <= this.holdBudget) {
        this.held += 2 * document.length;
        // A copy: the rendered text may share memory with the post it came from (see detach).
        defer({ kind: 'held', document: detach(document) });
        return 'written';
      }
      await this.folder.write(path, document);
      defer({ kind: 'ours', wrote: true });
      return 'written';
    } catch (error) {
      report.warnings.push({ code: 'WRITE_FAILED', message: `could not write ${path}: ${(error as Error).message}`, source });
      return 'failed';
    }
  }

  /** Step 2, once every post is planned and settled: point each link at its new page. */
  async finish(): Promise<LinksReport> {
    const result: LinksReport = { rewritten: 0, posts: 0, unresolved: [] };
    const limit = pLimit(FINISH_CONCURRENCY);
    await Promise.all(this.deferred.map((item) => limit(() => this.complete(item, result))));
    result.unresolved.sort((a, b) => (a.output === b.output ? compare(a.url, b.url) : compare(a.output, b.output)));
    return result;
  }

  private async complete(item: Deferred, result: LinksReport): Promise<void> {
    const { report } = item;
    const links = unpack(item.links);
    const urls = links.map((link) => urlOf(link.raw));
    const wanted = urls.map((url) => {
      const target = this.site.classify(item.blog, url);
      return target && this.site.resolve(item.blog, target);
    });
    // Already failed here: its comments file could not be written (the document is still finished).
    const failedBefore = report.status === 'failed';
    let status: PostStatus;
    try {
      status = await this.finalStatus(item, links, wanted);
    } catch (error) {
      report.warnings.push({ code: 'WRITE_FAILED', message: `could not rewrite the links in ${item.path}: ${(error as Error).message}`, source: sourceOf(item) });
      status = 'failed';
    }
    report.status = failedBefore ? 'failed' : status;
    if (item.page) item.page.failed = report.status === 'failed';
    if (status === 'failed' || status === 'skipped') return;
    const rewritten = wanted.filter((url) => url !== undefined).length;
    result.rewritten += rewritten;
    if (rewritten > 0) result.posts++;
    urls.forEach((url, i) => {
      if (wanted[i] === undefined) result.unresolved.push({ output: item.path, url });
    });
  }

  private async finalStatus(item: Deferred, links: readonly Span[], wanted: readonly (string | undefined)[]): Promise<PostStatus> {
    const { mode, report } = item;
    if (mode.kind === 'new') return 'planned';
    if (mode.kind === 'held') {
      const document = mode.document!;
      mode.document = undefined;
      await this.folder.write(item.path, replaceSpans(document, links, wanted));
      return 'written';
    }
    if (mode.kind === 'ours') {
      if (wanted.every((url) => url === undefined)) return mode.wrote ? 'written' : 'unchanged';
      if (this.options.dryRun) return 'planned';
      await this.rewrite(item.path, item.length, links, wanted);
      return 'written';
    }
    // relinked: the file is this document with other text at the links' places; compare as written.
    const existing = unpack(mode.spans);
    const final = links.map((link, i) => (wanted[i] === undefined ? link.raw : destinationText(wanted[i])));
    if (final.every((raw, i) => raw === existing[i]!.raw)) return 'unchanged';
    if (!this.options.force) {
      report.warnings.push(exists(item.path, sourceOf(item)));
      return 'skipped';
    }
    if (this.options.dryRun) return 'planned';
    await this.rewrite(item.path, mode.length, existing, links.map((link, i) => wanted[i] ?? urlOf(link.raw)));
    return 'written';
  }

  /**
   * Read the file back and put `urls` at `spans` (undefined: leave that one), checking first that
   * the file is still as step 1 left it (same length, same text at each span).
   */
  private async rewrite(path: string, length: number, spans: readonly Span[], urls: readonly (string | undefined)[]): Promise<void> {
    const text = await this.folder.readText(path);
    if (text === undefined) throw new Error('the file is gone');
    if (text.length !== length || spans.some((span) => text.slice(span.start, span.end) !== span.raw)) {
      throw new Error('the file changed while blogport was running');
    }
    await this.folder.write(path, replaceSpans(text, spans, urls));
  }

  private async readText(path: string): Promise<string | undefined> {
    try {
      return await this.folder.readText(path);
    } catch {
      return undefined; // a folder, unreadable: simply "different"
    }
  }
}

/** Where a post's late warnings point: where its other warnings do, else its file (as `convert` does). */
function sourceOf(item: Deferred): SourceRef {
  return item.report.warnings[0]?.source ?? { file: item.path };
}

function exists(path: string, source: SourceRef): PostWarning {
  return { code: 'EXISTS', message: `${path} already exists with other content; kept it (use --force to overwrite)`, source };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
