import type { MarkdownDialect } from './dialect.js';
import { detectCodeBlocks, fenceCode, guessLanguage } from './text/codeBlocks.js';
import { escapeParagraph } from './text/escape.js';

export interface TextToMarkdownOptions {
  /** Turn blocks that look like code into fenced code blocks. Default true. */
  detectCode?: boolean;
  /** The parser the Markdown is written for (default CommonMark; Jekyll's is kramdown). */
  dialect?: MarkdownDialect;
}

interface Block {
  /** Non-blank lines, trailing whitespace removed, indentation kept. */
  lines: string[];
  /** Blank lines between this block and the previous one (0 for the first block). */
  blankBefore: number;
}

const LINE_BREAK = /\r\n?|\n/;

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: string[] | undefined;
  let blanks = 0;
  for (const rawLine of text.split(LINE_BREAK)) {
    const line = rawLine.trimEnd();
    if (line === '') {
      if (current) {
        current = undefined;
        blanks = 0;
      }
      blanks++;
      continue;
    }
    if (!current) {
      current = [];
      blocks.push({ lines: current, blankBefore: blocks.length === 0 ? 0 : blanks });
    }
    current.push(line);
  }
  return blocks;
}

/**
 * Plain-text post body (lines joined with "\n", no header/title/footer) → CommonMark that says
 * exactly what the text said.
 *
 * Blank-line-separated blocks become paragraphs whose lines are kept as soft breaks, with
 * indentation and trailing whitespace dropped and every character that could become markup
 * escaped (and nothing else). Blocks that look like code become fenced code blocks with their
 * lines verbatim; neighbouring code blocks share one fence. Several blank lines between
 * paragraphs become one. The result ends with one "\n", or is "" when the text is blank.
 */
export function textToMarkdown(text: string, options: TextToMarkdownOptions = {}): string {
  const blocks = splitBlocks(text);
  if (blocks.length === 0) return '';
  const isCode =
    (options.detectCode ?? true)
      ? detectCodeBlocks(blocks.map((b) => b.lines))
      : blocks.map(() => false);

  const parts: string[] = [];
  for (let i = 0; i < blocks.length; ) {
    const block = blocks[i]!;
    if (!isCode[i]) {
      parts.push(escapeParagraph(block.lines.map((line) => line.trimStart()), options.dialect));
      i++;
      continue;
    }
    // A run of code blocks: one fence, the blank lines between them kept.
    const lines = [...block.lines];
    let j = i + 1;
    for (; j < blocks.length && isCode[j]; j++) {
      const next = blocks[j]!;
      for (let k = 0; k < next.blankBefore; k++) lines.push('');
      for (const line of next.lines) lines.push(line);
    }
    parts.push(fenceCode(lines, guessLanguage(lines)));
    i = j;
  }
  return parts.join('\n\n') + '\n';
}
