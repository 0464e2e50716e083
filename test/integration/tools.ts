/**
 * The site generators the integration suite builds with, and how it finds or installs them.
 *
 * - Hugo and Jekyll are Debian packages (`hugo`, `jekyll`, `ruby-jekyll-redirect-from`), found
 *   on PATH. `.ci/run` installs them.
 * - Eleventy and Astro come from npm, pinned by `generators/package-lock.json` and installed by
 *   globalSetup with `npm ci` into a cache folder outside the repo (`$BLOGPORT_GENERATORS_CACHE`,
 *   default `~/.cache/blogport/generators/<hash of the lock file>`), so they never enter
 *   blogport's own dependencies or its `npm ci`.
 *
 * A generator that cannot be found or installed fails the suite — unless
 * `BLOGPORT_INTEGRATION_SKIP_MISSING=1` is set (for a developer without Hugo or Ruby), in which
 * case its tests are skipped with a line saying so. CI never sets it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type GeneratorName = 'hugo' | 'jekyll' | 'eleventy' | 'astro';
export const GENERATORS: readonly GeneratorName[] = ['hugo', 'jekyll', 'eleventy', 'astro'];

export const SKIP_MISSING_ENV = 'BLOGPORT_INTEGRATION_SKIP_MISSING';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const LOCK_DIR = join(HERE, 'generators');

/** What globalSetup found: per generator, how to run it, or why it is missing. */
export interface ToolInfo {
  name: GeneratorName;
  /** Version line as the tool prints it. */
  version?: string;
  /** Command and leading arguments to run it. */
  command?: string[];
  /** For npm generators: the node_modules folder a site links to. */
  nodeModules?: string;
  /** Set when the tool is unavailable. */
  missing?: string;
}

export type Tools = Record<GeneratorName, ToolInfo>;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command, capturing its output; never throws for a non-zero exit. */
export function run(command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const [file, ...args] = command;
  const started = performance.now();
  const r = spawnSync(file!, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeout ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ENOENT') throw r.error;
  return {
    status: r.error ? null : r.status,
    stdout: r.stdout ?? '',
    stderr: r.error ? String(r.error.message) : (r.stderr ?? ''),
    ms,
  };
}

function findBinary(name: 'hugo' | 'jekyll', versionArgs: string[], installHint: string): ToolInfo {
  const r = run([name, ...versionArgs], { timeout: 60_000 });
  if (r.status !== 0) {
    return { name, missing: `${name} is not installed (${installHint})` };
  }
  return { name, version: r.stdout.trim().split('\n')[0], command: [name] };
}

/** Where the npm generators are installed: one folder per lock file content. */
export function generatorsCacheDir(): string {
  const lock = readFileSync(join(LOCK_DIR, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const base = process.env.BLOGPORT_GENERATORS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'blogport', 'generators');
  return join(base, hash);
}

const INSTALLED_MARKER = '.blogport-installed';

/**
 * `npm ci` the pinned Eleventy and Astro into the cache folder, unless already there. Installs
 * into a fresh sibling folder and renames it into place, so an interrupted install is never
 * mistaken for a finished one. Returns how long it took (0 when cached) or why it failed.
 */
export function installNpmGenerators(): { dir: string; ms: number; error?: string } {
  const dir = generatorsCacheDir();
  if (existsSync(join(dir, INSTALLED_MARKER))) return { dir, ms: 0 };
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(join(LOCK_DIR, 'package.json'), join(staging, 'package.json'));
  copyFileSync(join(LOCK_DIR, 'package-lock.json'), join(staging, 'package-lock.json'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --loglevel=error: a transitive engine notice (Astro 5's font provider pulls an undici that
  // asks for Node 22; never loaded when building) is not worth a screenful in every CI log.
  const r = run([npm, 'ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, timeout: 900_000 });
  if (r.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return { dir, ms: r.ms, error: `npm ci of the site generators failed (exit ${r.status}):\n${r.stderr}${r.stdout}` };
  }
  writeFileSync(join(staging, INSTALLED_MARKER), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { dir, ms: r.ms };
}

function npmGenerator(name: 'eleventy' | 'astro', dir: string, installError: string | undefined): ToolInfo {
  if (installError) return { name, missing: installError };
  const nodeModules = join(dir, 'node_modules');
  const entry = name === 'eleventy' ? join(nodeModules, '@11ty', 'eleventy', 'cmd.cjs') : join(nodeModules, 'astro', 'astro.js');
  const pkg = name === 'eleventy' ? join(nodeModules, '@11ty', 'eleventy', 'package.json') : join(nodeModules, 'astro', 'package.json');
  if (!existsSync(entry)) return { name, missing: `${entry} not found after installing` };
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  return { name, version: `${name} ${version}`, command: [process.execPath, entry], nodeModules };
}

/** Find Hugo and Jekyll, install Eleventy and Astro; report what is missing. */
export function locateTools(): { tools: Tools; installMs: number } {
  const hugo = findBinary('hugo', ['version'], 'apt-get install hugo');
  const jekyll = findBinary('jekyll', ['--version'], 'apt-get install jekyll ruby-jekyll-redirect-from');
  if (!jekyll.missing) {
    // The redirect plugin is a separate package; without it Jekyll fails on the site's config.
    const r = run(['ruby', '-e', 'require "jekyll-redirect-from"'], { timeout: 60_000 });
    if (r.status !== 0) {
      Object.assign(jekyll, { missing: 'jekyll-redirect-from is not installed (apt-get install ruby-jekyll-redirect-from)', command: undefined });
    }
  }
  const install = installNpmGenerators();
  return {
    tools: {
      hugo,
      jekyll,
      eleventy: npmGenerator('eleventy', install.dir, install.error),
      astro: npmGenerator('astro', install.dir, install.error),
    },
    installMs: install.ms,
  };
}
