/**
 * A page's structured data fills what an engine's markup left out of its one post: a Blogger
 * classic page has no tags markup, a theme may print no author, Open Graph has the cover image.
 * Only for pages with one post (a listing's metadata describes the listing, not its posts).
 */
import type { FoundPost } from './found.js';
import { hEntryExtractor, jsonLdExtractor, openGraphExtractor } from './engines/structured.js';
import type { Page } from './page.js';

const FIELDS = ['title', 'date', 'updated', 'author', 'url', 'image', 'description'] as const;

export function enrich(found: FoundPost, page: Page): FoundPost {
  for (const extractor of [hEntryExtractor, jsonLdExtractor, openGraphExtractor]) {
    if (extractor.name === found.evidence) continue;
    const other = metadataOnly(extractor, page);
    if (!other) continue;
    // Facts only from data describing the same post (same title when both have one).
    if (found.title && other.title && norm(found.title) !== norm(other.title)) continue;
    for (const field of FIELDS) {
      if (found[field] === undefined && other[field] !== undefined) (found as unknown as Record<string, unknown>)[field] = other[field];
    }
    if (found.tags.length === 0 && other.tags.length > 0) found.tags = other.tags;
    if (found.categories.length === 0 && other.categories.length > 0) found.categories = other.categories;
  }
  return found;
}

function metadataOnly(extractor: { find(page: Page): FoundPost[] }, page: Page): FoundPost | undefined {
  try {
    const found = extractor.find(page);
    return found.length === 1 ? found[0] : undefined;
  } catch {
    return undefined;
  }
}

function norm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
