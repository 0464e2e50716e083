/**
 * One post in, one post out, however many pages show it. A mirror shows a post on its own page,
 * on the home page, on a monthly archive and under each of its labels, in full or as an excerpt.
 * Every sighting gets keys (its permalink, else its title and day) and a rank; the best sighting
 * of each post is the one converted.
 */
import type { Post } from '../../model/post.js';

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

export function postKeys(post: Post): string[] {
  const keys: string[] = [];
  const link = post.url ? permalinkKey(post.url) : undefined;
  if (link) keys.push(`url:${link}`);
  if (!post.titleDerived && post.date) keys.push(`title:${post.date.date}:${post.title.toLowerCase().replace(/\s+/g, ' ').trim()}`);
  return keys;
}

/**
 * How good a sighting is: a full body beats an excerpt, the post's own page beats a listing,
 * and then the longer body wins.
 */
export function rank(post: Post, pageUrl: string | undefined): number {
  const own = post.url !== undefined && pageUrl !== undefined && permalinkKey(post.url) === permalinkKey(pageUrl);
  return (post.excerpt ? 0 : 2) + (own ? 1 : 0) + Math.min(post.body.value.length, 1e8) / 1e9;
}
