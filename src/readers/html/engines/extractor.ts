import type { FoundPost } from '../found.js';
import type { Page } from '../page.js';

/**
 * One kind of evidence for where posts are on a page. `find` returns nothing when the page is
 * not its kind, and the next extractor in the table gets its turn.
 */
export interface Extractor {
  /** Named in the report as the evidence the posts were found by. */
  name: string;
  find(page: Page): FoundPost[];
}
