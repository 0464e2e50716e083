/**
 * Links between posts of the same blog, rewritten to the new pages.
 *
 * Posts stream: each is written as soon as it is rendered, and a link usually points at a post
 * that has not been read yet (exports list the newest first), so where it goes is known only at
 * the end. Holding back every document that has such a link would hold the archive's bodies;
 * instead:
 *
 * 1. When a rendered document has links to its own blog (found with micromark, so nothing in
 *    code is touched), its file is settled now as if the links were final — written when absent
 *    (or with --force), compared when present — and only the file's path, the indexes of those
 *    links among its destinations and their URLs are kept.
 * 2. Once every post is planned, each such file is read back and only those destinations are
 *    replaced, atomically, with the new URLs; links to posts not in the archive stay and are
 *    reported.
 *
 * A file that is already there is compared with the document *but for those destinations*: if
 * only they differ (a previous run rewrote them, or wrote them before they could be resolved),
 * the file is this run's output with other link targets, and the end decides whether it is
 * unchanged, to be updated (its links are stale: only with --force if they are neither the old
 * nor the new ones, as someone edited them) or different — exactly as for any other file, in a
 * dry run too. Memory: a few strings per link, never a body.
 */
import pLimit from 'p-limit';
import { detach } from '../model/detach.js';
import type { Post, PostWarning, SourceRef } from '../model/post.js';
import type { LinksReport, PostReport, PostStatus } from '../model/report.js';
import { linkDestinations, replaceDestinations, sameButDestinations, type Destination } from './markdownLinks.js';
import type { OutputFolder } from './outputFolder.js';
import type { OldTarget, SiteMap } from './siteMap.js';

/** A link to the blog itself, found in a rendered document. */
interface FoundLink {
  /** Its index among the document's destinations (see linkDestinations). */
  index: number;
  /** The URL as the document has it. */
  url: string;
  target: OldTarget;
}

export interface FoundLinks {
  blog: string;
  destinations: Destination[];
  links: FoundLink[];
}

/**
 * How a file with internal links was left after step 1:
 * - `new`: dry run, nothing there (or --force over something else): it would be written;
 * - `ours`: the file holds exactly the document (`wrote`: written by this run);
 * - `relinked`: the file holds the document with `existingUrls` at the links' places.
 */
type Mode = { kind: 'new' } | { kind: 'ours'; wrote: boolean } | { kind: 'relinked'; existingUrls: string[] };

interface Deferred {
  path: string;
  report: PostReport;
  source: SourceRef;
  blog: string;
  links: FoundLink[];
  mode: Mode;
}

const FINISH_CONCURRENCY = 16;

export class InternalLinks {
  private readonly deferred: Deferred[] = [];

  constructor(
    private readonly site: SiteMap,
    private readonly folder: OutputFolder,
    private readonly options: { dryRun: boolean; force: boolean },
  ) {}

  /** The links of a rendered document that point at its own blog, or `undefined` if it has none. */
  find(post: Post, document: string): FoundLinks | undefined {
    if (!this.site.mayLink(post, document)) return undefined;
    const destinations = linkDestinations(document);
    const links: FoundLink[] = [];
    destinations.forEach((destination, index) => {
      if (destination.image) return;
      const target = this.site.classify(post, destination.url);
      if (target) links.push({ index, url: detach(destination.url), target });
    });
    return links.length > 0 ? { blog: this.site.keyOf(post), destinations, links } : undefined;
  }

  /** Step 1 for a document with internal links: settle its file for now; the end finishes it. */
  async settle(post: Post, report: PostReport, path: string, document: string, found: FoundLinks): Promise<PostStatus> {
    const source: SourceRef = { ...post.source, file: detach(post.source.file) };
    const defer = (mode: Mode) => this.deferred.push({ path, report, source, blog: found.blog, links: found.links, mode });
    try {
      const state = await this.folder.existing(path, document);
      if (state === 'same') {
        defer({ kind: 'ours', wrote: false });
        return 'unchanged';
      }
      if (state === 'different') {
        const existing = await this.readText(path);
        const urls = existing === undefined ? undefined : sameButDestinations(document, found.destinations, existing, found.links.map((link) => link.index));
        if (urls) {
          defer({ kind: 'relinked', existingUrls: urls.map(detach) });
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
    const { report, links } = item;
    const wanted = links.map((link) => this.site.resolve(item.blog, link.target));
    try {
      report.status = await this.finalStatus(item, wanted);
    } catch (error) {
      report.warnings.push({ code: 'WRITE_FAILED', message: `could not rewrite the links in ${item.path}: ${(error as Error).message}`, source: item.source });
      report.status = 'failed';
    }
    if (report.status === 'failed' || report.status === 'skipped') return;
    const rewritten = wanted.filter((url) => url !== undefined).length;
    result.rewritten += rewritten;
    if (rewritten > 0) result.posts++;
    links.forEach((link, i) => {
      if (wanted[i] === undefined && link.target.kind !== 'home') result.unresolved.push({ output: item.path, url: link.url });
    });
  }

  private async finalStatus(item: Deferred, wanted: (string | undefined)[]): Promise<PostStatus> {
    const { mode, links, report } = item;
    const status = report.status;
    if (mode.kind === 'new') return 'planned';
    if (mode.kind === 'ours') {
      if (wanted.every((url) => url === undefined)) return status;
      if (this.options.dryRun) return 'planned';
      const changed = await this.rewrite(item, links.map((link) => link.url), wanted);
      return changed ? 'written' : status;
    }
    // relinked: the file is this document with other URLs at the links' places.
    const final = links.map((link, i) => wanted[i] ?? link.url);
    if (final.every((url, i) => url === mode.existingUrls[i])) return 'unchanged';
    if (!this.options.force) {
      report.warnings.push(exists(item.path, item.source));
      return 'skipped';
    }
    if (this.options.dryRun) return 'planned';
    await this.rewrite(item, mode.existingUrls, final);
    return 'written';
  }

  /**
   * Read the file back and put `urls` at the links' places, checking first that it still has
   * `expected` there (nothing changed it since step 1). Returns whether the file changed.
   */
  private async rewrite(item: Deferred, expected: readonly string[], urls: readonly (string | undefined)[]): Promise<boolean> {
    const text = await this.folder.read(item.path);
    if (text === undefined) throw new Error('the file is gone');
    const destinations = linkDestinations(text);
    const replacements = new Map<number, string>();
    item.links.forEach((link, i) => {
      if (destinations[link.index]?.url !== expected[i]) throw new Error('the file changed while blogport was running');
      const url = urls[i];
      if (url !== undefined && url !== expected[i]) replacements.set(link.index, url);
    });
    if (replacements.size === 0) return false;
    await this.folder.write(item.path, replaceDestinations(text, destinations, replacements));
    return true;
  }

  private async readText(path: string): Promise<string | undefined> {
    try {
      return await this.folder.read(path);
    } catch {
      return undefined; // a folder, unreadable: simply "different"
    }
  }
}

function exists(path: string, source: SourceRef): PostWarning {
  return { code: 'EXISTS', message: `${path} already exists with other content; kept it (use --force to overwrite)`, source };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
