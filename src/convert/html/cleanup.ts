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
import type { Document, ParentNode } from 'domhandler';
import { ElementIndex, withIndex } from './dom.js';
import { bloggerRules } from './blogger.js';
import { codeRules } from './code.js';
import { embedRules } from './embeds.js';
import { MAX_NESTING } from './depth.js';
import { parseRules, type TextNotes } from './parse.js';
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
  NESTING_FLATTENED: `element(s) nested deeper than ${MAX_NESTING} levels unwrapped (their text, images and links kept)`,
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
  /** What `parseHtml` found the texts of `root` may hold; absent: anything. */
  readonly textsHold?: TextNotes;
}

export interface CleanupRule {
  /** Stable name, so a rule can be replaced or switched off by name. */
  readonly name: string;
  /** One line: the quirk this rule exists for. */
  readonly why: string;
  /**
   * The elements the rule acts on: when the body holds none of them, the rule has nothing to do
   * and is skipped (its walk over the DOM would find nothing). `[style]` stands for any element
   * with a `style` attribute, `[nbsp]` for a text holding a no-break space. Omitted: it always
   * runs.
   */
  readonly onlyWith?: readonly string[];
  /**
   * Every element name the rule can bring into the tree (new elements, renamed ones; copies of
   * an element already there do not count), or a function giving them from the names in the
   * tree before it ran (and the context). Omitted: any, and the names in the tree are collected again before the
   * next rule that has `onlyWith`.
   */
  readonly creates?: readonly string[] | ((present: ReadonlySet<string>, ctx: CleanupContext) => readonly string[]);
  /**
   * Does the work. A rule that declares `creates` adds, removes and moves nodes only through
   * `dom.ts` (the list of elements that answers its searches counts those edits to know when it
   * is stale).
   */
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

/**
 * Run `rules` in order over `ctx.root`. Most bodies hold no table, code, heading or embed, so a
 * rule with `onlyWith` is skipped when none of its elements is there: the names in the tree are
 * collected in one walk (at the first rule that asks), and each rule that runs adds the names it
 * `creates`, so the set always holds every name in the tree (it may hold more).
 *
 * Meanwhile the rules' searches of the whole tree (`descendants(ctx.root, …)`) are answered from
 * one list of its elements, made again only after an element was added, removed or moved (see
 * `ElementIndex`); `indexed: false` walks the tree for every search instead (the same answers:
 * tests compare the two).
 */
export function runCleanup(
  ctx: CleanupContext,
  rules: readonly CleanupRule[] = cleanupRules,
  { indexed = true }: { indexed?: boolean } = {},
): void {
  const index = new ElementIndex(ctx.root);
  const steps = stepsOf(rules);
  /** Whether a rule that may have done anything ran (what the parser noted may be wrong since). */
  let undeclared = false;
  const namesInTree = (): Set<string> => {
    if (!indexed) return elementNames(ctx.root);
    const names = index.names();
    if (undeclared || ctx.textsHold?.nbsp !== false) names.add('[nbsp]');
    return names;
  };
  const run = (): void => {
    let present: Set<string> | undefined;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.onlyWith !== undefined) {
        present ??= namesInTree();
        if (!hasAny(present, step.onlyWith)) continue;
      }
      const creates = typeof step.creates === 'function' && present ? step.creates(present, ctx) : step.creates;
      step.apply(ctx);
      if (!creates || typeof creates === 'function') {
        // It may have done anything, even outside dom.ts's edits.
        present = undefined;
        undeclared = true;
        index.invalidate();
      } else if (present) {
        for (const name of creates) present.add(name);
      }
    }
  };
  if (indexed) withIndex(index, run);
  else run();
}

/** A rule as `runCleanup` goes through it. */
interface Step {
  readonly onlyWith: readonly string[] | undefined;
  readonly creates: CleanupRule['creates'];
  readonly apply: (ctx: CleanupContext) => void;
}

const STEPS = new WeakMap<readonly CleanupRule[], readonly Step[]>();

/**
 * A table's rules as objects of one shape, made once per table. The rules are object literals
 * of many shapes (with or without `onlyWith`, `creates` as a list or a function…): reading their
 * fields in the loop, for every rule of every body, took V8's slowest kind of property lookup.
 */
function stepsOf(rules: readonly CleanupRule[]): readonly Step[] {
  let steps = STEPS.get(rules);
  if (steps === undefined) {
    steps = rules.map((rule) => ({ onlyWith: rule.onlyWith, creates: rule.creates, apply: rule.apply.bind(rule) }));
    STEPS.set(rules, steps);
  }
  return steps;
}

function hasAny(present: ReadonlySet<string>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (present.has(names[i]!)) return true;
  return false;
}

/**
 * The names of the elements under `root` (as `descendants` sees them), `[style]` when one has a
 * `style` attribute, and `[nbsp]` when a text holds a no-break space. (No rule creates an
 * element with a style; copies keep their original's, which was counted.)
 */
export function elementNames(root: ParentNode): Set<string> {
  const names = new Set<string>();
  const walk = (node: ParentNode): void => {
    const kids = node.children;
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i]!;
      if (child.type === 'text' && child.data.includes('\u00a0')) names.add('[nbsp]');
      if (child.type !== 'tag' && child.type !== 'script' && child.type !== 'style') continue;
      names.add(child.name);
      if (child.attribs.style !== undefined) names.add('[style]');
      if (child.children.length > 0) walk(child);
    }
  };
  walk(root);
  return names;
}
