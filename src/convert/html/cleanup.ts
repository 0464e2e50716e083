/**
 * The cleanup pass: one DOM per post (`parse.ts`), edited by a table of named rules before the
 * Markdown writer (`writer.ts`, `rules.ts`) walks it. Each rule fixes one quirk of how blog editors wrote HTML, and says why; the order of
 * the table is the order they run in (later rules rely on what earlier ones normalised).
 *
 * Rules live with their subject: sanitising in `sanitize.ts`, Blogger's quirks in `blogger.ts`,
 * embeds in `embeds.ts`, code in `code.ts`, the structural ones (what the writer needs to write
 * valid Markdown) in `structure.ts`, and the tree fixes an HTML5 parser would make in `parse.ts`.
 */
import { replaceRules } from './ruleTable.js';
import type { Document } from 'domhandler';
import { bloggerRules } from './blogger.js';
import { codeRules } from './code.js';
import { embedRules } from './embeds.js';
import { parseRules } from './parse.js';
import { sanitizeRules } from './sanitize.js';
import { structureRules } from './structure.js';

/** Removals that are reported, one warning per code with the count. */
export const REMOVAL_MESSAGES = {
  SCRIPT_REMOVED: 'script element(s) removed (not a known embed)',
  STYLE_REMOVED: 'style element(s) removed',
  NOSCRIPT_REMOVED: 'noscript element(s) removed (fallback content for browsers without JavaScript)',
  EVENT_HANDLER_REMOVED: 'on* event handler attribute(s) removed',
  JAVASCRIPT_URL_REMOVED: 'javascript:/vbscript:/data: URL(s) removed (link text kept)',
  LOCAL_FILE_URL_REMOVED: "file: URL(s) removed: they point at the author's own disk (link text kept)",
  EMBED_REMOVED: 'embed(s) removed: no safe http(s) source, or obsolete plugin content',
} as const;

export type RemovalCode = keyof typeof REMOVAL_MESSAGES;

export interface CleanupContext {
  /** The parsed post body (a fragment: no html/body elements). */
  readonly root: Document;
  /** Absolute URL the post lived at, for relative links and images. */
  readonly baseUrl: string | undefined;
  /** Blogger's "convert line breaks" setting: a newline in the HTML source is a `<br>`. */
  readonly convertLineBreaks: boolean;
  /** Count `count` removals under `code`; they become the conversion's warnings. */
  note(code: RemovalCode, count?: number): void;
}

export interface CleanupRule {
  /** Stable name, so a rule can be replaced or switched off by name. */
  readonly name: string;
  /** One line: the quirk this rule exists for. */
  readonly why: string;
  apply(ctx: CleanupContext): void;
}

export const cleanupRules: readonly CleanupRule[] = [
  ...sanitizeRules,
  ...parseRules,
  ...bloggerRules,
  ...embedRules,
  ...codeRules,
  ...structureRules,
];

/**
 * `rules` with the entries of `overrides` put in place of the rules of the same name (an entry
 * with a new name is appended; `null` switches a rule off).
 */
export function withCleanupRules(
  overrides: Record<string, CleanupRule | null>,
  rules: readonly CleanupRule[] = cleanupRules,
): CleanupRule[] {
  return replaceRules(rules, overrides);
}

export function runCleanup(ctx: CleanupContext, rules: readonly CleanupRule[] = cleanupRules): void {
  for (const rule of rules) rule.apply(ctx);
}
