import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { layouts } from '../layouts/index.js';
import { BlogportError, formatSource } from '../model/errors.js';
import type { PostWarning } from '../model/post.js';
import { exitCodeOf, type AssetCounts, type InputReport, type Report } from '../model/report.js';
import { optionTable, type ConvertOptions } from '../options.js';
import { readers } from '../readers/index.js';
import { formatBytes } from '../write/assets/size.js';
import { convert } from '../write/convert.js';
import { inputBytes, textInputBytes, tuneHeapForStreaming } from './heap.js';
import { ProgressLine } from './progress.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Flags the CLI adds on top of the conversion options: they shape output, not the conversion. */
const cliFlags = {
  report: { type: 'string', description: 'also write the full report as JSON to FILE', arg: 'FILE' },
  quiet: { type: 'boolean', short: 'q', description: 'print only errors' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  version: { type: 'boolean', short: 'v', description: 'show the version' },
} as const;

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/**
 * The whole command line as a function: arguments in, exit code out. Only `bin/blogport.js`
 * touches process.exitCode; tests call this directly.
 */
export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const fail = (text: string) => io.stderr.write(`blogport: ${shown(text)}\n`);

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parserOptions(), allowPositionals: true, strict: true });
  } catch (error) {
    fail(`${(error as Error).message.replace(/\.?$/, '')} — see blogport --help`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.version) {
    say(version);
    return 0;
  }
  const [command, ...inputs] = parsed.positionals;
  if (values.help || command === undefined || command === 'help') {
    say(helpText());
    return values.help || command === 'help' ? 0 : 2;
  }
  if (command !== 'convert') {
    fail(`unknown command "${command}" — the command is "convert", e.g. blogport convert blog.txt -o site`);
    return 2;
  }
  if (inputs.length === 0) {
    fail('no input given — e.g. blogport convert blog.txt -o out');
    return 2;
  }

  const options: Partial<ConvertOptions> = {};
  for (const spec of optionTable) {
    const value = values[spec.flag];
    // Numbers arrive as text; one that does not parse is passed on for convert to refuse by name.
    if (value !== undefined) (options as Record<string, unknown>)[spec.key] = spec.type === 'number' ? toNumber(value as string) : value;
  }
  // Large exports: keep V8's heap near the live data (see heap.ts).
  tuneHeapForStreaming(inputBytes(inputs), undefined, undefined, await textInputBytes(inputs));
  const quiet = values.quiet === true;
  const progress = !quiet && io.stderr.isTTY ? new ProgressLine(io.stderr) : undefined;
  if (progress) options.onProgress = (p) => progress.update(p);

  // The report keeps every post only when it is to be written out or listed; otherwise only the
  // posts with warnings are kept here, so a 100,000-post run stays flat in memory.
  const wantPosts = typeof values.report === 'string' || values['dry-run'] === true;
  const warned: { index: number; warnings: PostWarning[] }[] = [];
  if (!wantPosts) {
    options.reportPosts = false;
    options.onPost = (post, index) => {
      if (post.warnings.length > 0) warned.push({ index, warnings: post.warnings });
    };
  }

  let report: Report;
  try {
    report = await convert(inputs, options);
  } catch (error) {
    progress?.clear();
    if (error instanceof BlogportError) {
      fail(error.toLine());
      return 2;
    }
    throw error;
  }
  progress?.clear();

  for (const input of report.inputs) if (input.error) fail(input.error);
  const postWarnings = wantPosts ? report.posts.flatMap((post) => post.warnings) : warned.sort((a, b) => a.index - b.index).flatMap((w) => w.warnings);
  if (!quiet) say(summary(report, postWarnings));
  if (typeof values.report === 'string') {
    try {
      await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      fail(`${values.report}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return 2;
    }
  }
  return exitCodeOf(report);
}

/**
 * Text from the archive (titles, names, messages quoting them) made safe to print as part of one
 * line: line breaks become spaces, and other control characters — a terminal would run escape
 * sequences (`ESC ]0;…` retitles the window, others rewrite the screen) — are shown as `\u001b`.
 */
export function shown(text: string): string {
  return text
    .replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function toNumber(text: string): number | string {
  return /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : text;
}

function parserOptions(): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const spec of optionTable) {
    options[spec.flag] = {
      type: spec.type === 'boolean' ? 'boolean' : 'string',
      ...(spec.type === 'strings' ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  for (const [flag, spec] of Object.entries(cliFlags)) {
    options[flag] = { type: spec.type, ...('short' in spec ? { short: spec.short } : {}) };
  }
  return options;
}

export function helpText(): string {
  const rows: [string, string][] = [];
  for (const spec of optionTable) {
    const name = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
    const extra = [
      spec.choices ? `one of: ${spec.choices.join(', ')}` : '',
      spec.default !== undefined && spec.type !== 'boolean' && !Array.isArray(spec.default) ? `default: ${String(spec.default)}` : '',
    ].filter(Boolean);
    rows.push([name, `${spec.description}${extra.length ? ` (${extra.join('; ')})` : ''}`]);
  }
  for (const [flag, spec] of Object.entries(cliFlags)) {
    const name = `${'short' in spec ? `-${spec.short}, ` : '    '}--${flag}${'arg' in spec ? ` ${spec.arg}` : ''}`;
    rows.push([name, spec.description]);
  }
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return [
    `blogport ${version} — move a blog's archive to Markdown with front matter`,
    '',
    'Usage: blogport convert <input...> [-o DIR] [options]',
    '',
    'Options:',
    ...rows.map(([name, text]) => `  ${name.padEnd(width)}${text}`),
    '',
    'Inputs:',
    ...readers.map((reader) => `  ${reader.name.padEnd(10)}${reader.description}`),
    '',
    'Layouts:',
    ...Object.values(layouts).map((layout) => `  ${layout.name.padEnd(10)}${layout.description}`),
    '',
    'Exit codes: 0 done (warnings allowed), 1 some posts could not be converted, 2 bad usage or unreadable input.',
  ].join('\n');
}

/** `12 posts, 2 pages (3 drafts), 40 comments`: what an input held, so a migration can be checked against the old blog. */
function readSummary(read: InputReport['read']): string {
  const parts = [countOf(read.posts, 'post')];
  if (read.pages > 0) parts.push(countOf(read.pages, 'page'));
  let text = parts.join(', ');
  if (read.drafts > 0) text += ` (${countOf(read.drafts, 'draft')})`;
  if (read.comments > 0) text += `, ${countOf(read.comments, 'comment')}`;
  return read.posts + read.pages === 0 ? '' : text;
}

/**
 * A skip name in the plural: its head noun is the word before a qualifier (`comment on trashed
 * post` → `comments on trashed post`, `post shown on another page`), else the last word
 * (`deleted comment` → `deleted comments`, `broken entry` → `broken entries`).
 */
export function pluralOf(what: string): string {
  const qualifier = / (?:on|with|shown|from|in) /.exec(what);
  const headEnd = qualifier ? qualifier.index : what.length;
  const head = what.slice(0, headEnd);
  const plural = /[^aeiou]y$/.test(head) ? `${head.slice(0, -1)}ies` : /(?:s|x|z|ch|sh)$/.test(head) ? `${head}es` : `${head}s`;
  return plural + what.slice(headEnd);
}

/** `1 post`, `3 deleted comments`. */
function countOf(n: number, what: string): string {
  return `${n} ${n === 1 ? what : pluralOf(what)}`;
}

function summary(report: Report, postWarnings: readonly PostWarning[]): string {
  const c = report.counts;
  const where = relative(process.cwd(), report.outDir) || '.';
  const lines: string[] = [];
  const done = report.dryRun ? `${c.planned} would be written` : `${c.written} written`;
  lines.push(
    `${report.dryRun ? 'Dry run: ' : ''}${c.read} post${c.read === 1 ? '' : 's'} read from ${report.inputs.length} input${report.inputs.length === 1 ? '' : 's'} → ${where}/ (${report.layout} layout): ` +
      `${done}, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}`,
  );
  for (const input of report.inputs) {
    const found = Object.entries(input.evidence ?? {}).map(([how, n]) => `${how} ${n}`);
    const skipped = Object.entries(input.skipped).map(([what, n]) => countOf(n, what));
    if (input.posts === 0 && skipped.length === 0) continue;
    const parts = [readSummary(input.read), found.length ? `posts found by ${found.join(', ')}` : '', skipped.length ? `skipped ${skipped.join(', ')}` : ''].filter(Boolean);
    // Skip names can quote the archive (a comment status it gave).
    lines.push(`  ${shown(`${input.file}: ${parts.join('; ')}`)}`);
  }
  if (report.assets) lines.push(assetSummary(report.assets, report.dryRun));
  const links = report.links;
  if (links.rewritten + links.unresolved.length > 0) {
    const kept = links.unresolved.length;
    lines.push(
      `Internal links: ${links.rewritten} now point to the new pages (in ${links.posts} post${links.posts === 1 ? '' : 's'})` +
        (kept ? `; ${kept} to posts not in the archive left as they were (listed in the --report JSON)` : ''),
    );
  }
  for (const map of report.redirects ?? []) {
    lines.push(`Redirects (${map.format}): ${map.entries} old address${map.entries === 1 ? '' : 'es'} → ${map.path}: ${map.status}`);
  }
  if (report.dryRun) {
    for (const post of report.posts) lines.push(`  ${post.status.padEnd(9)} ${post.output ?? '-'}  ${shown(post.title)}`);
  }
  const warnings = [...report.warnings, ...postWarnings];
  if (warnings.length) {
    lines.push('Warnings:');
    for (const w of warnings) lines.push(`  ${shown(`${formatSource(w.source)}: ${w.message}`)}`);
  }
  return lines.join('\n');
}

/** `Images: 180 downloaded (12.3 MB), 20 reused, 2 failed (listed below)`. */
function assetSummary(a: AssetCounts, dryRun: boolean): string {
  const parts = dryRun
    ? [`${a.planned} would be fetched`, `${a.reused} already stored`]
    : [`${a.downloaded} downloaded (${formatBytes(a.bytes)}, ${a.requests} request${a.requests === 1 ? '' : 's'})`, `${a.reused} reused`];
  if (a.album) parts.push(`${a.album} from the Takeout albums`);
  if (a.decoded) parts.push(`${a.decoded} decoded from data: URLs`);
  if (a.skipped) parts.push(`${a.skipped} not fetchable`);
  parts.push(`${a.failed} failed${a.failed ? ' (kept remote; see the warnings)' : ''}`);
  return `Images: ${parts.join(', ')}`;
}
