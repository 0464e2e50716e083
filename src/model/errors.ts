import type { SourceRef } from './post.js';

/**
 * Codes for the errors a user can cause. Each is a mistake with a remedy, shown as one line;
 * anything that is not a BlogportError is a bug and is shown in full.
 */
export type ErrorCode =
  | 'INPUT_MISSING'
  | 'INPUT_IS_DIRECTORY'
  | 'INPUT_EMPTY'
  | 'INPUT_BINARY'
  | 'INPUT_UNREADABLE'
  | 'FORMAT_UNKNOWN'
  | 'INPUT_TRUNCATED'
  | 'PAGE_TOO_LARGE'
  | 'NO_POSTS'
  | 'BAD_OPTION'
  | 'BAD_ENCODING'
  | 'OUTPUT_UNWRITABLE';

export class BlogportError extends Error {
  override readonly name = 'BlogportError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly source?: SourceRef,
    /** What the user could try, shown after the message. */
    readonly hint?: string,
  ) {
    super(message);
  }

  /** `file:line: message (hint)` — the single line the CLI prints. */
  toLine(): string {
    const where = this.source ? `${formatSource(this.source)}: ` : '';
    return `${where}${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function formatSource(source: SourceRef): string {
  if (source.line !== undefined) return `${source.file}:${source.line}`;
  if (source.entry !== undefined) return `${source.file} entry ${source.entry}`;
  return source.file;
}
