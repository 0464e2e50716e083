/**
 * Running the built CLI over a Blogger export and reading back everything it wrote: the report
 * (with the Blogger-era fields: kind, draft, comments data file, skip counts), every document's
 * front matter and body, the comments data files; and looking for text that must not be there
 * (spam, removed comments, e-mail addresses, comments with `--comments none`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { renderedText as markdownText } from '../helpers/fidelity.js';
import { collapse, type XmlComment } from './blogger-corpus.js';
import { BIN, listFiles, readDocument, ROOT, type CliResult, type Document, type ReportJson } from './run.js';

/** The report as the Blogger suite reads it (see src/model/report.ts). */
export interface BloggerReport extends Omit<ReportJson, 'posts' | 'inputs'> {
  layout?: string;
  inputs: { file: string; format?: string; posts: number; skipped?: Record<string, number>; error?: string }[];
  posts: {
    id: string;
    kind?: 'post' | 'page';
    title: string;
    date?: string;
    draft?: boolean;
    output?: string;
    comments?: string;
    status: string;
    warnings: { code: string; message: string; source?: { file: string; line?: number; entry?: number } }[];
  }[];
}

export interface BloggerRun {
  label: string;
  args: string[];
  cli: CliResult;
  outDir: string;
  report: BloggerReport | undefined;
  /** Every file in the output folder (relative POSIX paths, sorted). */
  files: string[];
  /** Written documents by report post id. */
  docs: Map<string, Document & { output: string }>;
  /** Report post by id. */
  byId: Map<string, BloggerReport['posts'][number]>;
}

/** `node bin/blogport.js <args>` with a timeout fit for the 3 MB export. */
export function blogportSlow(args: readonly string[], timeoutMs = 280_000): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Convert `input` into `outDir` (plus `--report reportFile`) and read back what was written. */
export function runConvert(label: string, input: string, outDir: string, reportFile: string, extra: readonly string[] = []): BloggerRun {
  const args = ['convert', input, '-o', outDir, '--report', reportFile, ...extra];
  const cli = blogportSlow(args);
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as BloggerReport) : undefined;
  const docs = new Map<string, Document & { output: string }>();
  const byId = new Map<string, BloggerReport['posts'][number]>();
  for (const post of report?.posts ?? []) {
    byId.set(post.id, post);
    if (!post.output || !existsSync(join(outDir, post.output))) continue;
    docs.set(post.id, { ...readDocument(join(outDir, post.output)), output: post.output });
  }
  return { label, args, cli, outDir, report, files: listFiles(outDir), docs, byId };
}

/** A comments data file (YAML or JSON by its extension): the list of comment records. */
export function readCommentsFile(file: string): Record<string, unknown>[] {
  const text = readFileSync(file, 'utf8');
  const parsed: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!Array.isArray(parsed)) throw new Error(`${file}: comments data is not a list: ${text.slice(0, 200)}`);
  return parsed as Record<string, unknown>[];
}

// ------------------------------------------------------------------------------------------------
// Looking for text that must not be in the output.

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Word-like segments, lower case. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.toLocaleLowerCase())) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** Every string value inside parsed YAML/JSON. */
function strings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Date) out.push(value.toISOString());
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
}

/**
 * What a reader of an output file sees, as text: a document's front matter strings and its body
 * rendered (markdown-it, so link URLs and escapes are not in the way of the words); a data file's
 * string values, each rendered as Markdown (comment bodies are Markdown).
 */
export function visibleTextOf(file: string): string {
  const raw = readFileSync(file, 'utf8');
  const parts: string[] = [];
  try {
    if (file.endsWith('.md')) {
      const doc = readDocument(file);
      strings(doc.frontMatter, parts);
      parts.push(markdownText(doc.body));
    } else if (/\.(?:ya?ml|json)$/.test(file)) {
      const values: string[] = [];
      strings(file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw), values);
      for (const v of values) parts.push(v, markdownText(v));
    } else {
      parts.push(raw);
    }
  } catch {
    parts.push(raw);
  }
  return parts.join(' \u0000 ');
}

/** The output folder as one searchable text per file. */
export interface OutputText {
  /** file → ` word word … ` (lower case, single spaces, padded). */
  words: Map<string, string>;
  /** file → raw content, lower case. */
  raw: Map<string, string>;
}

export function outputText(outDir: string, files: readonly string[]): OutputText {
  const words = new Map<string, string>();
  const raw = new Map<string, string>();
  for (const f of files) {
    const full = join(outDir, f);
    raw.set(f, readFileSync(full, 'utf8').toLocaleLowerCase());
    words.set(f, ` ${wordsOf(visibleTextOf(full)).join(' ')} `);
  }
  return { words, raw };
}

/** The n-grams (as ` a b c `) of a word list. */
function grams(list: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= list.length; i++) out.push(` ${list.slice(i, i + n).join(' ')} `);
  return out;
}

export const GRAM = 6;

/** Text that may legitimately be in the output (posts, live comments …), to keep probes distinctive. */
export interface AllowedText {
  /** Every GRAM-gram. */
  grams: Set<string>;
  /** All words, for shorter probes: ` a b c … `. */
  joined: string;
}

export function allowedText(texts: Iterable<string>): AllowedText {
  const set = new Set<string>();
  const all: string[] = [];
  for (const text of texts) {
    const list = wordsOf(text);
    for (const g of grams(list, GRAM)) set.add(g);
    all.push(list.join(' '));
  }
  return { grams: set, joined: ` ${all.join(' \u0001 ')} ` };
}

const isAllowed = (probe: string, allowed: AllowedText): boolean =>
  probe.split(' ').filter(Boolean).length === GRAM ? allowed.grams.has(probe) : allowed.joined.includes(probe);

/**
 * Word sequences that identify a comment's text: up to `max` of its GRAM-grams (spread over the
 * text) that occur nowhere in `allowed` (text that may legitimately be in the output); a short
 * comment (3–5 words) is its own probe. Comments with nothing distinctive give no probe.
 */
export function probesOf(comment: XmlComment, allowed: AllowedText, max = 8): string[] {
  const list = wordsOf(comment.text);
  if (list.length < 3) return [];
  const candidates = list.length < GRAM ? [` ${list.join(' ')} `] : grams(list, GRAM);
  const distinctive = [...new Set(candidates)].filter((g) => !isAllowed(g, allowed));
  if (distinctive.length <= max) return distinctive;
  const step = distinctive.length / max;
  return Array.from({ length: max }, (_, i) => distinctive[Math.floor(i * step)]!);
}

/** The link and image URLs of an HTML fragment. */
export function urlsOf(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!.trim()).filter((u) => /^https?:\/\//i.test(u));
}

export interface Leak {
  what: string;
  probe: string;
  file: string;
}

/**
 * Where any of the comments shows up in the output: a distinctive word sequence of its text in a
 * file's visible text, or (with `urls`) one of its link URLs that no allowed text has, in a file's
 * raw content.
 */
export function findCommentLeaks(
  text: OutputText,
  comments: readonly XmlComment[],
  allowed: AllowedText,
  allowedUrls: Set<string>,
  urls = true,
): { leaks: Leak[]; probed: number; unprobed: XmlComment[] } {
  const leaks: Leak[] = [];
  let probed = 0;
  const unprobed: XmlComment[] = [];
  for (const c of comments) {
    const probes = probesOf(c, allowed);
    // A URL is a probe only when no allowed URL starts with it (`https://x.com/` vs `https://x.com/page`).
    const urlProbes = urls
      ? [...new Set(urlsOf(c.html).map((u) => u.toLocaleLowerCase()))].filter((u) => ![...allowedUrls].some((a) => a.startsWith(u)))
      : [];
    if (probes.length === 0 && urlProbes.length === 0) {
      unprobed.push(c);
      continue;
    }
    probed++;
    const what = `${c.state} comment ${c.id} (entry ${c.entry}): "${collapse(c.text).slice(0, 80)}"`;
    for (const [file, words] of text.words) {
      const hit = probes.find((p) => words.includes(p));
      if (hit) {
        leaks.push({ what, probe: hit.trim(), file });
        continue;
      }
      const raw = text.raw.get(file)!;
      const urlHit = urlProbes.find((u) => containsUrl(raw, u));
      if (urlHit) leaks.push({ what, probe: urlHit, file });
    }
  }
  return { leaks, probed, unprobed };
}

/** Whether `text` has `url` as a whole URL (not as the start of a longer one). */
function containsUrl(text: string, url: string): boolean {
  for (let at = text.indexOf(url); at >= 0; at = text.indexOf(url, at + 1)) {
    const next = text[at + url.length];
    if (next === undefined || /[\s)\]"'<>`]/.test(next)) return true;
  }
  return false;
}

/** Files whose raw content contains any of the addresses (case-insensitive). */
export function findEmails(text: OutputText, emails: readonly string[]): { email: string; file: string }[] {
  const out: { email: string; file: string }[] = [];
  for (const email of emails) {
    const needle = email.toLocaleLowerCase();
    for (const [file, raw] of text.raw) if (raw.includes(needle)) out.push({ email, file });
  }
  return out;
}
