// getCollection() for a collection that may have no entries (a blog with no pages, or no
// comments): Astro warns about an empty collection, so it is asked only when it has files.
import { getCollection } from 'astro:content';

const files = {
  blog: import.meta.glob('/src/content/blog/**/*.md'),
  pages: import.meta.glob('/src/content/pages/**/*.md'),
  comments: import.meta.glob('/src/content/comments/**/*.json'),
};

/** Published entries (`draft: true` left out) of a collection, or [] when it has no files. */
export async function entries(collection) {
  if (Object.keys(files[collection]).length === 0) return [];
  return getCollection(collection, ({ data }) => data.draft !== true);
}
