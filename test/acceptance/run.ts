/**
 * Running the built CLI (`node bin/blogport.js …`) and reading back what it wrote.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { collapseWhitespace, renderedText, type RendererName } from '../helpers/renderText.js';
import type { ExpectedPost } from './archive.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'blogport.js');
/** The shared corpus, relative to the repo root as the issue names it. */
export const CORPUS_REL = '../shared/corpus';
export const CORPUS = resolve(ROOT, CORPUS_REL);

/** The renderers a body must render back to its source text with. */
export const RENDERERS: readonly RendererName[] = ['commonmark', 'markdown-it'];

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/blogport.js <args>` from the repo root. */
export function blogport(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` (relative POSIX paths, sorted); [] when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export interface Document {
  frontMatter: Record<string, unknown>;
  body: string;
}

/** Split a written file into its parsed front matter (`yaml.parse`) and its Markdown body. */
export function readDocument(file: string): Document {
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith('---\n')) throw new Error(`${file}: does not start with a front matter fence`);
  const end = text.startsWith('---\n---\n') ? 3 : text.indexOf('\n---\n', 4);
  if (end < 0) throw new Error(`${file}: front matter is not closed`);
  const yamlText = text.slice(4, end + 1);
  const parsed: unknown = parseYaml(yamlText);
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw new Error(`${file}: front matter is not a mapping: ${yamlText}`);
  }
  return { frontMatter: (parsed ?? {}) as Record<string, unknown>, body: text.slice(end + 5) };
}

/** The parts of the `--report` JSON the suite looks at. */
export interface ReportJson {
  outDir: string;
  dryRun: boolean;
  inputs: { file: string; format?: string; posts: number; error?: string }[];
  posts: { id: string; title: string; date?: string; output?: string; status: string; warnings: { code: string; message: string }[] }[];
  warnings: { code: string; message: string }[];
  counts: Record<string, number>;
}

export function readReport(file: string): ReportJson {
  return JSON.parse(readFileSync(file, 'utf8')) as ReportJson;
}

export interface ConvertedPost {
  /** Output path relative to the output folder, from the report. */
  output: string;
  frontMatter: Record<string, unknown>;
  body: string;
  /** Rendered text content per renderer, whitespace collapsed. */
  rendered: Record<string, string>;
}

export interface Outcome {
  cli: CliResult;
  outDir: string;
  report: ReportJson | undefined;
  /** Every file in the output folder. */
  files: string[];
  /** The written posts in reading order (the report's order). */
  posts: ConvertedPost[];
  /** Every warning code in the report (archive-level and per post). */
  warningCodes: string[];
}

/** Convert `input` into `outDir` with the CLI (plus `--report`) and read everything back. */
export function convertWithCli(input: string, outDir: string, reportFile: string, ...extra: string[]): Outcome {
  const cli = blogport('convert', input, '-o', outDir, '--report', reportFile, ...extra);
  const report = existsSync(reportFile) ? readReport(reportFile) : undefined;
  const posts: ConvertedPost[] = [];
  for (const post of report?.posts ?? []) {
    if (!post.output || !existsSync(join(outDir, post.output))) continue;
    const doc = readDocument(join(outDir, post.output));
    const rendered: Record<string, string> = {};
    for (const renderer of RENDERERS) rendered[renderer] = renderedText(doc.body, renderer);
    posts.push({ output: post.output, ...doc, rendered });
  }
  const warningCodes = [...(report?.warnings ?? []), ...(report?.posts ?? []).flatMap((p) => p.warnings)].map((w) => w.code);
  return { cli, outDir, report, files: listFiles(outDir), posts, warningCodes };
}

/** Per renderer: the source text collapsed, to compare with `ConvertedPost.rendered`. */
export function expectedRendering(source: string): Record<string, string> {
  const text = collapseWhitespace(source);
  return Object.fromEntries(RENDERERS.map((r) => [r, text]));
}

/** Whether a written post renders back to exactly the expected post's source text, in every renderer. */
export function roundTrips(post: ConvertedPost, expected: ExpectedPost): boolean {
  const want = collapseWhitespace(expected.body);
  return RENDERERS.every((r) => post.rendered[r] === want);
}

/** Figures for one run: posts found and posts whose text round-trips (matched by title, else by position). */
export function figures(outcome: Outcome, expected: readonly ExpectedPost[]): { posts: number; roundTrip: number } {
  let roundTrip = 0;
  outcome.posts.forEach((post, i) => {
    const match = expected.find((e) => e.title === post.frontMatter.title) ?? expected[i];
    if (match && roundTrips(post, match)) roundTrip++;
  });
  return { posts: outcome.files.filter((f) => f.endsWith('.md')).length, roundTrip };
}

/** A short, readable message for a failed CLI run. */
export function describeRun(cli: CliResult): string {
  return `exit ${cli.status}\n--- stderr ---\n${cli.stderr}--- stdout ---\n${cli.stdout}`;
}

/**
 * Fresh numbered folders under one temp dir, removed after the suite (dist/ is built once by
 * globalSetup.ts). Call inside a `describe`.
 */
export function useTempFolders(prefix: string): { fresh: (label: string) => string } {
  let tmp = '';
  let runs = 0;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
  return {
    fresh: (label) => {
      const dir = join(tmp, `${String(++runs).padStart(3, '0')}-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}
