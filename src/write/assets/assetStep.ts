/**
 * `--assets download`: the step between rendering a post and writing it. It finds every image
 * the rendered document refers to, gets each one once (from an earlier run's files, a Takeout
 * album, a `data:` URL or the network), stores it with the post or in the layout's static
 * folder, and rewrites the references to the local copies. A failed image keeps its remote URL
 * and is reported with its reason; it never fails the post or the run.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Layout } from '../../layouts/layout.js';
import { detach } from '../../model/detach.js';
import type { PostWarning, SourceRef } from '../../model/post.js';
import type { AssetCounts, AssetReport, AssetStatus, PostReport } from '../../model/report.js';
import type { AlbumFiles } from '../../readers/reader.js';
import type { OutputFolder } from '../outputFolder.js';
import { AlbumMatcher } from './albums.js';
import { AssetCache } from './cache.js';
import { collectReferences, type AssetReference } from './collect.js';
import { decodeDataUrl } from './dataUrl.js';
import { DownloadError, Downloader, type DownloadPolicy } from './download.js';
import { createNodeFetch, type AssetFetch } from './http.js';
import type { LookupFunction } from './guard.js';
import { placeFor, StemBook, stemOf, type AssetPlace } from './names.js';
import { rewriteDocument, type Replacement } from './rewrite.js';
import { imageTypeOf, type ImageType } from './sniff.js';
import { formatBytes } from './size.js';

export interface AssetStepOptions {
  layout: Layout;
  bundle: boolean;
  assetsDir?: string;
  dryRun: boolean;
  allowPrivateHosts: boolean;
  policy: DownloadPolicy;
  /** Library only: the transport (default: node:http/https behind the address guard). */
  fetch?: AssetFetch;
  /** Library only: the DNS lookup of the default transport. */
  lookup?: LookupFunction;
}

/** The bytes of one URL, got once per run. */
interface Got {
  sha256: string;
  type: ImageType;
  size: number;
  how: 'downloaded' | 'album' | 'decoded' | 'reused';
  /** Held until the first copy is stored; later copies are read back from `storedAt`. */
  bytes?: Uint8Array;
  storedAt?: string;
}

/** At most this many downloaded bytes wait for their turn to be stored (see `store`). */
const HOLD_BUDGET = 64 * 1024 * 1024;

type Outcome = {
  status: AssetStatus;
  path?: string;
  reason?: string;
  /** Stored before this run (by an earlier one): an earlier run's document already linked it. */
  earlier?: boolean;
};

/** A localised document, and the documents earlier runs of blogport would have written instead. */
export interface Localised {
  document: string;
  /**
   * The same post as written by an earlier run: with every image remote (`--assets keep`, or all
   * failed), or with only the images stored before this run local. Such a file is blogport's
   * own output, not the user's edit, so it may be replaced without `--force`.
   */
  earlier: string[];
}

export class AssetStep {
  readonly counts: AssetCounts = { downloaded: 0, album: 0, decoded: 0, reused: 0, planned: 0, failed: 0, skipped: 0, files: 0, bytes: 0, requests: 0 };
  /** Run-level problems (an unreadable cache). */
  readonly problems: string[] = [];
  private readonly albums = new AlbumMatcher();
  private readonly stems = new StemBook();
  private readonly downloader: Downloader;
  private readonly closeTransport: () => void;
  /** URL → its bytes (or why there are none), across scopes. */
  private readonly got = new Map<string, Promise<Got>>();
  /** scope + URL → where it is stored in that scope. */
  private readonly stored = new Map<string, Promise<Outcome>>();
  /** scope + SHA-256 → the file holding those bytes in that scope. */
  private readonly byHash = new Map<string, Promise<string>>();
  private readonly failedUrls = new Set<string>();
  /** Bytes downloaded and waiting for their post's earlier images to be stored. */
  private heldBytes = 0;
  /** Folders made ready for files, by path. */
  private readonly folders = new Map<string, Promise<void>>();

  private constructor(
    private readonly folder: OutputFolder,
    private readonly cache: AssetCache,
    private readonly options: AssetStepOptions,
  ) {
    const transport = options.fetch
      ? { fetch: options.fetch, close: () => undefined }
      : createNodeFetch({ lookup: options.lookup, allowPrivateHosts: options.allowPrivateHosts });
    this.closeTransport = transport.close;
    this.downloader = new Downloader(transport.fetch, options.policy);
  }

  static async open(folder: OutputFolder, options: AssetStepOptions): Promise<AssetStep> {
    const { cache, problem } = await AssetCache.open(folder);
    const step = new AssetStep(folder, cache, options);
    if (problem) step.problems.push(problem);
    return step;
  }

  /** A Takeout's album images, used instead of downloads when they match (see AlbumMatcher). */
  addAlbums(albums: AlbumFiles): void {
    this.albums.add(albums);
  }

  /**
   * The document with its images stored locally and linked there. `references`: its image
   * references when already found (by the render worker), else they are found here.
   * `documentPath` is where it is written; `prefix` the blog's own output tree in a multi-blog
   * export (`''` otherwise). What happened to each image goes into `report.assets`, failures into
   * its warnings. Never throws: whatever goes wrong, the post is still written (with the links it had).
   */
  async localise(
    document: string,
    references: AssetReference[] | undefined,
    documentPath: string,
    prefix: string,
    source: SourceRef,
    report: Pick<PostReport, 'warnings' | 'assets'>,
  ): Promise<Localised> {
    const assets: AssetReport[] = [];
    try {
      const refs = references ?? collectReferences(document);
      const localised = await this.localiseOrThrow(document, refs, documentPath, prefix, source, report.warnings, assets);
      if (assets.length > 0) report.assets = assets;
      return localised;
    } catch (error) {
      report.warnings.push({ code: 'ASSET_FAILED', message: `images not stored: ${(error as Error).message}`, source });
      return { document, earlier: [] };
    }
  }

  private async localiseOrThrow(
    document: string,
    refs: AssetReference[],
    documentPath: string,
    prefix: string,
    source: SourceRef,
    warnings: PostWarning[],
    assets: AssetReport[],
  ): Promise<Localised> {
    if (refs.length === 0) return { document, earlier: [] };
    const place = placeFor(this.options.layout, this.options, documentPath, prefix);
    const urls = [...new Set(refs.map((ref) => absolute(ref.url)))];
    // Names are handed out in the order the post refers to its images, before any download, so
    // they do not depend on which download finishes first. Files kept from earlier runs keep theirs.
    for (const url of urls) {
      for (const file of this.cache.get(url)?.files ?? []) {
        if (posix.dirname(file) === place.folder) this.stems.hold(place.folder, posix.basename(file).replace(/\.[^.]*$/, ''));
      }
    }
    const stems = new Map(urls.filter(isFetchable).map((url) => [url, this.stems.claim(place.folder, stemOf(url))]));
    // All downloads start at once, but the post's images are stored one after another in its
    // order: when two of them turn out to be the same bytes, the first one names the file.
    const outcomes = new Map<string, Outcome>();
    let turn: Promise<unknown> = Promise.resolve();
    const resolving = urls.map((url) => {
      const { outcome, owned } = this.resolve(url, place, stems.get(url) ?? '', turn);
      if (owned) turn = outcome.catch(() => undefined);
      return outcome.then((result) => outcomes.set(url, result));
    });
    await Promise.all(resolving);

    const replacements: Replacement[] = [];
    const earlierReplacements: Replacement[] = [];
    for (const url of urls) {
      const outcome = outcomes.get(url)!;
      // The report outlives the document: its strings must not be views into it (see detach).
      const shown = detach(shownUrl(url));
      const entry: AssetReport = { url: shown, status: outcome.status };
      if (outcome.path) entry.path = detach(outcome.path);
      if (outcome.reason) entry.reason = detach(outcome.reason);
      assets.push(entry);
      if (outcome.status === 'failed') {
        warnings.push({ code: 'ASSET_FAILED', message: `image kept remote, not downloaded: ${shown} — ${outcome.reason}`, source });
      }
    }
    for (const ref of refs) {
      const outcome = outcomes.get(absolute(ref.url));
      if (!outcome?.path) continue;
      const replacement = { ref, link: place.linkTo(outcome.path) };
      replacements.push(replacement);
      if (outcome.earlier) earlierReplacements.push(replacement);
    }
    const localised = rewriteDocument(document, replacements);
    const earlier = [document];
    if (earlierReplacements.length > 0 && earlierReplacements.length < replacements.length) earlier.push(rewriteDocument(document, earlierReplacements));
    return { document: localised, earlier };
  }

  /** Save the cache and release the albums and connections; the counts are final after this. */
  async close(): Promise<void> {
    this.counts.requests = this.downloader.requests;
    this.counts.failed = this.failedUrls.size;
    try {
      if (this.cache.changed && !this.options.dryRun) await this.cache.save();
      if (this.cache.problem) this.problems.push(this.cache.problem);
    } finally {
      await this.albums.close();
      this.closeTransport();
    }
  }

  /**
   * Where `url` is stored in this place's scope: stored here (`owned`), or by another post of
   * this run (waited for). Only owned stores wait for their post's turn, so two posts that share
   * images in opposite orders never wait for each other.
   */
  private resolve(url: string, place: AssetPlace, stem: string, turn: Promise<unknown>): { outcome: Promise<Outcome>; owned: boolean } {
    if (!isFetchable(url)) {
      this.counts.skipped++;
      const reason = /^[a-z][a-z0-9+.-]*:/i.test(url) ? 'only http(s) and data: URLs are fetched' : 'a relative URL with no address to fetch it from';
      return { outcome: Promise.resolve({ status: 'skipped', reason }), owned: false };
    }
    const key = `${place.scope}\0${url}`;
    const first = this.stored.get(key);
    if (first) return { outcome: this.reuse(first), owned: false };
    const storing = this.store(url, place, stem, turn);
    this.stored.set(key, storing);
    return { outcome: storing, owned: true };
  }

  private async reuse(first: Promise<Outcome>): Promise<Outcome> {
    const outcome = await first;
    if (!outcome.path) return outcome;
    this.counts.reused++;
    return { status: 'reused', path: outcome.path, earlier: outcome.earlier };
  }

  /** `turn` settles when the post's earlier images are stored: this one is stored after them. */
  private async store(url: string, place: AssetPlace, stem: string, turn: Promise<unknown>): Promise<Outcome> {
    // An earlier run stored it in this scope and the file is still there: nothing to fetch.
    const cached = this.cache.get(url);
    for (const file of cached?.files ?? []) {
      if (inScope(file, place.scope) && (await this.folder.hasFile(file))) {
        if (!this.byHash.has(`${place.scope}\0${cached!.sha256}`)) this.byHash.set(`${place.scope}\0${cached!.sha256}`, Promise.resolve(file));
        this.counts.reused++;
        return { status: 'reused', path: file, earlier: true };
      }
    }
    if (this.options.dryRun) {
      this.counts.planned++;
      const fromAlbum = this.albums.match(url) !== undefined;
      return { status: 'planned', reason: /^data:/i.test(url) ? 'would be decoded' : fromAlbum ? 'would be copied from the Takeout albums' : 'would be downloaded' };
    }
    let got: Got;
    try {
      got = await this.bytesOf(url);
    } catch (error) {
      this.failedUrls.add(url);
      return { status: 'failed', reason: error instanceof DownloadError ? error.reason : (error as Error).message };
    }
    // Waiting for the post's earlier images keeps these bytes in memory; past a budget they are
    // stored at once (names then follow arrival order in the rare case of identical bytes).
    const wait = this.heldBytes + got.size <= HOLD_BUDGET;
    if (wait) {
      this.heldBytes += got.size;
      await turn;
      this.heldBytes -= got.size;
    }
    try {
      const hashKey = `${place.scope}\0${got.sha256}`;
      let path = this.byHash.get(hashKey);
      if (!path) {
        path = this.writeFile(place.folder, stem, got);
        this.byHash.set(hashKey, path);
      }
      const stored = await path;
      // The bytes are on disk now: later copies (other bundles) read them back from there.
      got.storedAt ??= stored;
      got.bytes = undefined;
      this.cache.record(url, { sha256: got.sha256, mime: got.type.mime, size: got.size }, stored);
      return { status: got.how, path: stored };
    } catch (error) {
      this.failedUrls.add(url);
      return { status: 'failed', reason: `could not be stored: ${(error as Error).message}` };
    }
  }

  /** The bytes of `url`, got once per run. */
  private bytesOf(url: string): Promise<Got> {
    let got = this.got.get(url);
    if (!got) {
      got = this.fetchBytes(url);
      this.got.set(url, got);
    }
    return got;
  }

  private async fetchBytes(url: string): Promise<Got> {
    const maxBytes = this.options.policy.maxBytes;
    if (/^data:/i.test(url)) {
      const decoded = decodeDataUrl(url, maxBytes);
      if (!decoded) throw new Error('not a valid data: URL');
      if ('problem' in decoded) throw new Error(decoded.problem);
      this.counts.decoded++;
      return this.identify(decoded.bytes, decoded.mime, undefined, 'decoded');
    }
    // Bytes an earlier run stored in another scope (another bundle): copied, not fetched.
    const cached = this.cache.get(url);
    for (const file of cached?.files ?? []) {
      const bytes = await this.folder.read(file).catch(() => undefined);
      if (bytes && sha256(bytes) === cached!.sha256) {
        return this.identify(bytes, cached!.mime, file, 'reused');
      }
    }
    const album = this.albums.match(url);
    if (album && album.size <= maxBytes) {
      const bytes = await album.read().catch(() => undefined);
      const verdict = bytes && bytes.length <= maxBytes ? imageTypeOf(bytes, undefined, album.name) : undefined;
      if (bytes && verdict && 'type' in verdict) {
        this.counts.album++;
        return { sha256: sha256(bytes), type: verdict.type, size: bytes.length, how: 'album', bytes };
      }
      // An unreadable or non-image album file: download instead.
    }
    const downloaded = await this.downloader.download(url);
    const verdict = imageTypeOf(downloaded.bytes, downloaded.contentType, downloaded.finalUrl);
    if ('problem' in verdict) throw new DownloadError(verdict.problem, false);
    this.counts.downloaded++;
    this.counts.bytes += downloaded.bytes.length;
    return { sha256: sha256(downloaded.bytes), type: verdict.type, size: downloaded.bytes.length, how: 'downloaded', bytes: downloaded.bytes };
  }

  private identify(bytes: Uint8Array, mime: string, name: string | undefined, how: Got['how']): Got {
    const verdict = imageTypeOf(bytes, mime, name);
    if ('problem' in verdict) throw new DownloadError(verdict.problem, false);
    return { sha256: sha256(bytes), type: verdict.type, size: bytes.length, how, bytes };
  }

  /**
   * Store bytes as `<folder>/<stem>.<ext>`. A file already there with the same bytes is kept; one
   * with other bytes (the user's own, or another image of an earlier run) is never overwritten:
   * the next free name is taken.
   */
  private async writeFile(folder: string, stem: string, got: Got): Promise<string> {
    const bytes = got.bytes ?? (got.storedAt ? await this.folder.read(got.storedAt) : undefined);
    if (!bytes) throw new Error('its bytes are no longer available');
    // One mkdir per folder before its files: a post's images arrive together, and in a folder
    // this run created, checking for an existing file costs nothing.
    let ready = this.folders.get(folder);
    if (!ready) this.folders.set(folder, (ready = this.folder.makeFolderFor(folder)));
    await ready;
    let name = stem;
    for (;;) {
      const path = `${folder}/${name}.${got.type.ext}`;
      const state = await this.folder.existing(path, bytes);
      if (state === 'different') {
        name = this.stems.claim(folder, stem);
        continue;
      }
      if (state === 'absent') {
        await this.folder.write(path, bytes);
        this.counts.files++;
      }
      return path;
    }
  }
}

const isFetchable = (url: string) => /^(?:https?|data):/i.test(url);

/** `//host/x.jpg` is fetched over https. */
function absolute(url: string): string {
  return url.startsWith('//') ? `https:${url}` : url;
}

function inScope(file: string, scope: string): boolean {
  return file.startsWith(`${scope}/`);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A URL as reports show it: `data:` URLs shortened to their type and size. */
function shownUrl(url: string): string {
  if (!/^data:/i.test(url)) return url;
  const comma = url.indexOf(',');
  return `${url.slice(0, Math.min(comma < 0 ? 40 : comma + 1, 60))}… (${formatBytes(url.length)} of text)`;
}
