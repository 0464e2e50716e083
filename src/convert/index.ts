import type { PostBody } from '../model/post.js';
export type { MarkdownDialect } from './dialect.js';
import { htmlToMarkdown, type HtmlToMarkdownOptions } from './htmlToMarkdown.js';
import { textToMarkdown } from './textToMarkdown.js';

export interface BodyConversion {
  markdown: string;
  /** What the conversion had to drop or could not keep (removed scripts, …). */
  warnings: { code: string; message: string }[];
}

/**
 * A post or comment body in whatever format its reader produced, as Markdown. Text is escaped so
 * it renders back to exactly its words; HTML goes through the cleanup rules and the Markdown writer.
 */
export function bodyToMarkdown(body: PostBody, context: HtmlToMarkdownOptions = {}): BodyConversion {
  switch (body.format) {
    case 'text':
      return { markdown: textToMarkdown(body.value, { dialect: context.dialect }), warnings: [] };
    case 'html':
      return htmlToMarkdown(body.value, context);
  }
}
