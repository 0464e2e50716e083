/**
 * "Old URLs keep working": the one object `convert` talks to. It records each planned post's
 * old and new address (SiteMap), takes over the settling of documents that link to their own
 * blog (InternalLinks), and at the end rewrites those links and writes the redirect maps
 * (`--redirects`), planned and settled like every other file: unchanged, skipped without
 * --force, nothing written in a dry run.
 */
import type { Layout } from '../layouts/layout.js';
import type { Post, PostWarning } from '../model/post.js';
import type { PostReport, PostStatus, RedirectsReport, Report } from '../model/report.js';
import { InternalLinks, type FoundLinks } from './internalLinks.js';
import type { OutputFolder } from './outputFolder.js';
import { redirectFormats, type RedirectFormatName } from './redirects.js';
import { decodePath, SiteMap, type PageState, type Redirect } from './siteMap.js';

export interface OldUrlsOptions {
  bundle: boolean;
  timezone?: string;
  siteUrl: readonly string[];
  redirects?: RedirectFormatName;
  dryRun: boolean;
  force: boolean;
}

export class OldUrls {
  private readonly site: SiteMap;
  private readonly links: InternalLinks;

  constructor(
    private readonly layout: Layout,
    private readonly folder: OutputFolder,
    private readonly options: OldUrlsOptions,
  ) {
    this.site = new SiteMap(layout, { bundle: options.bundle, timezone: options.timezone }, options.siteUrl);
    this.links = new InternalLinks(this.site, folder, options);
  }

  /**
   * A post was planned: `slug` and the blog's output `prefix` decide its new address. Mark the
   * returned state failed when its files cannot be written (it then has no page to link to).
   */
  planned(post: Post, slug: string, prefix: string): PageState {
    return this.site.add(post, slug, prefix);
  }

  /** Links of a rendered document to its own blog; when there are some, settle it with `settle`. */
  find(post: Post, document: string): FoundLinks | undefined {
    return this.links.find(post, document);
  }

  settle(post: Post, report: PostReport, page: PageState, path: string, document: string, found: FoundLinks): Promise<PostStatus> {
    return this.links.settle(post, report, path, document, found, page);
  }

  /** After every post is settled: rewrite the internal links, then write the redirect maps. */
  async finish(report: Report): Promise<void> {
    report.links = await this.links.finish();
    if (this.options.redirects) report.redirects = await this.writeMaps(this.options.redirects, report.warnings);
  }

  private async writeMaps(formatName: RedirectFormatName, warnings: PostWarning[]): Promise<RedirectsReport[]> {
    const format = redirectFormats[formatName];
    const written: RedirectsReport[] = [];
    const maps = this.site.redirectMaps();
    if (maps.length === 0) {
      warnings.push({ code: 'NO_OLD_URLS', message: `--redirects ${formatName}: no post has an old address, so there is no redirect map to write`, source: { file: this.folder.root } });
    }
    // Blogs written into one tree (several exports given in one run) share its server, so they
    // share one map: written once with all their addresses, not once per blog over each other.
    const byPath = new Map<string, { redirects: Redirect[]; duplicates: string[] }>();
    for (const map of maps) {
      const path = map.folder + format.fileName(this.layout.publicRoot);
      const merged = byPath.get(path);
      if (!merged) {
        byPath.set(path, { redirects: [...map.redirects], duplicates: [...map.duplicates] });
        continue;
      }
      const taken = new Map(merged.redirects.map((r) => [r.from, r.to]));
      for (const redirect of map.redirects) {
        const to = taken.get(redirect.from);
        if (to === undefined) merged.redirects.push(redirect);
        else if (to !== redirect.to) merged.duplicates.push(decodePath(redirect.from));
      }
      merged.duplicates.push(...map.duplicates);
      merged.redirects.sort((a, b) => Number(a.kind === 'label') - Number(b.kind === 'label') || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    }
    for (const [path, map] of byPath) {
      const source = { file: path };
      for (const duplicate of map.duplicates) {
        warnings.push({ code: 'DUPLICATE_OLD_PATH', message: `two posts had the old path ${duplicate}; it redirects to the first`, source });
      }
      written.push({ format: formatName, path, entries: map.redirects.length, status: await this.settleMap(path, format.render(map.redirects), warnings) });
    }
    return written;
  }

  private async settleMap(path: string, content: string, warnings: PostWarning[]): Promise<PostStatus> {
    try {
      const state = await this.folder.existing(path, content);
      if (state === 'same') return 'unchanged';
      if (state === 'different' && !this.options.force) {
        warnings.push({ code: 'EXISTS', message: `${path} already exists with other content; kept it (use --force to overwrite)`, source: { file: path } });
        return 'skipped';
      }
      if (this.options.dryRun) return 'planned';
      await this.folder.write(path, content);
      return 'written';
    } catch (error) {
      warnings.push({ code: 'WRITE_FAILED', message: `could not write ${path}: ${(error as Error).message}`, source: { file: path } });
      return 'failed';
    }
  }
}
