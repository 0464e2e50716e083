/**
 * Convert an input with the built CLI, put a minimal site around the output, build it with the
 * real generator, and check the built site against what blogport wrote:
 *
 * - the build exits 0 and prints nothing but progress (no warning of any kind);
 * - every published file is a page at the URL its layout promises, whose title, date, comment
 *   count and body text are those of the front matter and Markdown; no two share a URL;
 * - every unpublished file (drafts) has no page, and its title appears on none;
 * - every old URL in front matter is a page that redirects to the new URL;
 * - for a Blogger export, independently of blogport's reader: each draft is unpublished, each
 *   published post's old path redirects to its page, and a post that is unpublished without
 *   being a draft was reported as scheduled.
 *
 * Problems are collected, not thrown, so one run lists all of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { parse as parseYaml } from 'yaml';
import { offsetAt } from '../../src/model/dates.js';
import { readExport, type XmlExport } from '../acceptance/blogger-corpus.js';
import { blogport, describeRun, readDocument, readReport, ROOT, type ReportJson } from '../acceptance/run.js';
import { collapseWhitespace, renderedText } from '../helpers/renderText.js';
import { fileForUrl, unexpectedOutput, type FrontMatter, type SiteSpec } from './sites.js';
import type { ToolInfo } from './tools.js';

export interface SiteInput {
  /** Shown in test names. */
  name: string;
  /** The CLI's input argument, relative to the repo root. */
  input: string;
  /**
   * The zone the site is configured with (Hugo `timeZone`, Jekyll `timezone`): the zone the
   * input's date offsets are in, so Jekyll's dated URLs keep the day of the file name.
   */
  timezone: string;
  /** A Blogger export to model independently (drafts, old paths). */
  bloggerXml?: string;
  /** Takeout's settings.csv beside the feed. */
  settingsCsv?: string;
  /** Titles that must not be published (what the fixture documents as drafts). */
  drafts?: readonly string[];
}

export interface Variant {
  /** Shown in test names ('' for the default). */
  name: string;
  args: readonly string[];
}

export const DEFAULT_VARIANT: Variant = { name: '', args: [] };

export interface SiteRun {
  site: string;
  report: ReportJson;
  convertMs: number;
  buildMs: number;
  /** Every problem found; empty when the site is right. */
  problems: string[];
  /** Counts, for the test's own sanity assertions and the timing log. */
  published: number;
  unpublished: number;
  redirects: number;
  commentsChecked: number;
}

interface WrittenFile {
  path: string;
  id: string;
  title: string;
  fm: FrontMatter;
  body: string;
  warnings: string[];
}

/** Instant (ms) a front-matter date means when the generator reads dates without offset in `zone`. */
export function instantOf(value: string, zone: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (!m) throw new Error(`not a front-matter date: ${JSON.stringify(value)}`);
  const [, date, time = '00:00:00', offset] = m;
  return Date.parse(`${date}T${time}${offset ?? offsetAt(zone, date!, time)}`);
}

/** Whole seconds: generators print dates to the second. */
const seconds = (ms: number): number => Math.floor(ms / 1000);

function readComments(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  const data: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!Array.isArray(data)) throw new Error(`${file}: comments data is not a list`);
  return data;
}

/** The path of a `<meta http-equiv="refresh">` target, or why there is none. */
function redirectTarget(html: string): string | undefined {
  const $ = load(html);
  const content = $('meta[http-equiv="refresh" i]').attr('content');
  const m = content ? /^\s*\d+\s*;\s*url=(.+)$/i.exec(content) : null;
  if (!m) return undefined;
  return new URL(m[1]!.trim(), 'https://example.org/').pathname;
}

export function convertAndBuild(
  spec: SiteSpec,
  tool: ToolInfo,
  input: SiteInput,
  variant: Variant,
  workDir: string,
): SiteRun {
  const site = join(workDir, 'site');
  const reportFile = join(workDir, 'report.json');
  const started = performance.now();
  const cli = blogport('convert', input.input, '-o', site, '--layout', spec.layout, '--report', reportFile, ...variant.args);
  const convertMs = performance.now() - started;
  if (cli.status !== 0) throw new Error(`blogport convert failed:\n${describeRun(cli)}`);
  const report = readReport(reportFile);

  const files: WrittenFile[] = [];
  for (const post of report.posts) {
    if (!post.output || post.status !== 'written') continue;
    const doc = readDocument(join(site, post.output));
    files.push({
      path: post.output,
      id: post.id,
      title: post.title,
      fm: doc.frontMatter,
      body: doc.body,
      warnings: post.warnings.map((w) => `${w.code}: ${w.message}`),
    });
  }

  spec.scaffold(site, { timezone: input.timezone, tool });
  const build = spec.build(site, tool);
  const out = join(site, spec.outDir);
  const problems: string[] = [];
  const fail = (file: string, what: string) => problems.push(`${file}: ${what}`);

  if (build.status !== 0) problems.push(`build exited ${build.status}:\n${build.stdout}\n${build.stderr}`);
  for (const line of unexpectedOutput(spec, build)) problems.push(`build printed: ${line}`);

  const zone = spec.readsLocalDatesIn(input.timezone);
  const urls = new Map<string, string>();
  const builtTitles = new Set<string>();
  const unpublishedFiles: WrittenFile[] = [];
  let redirects = 0;
  let commentsChecked = 0;

  for (const file of files) {
    const url = spec.urlOf(file.path, file.fm);
    const page = join(out, fileForUrl(url));
    if (!spec.published(file.path, file.fm)) {
      unpublishedFiles.push(file);
      if (existsSync(page)) fail(file.path, `unpublished, yet built at ${url}`);
      continue;
    }
    const other = urls.get(url);
    if (other) fail(file.path, `same URL ${url} as ${other}`);
    urls.set(url, file.path);
    if (!existsSync(page)) {
      fail(file.path, `no page at ${url} (${fileForUrl(url)})`);
      continue;
    }
    const $ = load(readFileSync(page, 'utf8'));

    const title = $('.bp-title').text().trim();
    builtTitles.add(title);
    if (title !== file.fm.title) fail(file.path, `title ${JSON.stringify(title)} ≠ front matter ${JSON.stringify(file.fm.title)}`);

    const date = file.fm.pubDate ?? file.fm.date;
    const datetime = $('.bp-date').attr('datetime') ?? '';
    if (typeof date !== 'string') {
      fail(file.path, `front matter has no date string (${JSON.stringify(date)})`);
    } else if (Number.isNaN(Date.parse(datetime))) {
      fail(file.path, `built date ${JSON.stringify(datetime)} is not a date`);
    } else if (seconds(Date.parse(datetime)) !== seconds(instantOf(date, zone))) {
      fail(file.path, `built date ${datetime} ≠ front matter ${date} (read in ${zone})`);
    }

    const commentsFile = join(site, spec.commentsFileOf(file.path));
    const shown = $('.bp-comments');
    if (existsSync(commentsFile)) {
      const count = readComments(commentsFile).length;
      commentsChecked++;
      if (shown.text().trim() !== String(count)) fail(file.path, `page shows ${JSON.stringify(shown.text().trim())} comments, data file has ${count}`);
    } else if (shown.length > 0) {
      fail(file.path, `page shows comments but ${spec.commentsFileOf(file.path)} does not exist`);
    }

    const builtText = collapseWhitespace($('.bp-body').text());
    const expectedText = renderedText(spec.afterTemplates?.(file.body) ?? file.body, 'markdown-it');
    if (builtText !== expectedText) fail(file.path, `body text differs from markdown-it's rendering:\n${textDiff(expectedText, builtText)}`);

    for (const alias of spec.redirectsOf(file.fm)) {
      redirects++;
      if (alias === url) continue;
      const from = join(out, fileForUrl(alias));
      if (!existsSync(from)) {
        fail(file.path, `old URL ${alias} has no redirect page`);
        continue;
      }
      const target = redirectTarget(readFileSync(from, 'utf8'));
      if (target !== url) fail(file.path, `old URL ${alias} redirects to ${target ?? 'nothing'}, not ${url}`);
    }
  }

  const publishedTitles = new Set(files.filter((f) => !unpublishedFiles.includes(f)).map((f) => String(f.fm.title)));
  for (const file of unpublishedFiles) {
    const title = String(file.fm.title);
    if (builtTitles.has(title) && !publishedTitles.has(title)) fail(file.path, `unpublished, yet its title is on a built page`);
    for (const alias of spec.redirectsOf(file.fm)) {
      if (existsSync(join(out, fileForUrl(alias)))) fail(file.path, `unpublished, yet its old URL ${alias} is built`);
    }
  }

  if (input.drafts) {
    const got = unpublishedFiles.map((f) => f.title).sort();
    const want = [...input.drafts].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`unpublished ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }

  if (input.bloggerXml) {
    const model = readExport(join(ROOT, input.bloggerXml), input.settingsCsv ? { settingsCsv: readFileSync(join(ROOT, input.settingsCsv), 'utf8') } : {});
    checkAgainstExport(spec, model, files, out, fail);
  }

  return {
    site,
    report,
    convertMs,
    buildMs: build.ms,
    problems,
    published: files.length - unpublishedFiles.length,
    unpublished: unpublishedFiles.length,
    redirects,
    commentsChecked,
  };
}

/** Drafts and old paths as the export itself states them (read without blogport's reader). */
function checkAgainstExport(spec: SiteSpec, model: XmlExport, files: WrittenFile[], out: string, fail: (file: string, what: string) => void): void {
  const byId = new Map(files.map((f) => [f.id, f]));
  for (const post of model.posts) {
    const file = byId.get(post.id);
    if (!file) {
      fail(post.id, `entry ${post.entry} (${JSON.stringify(post.title)}) was not written`);
      continue;
    }
    const published = spec.published(file.path, file.fm);
    if (post.draft && published) fail(file.path, `a draft in the export, yet published`);
    if (!post.draft && !published && !file.warnings.some((w) => /scheduled/i.test(w))) {
      fail(file.path, `not a draft in the export, not reported as scheduled, yet unpublished`);
    }
    if (!published || !post.oldPath) continue;
    const url = spec.urlOf(file.path, file.fm);
    if (post.oldPath === url) continue;
    const from = join(out, fileForUrl(post.oldPath));
    const target = existsSync(from) ? redirectTarget(readFileSync(from, 'utf8')) : undefined;
    if (target !== url) fail(file.path, `the export's old path ${post.oldPath} does not redirect to ${url} (${target ?? 'no redirect page'})`);
  }
}

/** The first place two texts differ, with some context. */
function textDiff(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 60);
  return `  expected …${expected.slice(from, i + 80)}…\n  built    …${actual.slice(from, i + 80)}…`;
}
