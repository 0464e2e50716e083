import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Post, PostWarning } from '../../src/model/post.js';
import { readArchive, type ReadArchiveOptions } from '../../src/readers/index.js';
import type { ReaderInput } from '../../src/readers/reader.js';

/** A fixture's path as a user would type it (relative to the repository), so messages read naturally. */
export const fixturePath = (path: string): string =>
  relative(process.cwd(), fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)));

/**
 * Everything a reader yields and reports for one input: its posts, archive-level warnings,
 * skip counts by kind, and the error it ended with (if any), so tests can assert on partial reads.
 */
export async function readAll(input: string | ReaderInput, options: ReadArchiveOptions = {}) {
  const warnings: PostWarning[] = [];
  const skipped: Record<string, number> = {};
  const posts: Post[] = [];
  let error: unknown;
  try {
    const stream = readArchive(input, {
      ...options,
      onWarning: (warning) => warnings.push(warning),
      onSkip: (what) => {
        skipped[what] = (skipped[what] ?? 0) + 1;
      },
    });
    for await (const post of stream) posts.push(post);
  } catch (caught) {
    error = caught;
  }
  return { posts, warnings, skipped, error };
}
