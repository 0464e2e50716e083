/**
 * One entry per site generator: how a minimal site is put around blogport's output (the files in
 * `scaffolds/<generator>/`), how it is built, which lines of the build's output are only progress
 * (anything else — a warning, a deprecation, a stray log line — fails the build check), and what
 * the layout promises for each written file: published or not under that generator's rules, the
 * URL it gets, the old URLs that must redirect to it, where its comments data file is, and the
 * time zone the generator reads dates without an offset in.
 *
 * URLs are worked out from the output path blogport chose and the front matter it wrote, the way
 * the generator's default permalinks do — never listed by hand.
 */
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LayoutName } from '../../src/layouts/index.js';
import { run, type GeneratorName, type RunResult, type ToolInfo } from './tools.js';

const SCAFFOLDS = fileURLToPath(new URL('./scaffolds/', import.meta.url));
const NO_NETWORK = new URL('./no-network.mjs', import.meta.url).href;

export type FrontMatter = Record<string, unknown>;

export interface SiteSpec {
  generator: GeneratorName;
  layout: LayoutName;
  /** Build output folder, relative to the site. */
  outDir: string;
  /** Write the scaffold into `site` (blogport's output is already there). */
  scaffold(site: string, options: { timezone: string; tool: ToolInfo }): void;
  build(site: string, tool: ToolInfo): RunResult;
  /** Lines of build output that are progress, not warnings. Blank lines are always fine. */
  progress: readonly RegExp[];
  /** Whether the generator publishes this file by default. */
  published(path: string, fm: FrontMatter): boolean;
  /** The URL the file gets (site-relative, starting with `/`). */
  urlOf(path: string, fm: FrontMatter): string;
  /** Old URL paths in front matter that must redirect to it. */
  redirectsOf(fm: FrontMatter): string[];
  /**
   * The Markdown the generator's Markdown renderer gets after its template pass (Hugo turns its
   * shortcode comments back into the text they show), to compare the built text with.
   */
  afterTemplates?(markdown: string): string;
  /** The comments data file blogport writes beside it (`--comments data`), relative to the site. */
  commentsFileOf(path: string): string;
  /**
   * The zone the generator reads a date without offset in: the site's configured zone (Hugo,
   * Jekyll), or UTC where front matter is read by a JavaScript YAML parser (Eleventy, Astro).
   */
  readsLocalDatesIn(timezone: string): string;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Copy `scaffolds/<name>` into the site, filling in the time zone. */
function copyScaffold(name: GeneratorName, site: string, timezone: string, configFile?: string): void {
  cpSync(join(SCAFFOLDS, name), site, { recursive: true, errorOnExist: true, force: false });
  if (configFile) {
    const file = join(site, configFile);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('BLOGPORT_TIMEZONE', timezone));
  }
}

function nodeEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_OPTIONS: `--import=${NO_NETWORK}`,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ASTRO_TELEMETRY_DISABLED: '1',
    CI: '1',
  };
}

/** `name.md` / `name/index.md` → `name`. */
const fileSlug = (path: string): string => {
  const m = /([^/]+?)(?:\/index)?\.md$/.exec(path);
  if (!m) throw new Error(`not a Markdown file: ${path}`);
  return m[1]!;
};

export const hugo: SiteSpec = {
  generator: 'hugo',
  layout: 'hugo',
  outDir: 'public',
  scaffold: (site, { timezone }) => copyScaffold('hugo', site, timezone, 'hugo.toml'),
  // --panicOnWarning turns any warning into a failure; --printPathWarnings reports two pages
  // written to the same path. --quiet drops the summary table, so any output at all is news.
  build: (site, tool) => run([...tool.command!, '--panicOnWarning', '--printPathWarnings', '--quiet'], { cwd: site }),
  progress: [],
  published: (_path, fm) => fm.draft !== true,
  // Hugo's default permalinks: a section page at /<section>/<slug>/, a root page at /<slug>/;
  // `slug` in front matter replaces the file name.
  urlOf: (path, fm) => {
    const slug = typeof fm.slug === 'string' ? fm.slug : fileSlug(path);
    return path.startsWith('content/posts/') ? `/posts/${slug}/` : `/${slug}/`;
  },
  redirectsOf: (fm) => stringList(fm.aliases),
  afterTemplates: (markdown) =>
    markdown.replace(/\{\{([<%])\/\*([\s\S]*?)\*\/([>%])\}\}/g, (_all, open: string, inner: string, close: string) => `{{${open}${inner}${close}}}`),
  commentsFileOf: (path) => `data/comments/${path.startsWith('content/posts/') ? 'posts' : 'pages'}/${fileSlug(path)}.yaml`,
  readsLocalDatesIn: (timezone) => timezone,
};

const JEKYLL_POST = /^_posts\/(\d{4})-(\d{2})-(\d{2})-(.+)\.md$/;

export const jekyll: SiteSpec = {
  generator: 'jekyll',
  layout: 'jekyll',
  outDir: '_site',
  scaffold: (site, { timezone }) => copyScaffold('jekyll', site, timezone, '_config.yml'),
  build: (site, tool) =>
    run([...tool.command!, 'build', '--strict_front_matter', '--trace'], {
      cwd: site,
      // Jekyll reads files as UTF-8 only when the locale says so.
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    }),
  progress: [
    /^\s*Configuration file: \S/,
    /^\s*Source: \S/,
    /^\s*Destination: \S/,
    /^\s*Incremental build: disabled\./,
    /^\s*Generating\.\.\.\s*$/,
    /^\s*done in [\d.]+ seconds\.$/,
    /^\s*Auto-regeneration: disabled\./,
  ],
  // _drafts/ is built only with --drafts; a page with `published: false` is not built.
  published: (path, fm) => !path.startsWith('_drafts/') && fm.published !== false,
  // Jekyll's default `permalink: date`, /:categories/:year/:month/:day/:title:output_ext, with the
  // day of the file name (the site's `timezone` keeps the front-matter date on that day); pages
  // keep their path: /<name>.html.
  urlOf: (path, fm) => {
    const m = JEKYLL_POST.exec(path);
    if (!m) return `/${path.replace(/\.md$/, '.html')}`;
    if (stringList(fm.categories).length > 0) throw new Error(`${path}: categories in the URL are not modelled here`);
    return `/${m[1]}/${m[2]}/${m[3]}/${m[4]}.html`;
  },
  redirectsOf: (fm) => stringList(fm.redirect_from),
  commentsFileOf: (path) => `_data/comments/${path.replace(/^_(?:posts|drafts)\//, '').replace(/\.md$/, '')}.yml`,
  readsLocalDatesIn: (timezone) => timezone,
};

export const eleventy: SiteSpec = {
  generator: 'eleventy',
  layout: 'eleventy',
  outDir: '_site',
  scaffold: (site, { timezone }) => {
    copyScaffold('eleventy', site, timezone);
    writeFileSync(join(site, 'package.json'), '{ "private": true, "type": "module" }\n');
  },
  build: (site, tool) => run([...tool.command!], { cwd: site, env: nodeEnv() }),
  progress: [/^\[11ty\] Writing \S+ from \S+/, /^\[11ty\] Wrote \d+ files? in [\d.]+ seconds/, /^\[11ty\] Copied \d+ /],
  // blogport gives drafts `permalink: false`: Eleventy writes no file for them.
  published: (_path, fm) => fm.permalink !== false,
  urlOf: (path) => (path.startsWith('posts/') ? `/posts/${fileSlug(path)}/` : `/${fileSlug(path)}/`),
  redirectsOf: (fm) => stringList(fm.aliases),
  commentsFileOf: (path) => `_data/comments/${path.startsWith('posts/') ? 'posts' : 'pages'}/${fileSlug(path)}.json`,
  readsLocalDatesIn: () => 'UTC',
};

export const astro: SiteSpec = {
  generator: 'astro',
  layout: 'astro',
  outDir: 'dist',
  scaffold: (site, { timezone, tool }) => {
    copyScaffold('astro', site, timezone);
    writeFileSync(join(site, 'package.json'), '{ "private": true, "type": "module" }\n');
    // Astro resolves itself and its virtual modules from the project's node_modules.
    if (!existsSync(join(site, 'node_modules'))) symlinkSync(tool.nodeModules!, join(site, 'node_modules'), 'dir');
  },
  build: (site, tool) => run([...tool.command!, 'build'], { cwd: site, env: nodeEnv() }),
  progress: [
    // Timestamped lines from Astro's own loggers; a warning or error carries [WARN]/[ERROR]
    // and is rejected before these are tried.
    /^\d{2}:\d{2}:\d{2} \[(?:build|vite|content|types|check)\] (?!.*\b(?:warn|deprecat))/i,
    /^\s*generating static routes\s*$/,
    /^\d{2}:\d{2}:\d{2} [▶λ] src\/pages\/\S+$/,
    /^\d{2}:\d{2}:\d{2}\s+[├└]─ \/\S* \(\+\d+ms\)\s*$/,
    /^\d{2}:\d{2}:\d{2} ✓ Completed in [\d.]+m?s\.$/,
  ],
  // The scaffold's routes filter `draft: true` out, as Astro's docs recommend; Astro itself has
  // no draft rule.
  published: (_path, fm) => fm.draft !== true,
  urlOf: (path) => (path.startsWith('src/content/blog/') ? `/blog/${fileSlug(path)}/` : `/${fileSlug(path)}/`),
  redirectsOf: (fm) => stringList(fm.redirect_from),
  commentsFileOf: (path) => `src/content/comments/${path.startsWith('src/content/blog/') ? 'posts' : 'pages'}/${fileSlug(path)}.json`,
  readsLocalDatesIn: () => 'UTC',
};

export const SITES: Record<GeneratorName, SiteSpec> = { hugo, jekyll, eleventy, astro };

/** Output lines that are not progress: warnings, deprecations, errors, anything unexpected. */
export function unexpectedOutput(spec: SiteSpec, result: RunResult): string[] {
  const lines = `${result.stdout}\n${result.stderr}`.split(/\r?\n/);
  return lines.filter((line) => {
    if (line.trim() === '') return false;
    if (/\[(?:WARN|ERROR)\]/.test(line)) return true;
    return !spec.progress.some((re) => re.test(line));
  });
}

/** The file a URL is served from in the build output. */
export function fileForUrl(url: string): string {
  const path = decodeURI(url).replace(/^\/+/, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}
