import type { PostBody } from '../model/post.js';
import { textToMarkdown } from './textToMarkdown.js';

/**
 * A post body in whatever format its reader produced, as Markdown. Text bodies are escaped so they
 * render back to exactly their words; HTML bodies arrive with the HTML readers.
 */
export function bodyToMarkdown(body: PostBody): string {
  switch (body.format) {
    case 'text':
      return textToMarkdown(body.value);
    case 'html':
      throw new Error('HTML bodies are not supported yet');
  }
}
