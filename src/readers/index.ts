import { BlogportError } from '../model/errors.js';
import type { Post } from '../model/post.js';
import { bloggerReader } from './blogger.js';
import { assertTextSample } from './common/decode.js';
import { lookalikeOf } from './common/lookalikes.js';
import { openInput } from './input.js';
import type { Reader, ReaderInput, ReadOptions } from './reader.js';
import { htmlReader } from './html.js';
import { textReader } from './text.js';

/**
 * Every input format blogport reads. This one table drives `--from`, auto-detection, `--help`
 * and the README's list of inputs: adding a format means adding a reader here.
 */
export const readers = [textReader, bloggerReader, htmlReader] as const satisfies readonly Reader[];

export const readerNames: readonly string[] = readers.map((reader) => reader.name);

/** Below this confidence no reader claims an input and auto-detection gives up. */
const MIN_CONFIDENCE = 0.1;
/**
 * Below this, a reader only claims an input for lack of a better one (the text reader takes any
 * text, to explain that it found no date headers): a format blogport recognises but has no
 * reader for is named instead.
 */
const SURE_CONFIDENCE = 0.5;

export function findReader(name: string): Reader {
  const reader = readers.find((r) => r.name === name);
  if (!reader) {
    throw new BlogportError('BAD_OPTION', `unknown input format "${name}"`, undefined, `use one of: auto, ${readerNames.join(', ')}`);
  }
  return reader;
}

/** The reader most confident it can read this input. */
export function detectReader(input: Pick<ReaderInput, 'name' | 'sample' | 'kind' | 'path'>): Reader {
  let best: Reader | undefined;
  let bestScore = 0;
  for (const reader of readers) {
    const score = reader.detect(input);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  if ((!best || bestScore < MIN_CONFIDENCE) && input.kind === 'directory') {
    throw new BlogportError('INPUT_IS_DIRECTORY', 'is a folder blogport cannot read as an archive', { file: input.name }, 'give the export file inside it, e.g. blog.txt');
  }
  if (bestScore < SURE_CONFIDENCE && input.kind === 'file') {
    const what = lookalikeOf(input.sample);
    if (what) {
      throw new BlogportError(
        'FORMAT_UNKNOWN',
        `is ${what}, which blogport does not read yet`,
        { file: input.name },
        `blogport reads plain-text dumps, Blogger exports and saved HTML pages (--from ${readerNames.join(', ')})`,
      );
    }
  }
  if (!best || bestScore < MIN_CONFIDENCE) {
    // Say what it looks like when we can tell (an image, a ZIP, binary data).
    assertTextSample(input.sample, input.name);
    throw new BlogportError(
      'FORMAT_UNKNOWN',
      'is not a format blogport can read',
      { file: input.name },
      `name the format with --from (${readerNames.join(', ')})`,
    );
  }
  return best;
}

/** The reader `--from` names, or (`auto`, the default) the one detection picks for this input. */
export function pickReader(input: Pick<ReaderInput, 'name' | 'sample' | 'kind' | 'path'>, from = 'auto'): Reader {
  return from === 'auto' ? detectReader(input) : findReader(from);
}

export interface ReadArchiveOptions extends ReadOptions {
  /** `auto` (default) picks the reader from the input's first bytes. */
  from?: 'auto' | string;
}

/**
 * Read one archive as a stream of normalised posts. Streaming all the way: a post is yielded
 * as soon as it is complete, and nothing else of the archive is kept.
 */
export async function* readArchive(input: string | ReaderInput, options: ReadArchiveOptions = {}): AsyncGenerator<Post> {
  const opened = typeof input === 'string' ? await openInput(input) : input;
  const reader = pickReader(opened, options.from);
  yield* reader.read(opened, options);
}
