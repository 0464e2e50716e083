/**
 * What earlier runs stored, kept in the output folder (`.blogport/assets.json`) so a re-run
 * resumes: every URL already stored is reused without a request, and only what failed (or is
 * new) is fetched. Keyed by URL; each entry names the bytes (SHA-256) and the files holding them.
 * Written atomically like every other file, during the run as well as at its end, so a killed
 * run keeps what it finished.
 */
import type { OutputFolder } from '../outputFolder.js';

export const CACHE_PATH = '.blogport/assets.json';
const VERSION = 1;
/** Save after this many new entries (and at the end). */
const SAVE_EVERY = 50;

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
  private unsaved = 0;
  private saving: Promise<void> = Promise.resolve();
  /** Whether anything was recorded since the cache was opened. */
  changed = false;
  /** Why the last save failed, if it did. */
  problem: string | undefined;

  private constructor(
    private readonly folder: OutputFolder,
    private readonly entries: Map<string, CachedAsset>,
  ) {}

  /** The cache of the output folder; empty when there is none (or it cannot be read, see `problem`). */
  static async open(folder: OutputFolder): Promise<{ cache: AssetCache; problem?: string }> {
    const entries = new Map<string, CachedAsset>();
    const bytes = await folder.read(CACHE_PATH).catch(() => undefined);
    if (!bytes) return { cache: new AssetCache(folder, entries) };
    try {
      const parsed = JSON.parse(bytes.toString('utf8')) as CacheFile;
      if (parsed.version !== VERSION || typeof parsed.assets !== 'object' || parsed.assets === null) throw new Error(`unknown version ${String(parsed.version)}`);
      for (const [url, entry] of Object.entries(parsed.assets)) if (isEntry(entry)) entries.set(url, entry);
      return { cache: new AssetCache(folder, entries) };
    } catch (error) {
      return { cache: new AssetCache(folder, entries), problem: `${CACHE_PATH} could not be read (${(error as Error).message}); images are fetched again` };
    }
  }

  get(url: string): CachedAsset | undefined {
    return this.entries.get(url);
  }

  /** Record that `path` holds the bytes of `url`. */
  record(url: string, asset: Omit<CachedAsset, 'files'>, path: string): void {
    const entry = this.entries.get(url);
    if (entry && entry.sha256 === asset.sha256) {
      if (!entry.files.includes(path)) entry.files.push(path);
    } else {
      this.entries.set(url, { ...asset, files: [path] });
    }
    this.changed = true;
    if (++this.unsaved >= SAVE_EVERY) void this.save();
  }

  /** Write the cache (atomically; one save at a time, in order). */
  save(): Promise<void> {
    this.unsaved = 0;
    const text = `${JSON.stringify({ version: VERSION, assets: Object.fromEntries(this.entries) } satisfies CacheFile)}\n`;
    this.saving = this.saving
      .then(() => this.folder.write(CACHE_PATH, text))
      .then(
        () => {
          this.problem = undefined;
        },
        (error: Error) => {
          this.problem = `${CACHE_PATH} could not be written (${error.message}); a re-run fetches again what this one stored`;
        },
      );
    return this.saving;
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
