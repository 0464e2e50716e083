/**
 * What earlier runs stored, kept in the output folder so a re-run resumes: every URL already
 * stored is reused without a request, and only what failed (or is new) is fetched. Keyed by URL;
 * each entry names the bytes (SHA-256) and the files holding them.
 *
 * `.blogport/assets.json` is written atomically at the end of a run. During the run each new
 * entry is appended to `.blogport/assets.journal` (one JSON line each, cheap whatever the
 * archive's size), so a killed run keeps what it finished; the next run replays the journal
 * (a torn last line is skipped) and folds it into assets.json.
 */
import type { OutputFolder } from '../outputFolder.js';

export const CACHE_PATH = '.blogport/assets.json';
export const JOURNAL_PATH = '.blogport/assets.journal';
const VERSION = 1;

export interface CachedAsset {
  sha256: string;
  mime: string;
  size: number;
  /** Files (relative to the output folder) holding these bytes for this URL. */
  files: string[];
}

interface CacheFile {
  version: number;
  assets: Record<string, CachedAsset>;
}

export class AssetCache {
  /** Whether anything was recorded since the cache was opened (or the journal needs folding in). */
  changed = false;
  /** Why writing the cache failed, if it did. */
  problem: string | undefined;
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;

  private constructor(
    private readonly folder: OutputFolder,
    private readonly entries: Map<string, CachedAsset>,
  ) {}

  /** The cache of the output folder; empty when there is none (or it cannot be read, see `problem`). */
  static async open(folder: OutputFolder): Promise<{ cache: AssetCache; problem?: string }> {
    const entries = new Map<string, CachedAsset>();
    const cache = new AssetCache(folder, entries);
    let problem: string | undefined;
    const bytes = await folder.read(CACHE_PATH).catch(() => undefined);
    if (bytes) {
      try {
        const parsed = JSON.parse(bytes.toString('utf8')) as CacheFile;
        if (parsed.version !== VERSION || typeof parsed.assets !== 'object' || parsed.assets === null) throw new Error(`unknown version ${String(parsed.version)}`);
        for (const [url, entry] of Object.entries(parsed.assets)) if (isEntry(entry)) entries.set(url, entry);
      } catch (error) {
        problem = `${CACHE_PATH} could not be read (${(error as Error).message}); images are fetched again`;
      }
    }
    const journal = await folder.read(JOURNAL_PATH).catch(() => undefined);
    if (journal) {
      for (const line of journal.toString('utf8').split('\n')) {
        try {
          const [url, entry] = JSON.parse(line) as [unknown, unknown];
          if (typeof url === 'string' && isEntry(entry)) cache.merge(url, entry);
        } catch {
          // A line cut short by a killed run.
        }
      }
      cache.changed = true;
    }
    return { cache, problem };
  }

  get(url: string): CachedAsset | undefined {
    return this.entries.get(url);
  }

  /** Record that `path` holds the bytes of `url` (journalled at once, saved by `save`). */
  record(url: string, asset: Omit<CachedAsset, 'files'>, path: string): void {
    this.merge(url, { ...asset, files: [path] });
    this.changed = true;
    this.pending.push(`${JSON.stringify([url, this.entries.get(url)])}\n`);
    this.flushing ??= this.flush();
  }

  /** Write assets.json atomically and drop the journal it now holds. */
  async save(): Promise<void> {
    await this.flushing;
    const text = `${JSON.stringify({ version: VERSION, assets: Object.fromEntries(this.entries) } satisfies CacheFile)}\n`;
    try {
      await this.folder.write(CACHE_PATH, text);
      await this.folder.remove(JOURNAL_PATH);
    } catch (error) {
      this.problem = `${CACHE_PATH} could not be written (${(error as Error).message}); a re-run fetches again what this one stored`;
    }
  }

  private merge(url: string, asset: CachedAsset): void {
    const entry = this.entries.get(url);
    if (entry && entry.sha256 === asset.sha256) {
      for (const file of asset.files) if (!entry.files.includes(file)) entry.files.push(file);
    } else {
      this.entries.set(url, { ...asset, files: [...asset.files] });
    }
  }

  /** Append what is pending, one append at a time (lines batched while one is under way). */
  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const text = this.pending.join('');
        this.pending = [];
        await this.folder.append(JOURNAL_PATH, text);
      }
    } catch (error) {
      this.problem = `${JOURNAL_PATH} could not be written (${(error as Error).message})`;
      this.pending = [];
    } finally {
      this.flushing = undefined;
    }
  }
}

function isEntry(value: unknown): value is CachedAsset {
  const entry = value as CachedAsset;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.sha256 === 'string' &&
    typeof entry.mime === 'string' &&
    typeof entry.size === 'number' &&
    Array.isArray(entry.files) &&
    entry.files.every((f) => typeof f === 'string')
  );
}
