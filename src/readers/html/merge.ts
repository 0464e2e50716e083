/**
 * One post in, one post out, however many pages show it. A mirror shows a post on its own page,
 * on the home page, on a monthly archive and under each of its labels, in full or as an excerpt.
 * Every sighting gets keys (its permalink, else its title and day) and a rank; the best sighting
 * of each post is the one converted.
 */
import type { FoundPost } from './found.js';
import { textOf, type Page } from './page.js';

/** A permalink reduced to what identifies the post: host without `www.`, any Blogger country domain as `.blogspot.com`, no scheme, query noise, fragment or `index.html`. */
export function permalinkKey(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.blogspot\.[a-z.]+$/, '.blogspot.com');
  for (const noise of ['m', 'showComment', 'utm_source', 'utm_medium', 'utm_campaign', 'amp']) parsed.searchParams.delete(noise);
  const query = parsed.searchParams.toString();
  const path = parsed.pathname.replace(/\/index\.s?html?$/i, '/').replace(/\/+$/, '') || '/';
  return `${host}${decodeSafe(path)}${query ? `?${query}` : ''}`;
}

function decodeSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** What identifies a sighting: its permalink, and its title and day. */
export interface SightingKeys {
  url?: string;
  title?: string;
}

/** The keys of a found post (its URL already settled against the page, see settleUrl). */
export function foundKeys(found: FoundPost): SightingKeys {
  const keys: SightingKeys = {};
  const link = found.url ? permalinkKey(found.url) : undefined;
  if (link) keys.url = link;
  if (found.title && found.date) keys.title = `${found.date.date}:${found.title.toLowerCase().replace(/\s+/g, ' ').trim()}`;
  return keys;
}

/**
 * The posts already converted. Two sightings are one post when their permalinks agree, or when
 * their title and day agree and one of them has no permalink: two posts with the same title on
 * the same day and different permalinks (a double-posted entry Blogger numbered `-15`) stay two.
 */
export class SightingIndex {
  private readonly urls = new Set<string>();
  private readonly titlesWithUrl = new Set<string>();
  private readonly titlesWithoutUrl = new Set<string>();

  has(keys: SightingKeys): boolean {
    if (keys.url !== undefined && this.urls.has(keys.url)) return true;
    if (keys.title === undefined) return false;
    return this.titlesWithoutUrl.has(keys.title) || (keys.url === undefined && this.titlesWithUrl.has(keys.title));
  }

  add(keys: SightingKeys): void {
    if (keys.url !== undefined) this.urls.add(keys.url);
    if (keys.title !== undefined) (keys.url === undefined ? this.titlesWithoutUrl : this.titlesWithUrl).add(keys.title);
  }
}

/**
 * How good a sighting is: a full body beats an excerpt, the post's own page beats a listing,
 * and then the longer body wins.
 */
export function foundRank(found: FoundPost, page: Page): number {
  const own = found.url !== undefined && page.url !== undefined && permalinkKey(found.url) === permalinkKey(page.url);
  const length = found.body ? textOf(found.body).length : (found.bodyHtml ?? '').length;
  return (found.excerpt ? 0 : 2) + (own ? 1 : 0) + Math.min(length, 1e8) / 1e9;
}
