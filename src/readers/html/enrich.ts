/**
 * A page's structured data fills what an engine's markup left out of its one post: a Blogger
 * classic page has no tags markup, a theme may print no author, Open Graph has the cover image.
 * Only for pages with one post (a listing's metadata describes the listing, not its posts).
 */
import type { FoundPost } from './found.js';
import { jsonLdFacts, openGraphFacts } from './engines/structured.js';
import type { Page } from './page.js';

const FIELDS = ['title', 'date', 'updated', 'author', 'url', 'image', 'description'] as const;

export function enrich(found: FoundPost, page: Page): FoundPost {
  for (const facts of [jsonLdFacts, openGraphFacts]) {
    const other = facts(page);
    if (!other || other.evidence === found.evidence) continue;
    // Facts only from data describing the same post (same title when both have one).
    if (found.title && other.title && !sameTitle(found.title, other.title)) continue;
    for (const field of FIELDS) {
      if (found[field] === undefined && other[field] !== undefined) (found as unknown as Record<string, unknown>)[field] = other[field];
    }
    if (found.tags.length === 0 && other.tags.length > 0) found.tags = other.tags;
    if (found.categories.length === 0 && other.categories.length > 0) found.categories = other.categories;
  }
  return found;
}

/** Equal, or one is the other plus a site name ("Title – Site", "Site | Title"). */
function sameTitle(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y || x.startsWith(y) || y.startsWith(x) || x.endsWith(y) || y.endsWith(x);
}

function norm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
