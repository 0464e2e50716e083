#!/usr/bin/env node
// npm run bench — speed and memory of blogport next to a baseline measured in the same run.
//
// Every side runs in a fresh process (so its peak RSS is its own), RUNS times, interleaved with
// the other side so a slow moment of the machine hits both alike; medians and ratios are printed.
//
// Plain-text dumps (issue: within 3× of the floor, flat memory, ≤ 200 MB on a 100 MB dump):
//   a generated dump (default 30,000 posts ≈ 105 MB, and one tenth of it) converted by blogport and
//   by a floor script that only reads, splits at headers and footers and writes one file per post.
// Blogger exports (issue: ≥ 3× the naive pipeline on 10,000 posts; ≤ 300 MB peak RSS on 100,000):
//   a generated classic export (../shared/bench/gen-blogger.mjs) converted by blogport and by the
//   naive pipeline of existing tools (whole-file fast-xml-parser, turndown per post, one write
//   per post); then blogport alone on the 100,000-post export (≈ 780 MB), which the naive
//   pipeline cannot load.
//
// Saved pages (issue: a 2,000-page mirror converts with both cores busy and flat memory; pages/s
//   next to a floor of parsing every page with cheerio alone): a generated wget mirror of a
//   Blogger blog (bench/gen-mirror.mjs) converted by the CLI exactly as a user runs it, and the
//   floor (bench/floor-html.mjs: read + cheerio load() of the same pages, one thread); both at
//   2,000 and 500 pages so flat memory shows. Both sides are measured by bench/rusage.mjs from
//   inside their process: wall time, CPU time of every thread (CPU / wall ≈ 2 means both cores
//   were busy) and peak RSS.
//
// Usage: npm run bench [-- --only text|blogger|html] [--posts N] [--runs R] [--big N]
//                      [--pages N] [--small-pages N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const ONLY = arg('--only', 'all');
const TEXT_POSTS = Number(arg('--posts', 30_000));
const BLOGGER_POSTS = Number(arg('--blogger-posts', 10_000));
const BIG_POSTS = Number(arg('--big', 100_000));
const RUNS = Number(arg('--runs', 3));
const MIRROR_PAGES = Number(arg('--pages', 2000));
const MIRROR_SMALL = Number(arg('--small-pages', 500));
const sharedBench = join(root, '..', 'shared', 'bench');

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
mkdirSync(tmp, { recursive: true });

function generated(kind, posts) {
  const file = join(tmp, kind === 'text' ? `dump-${posts}.txt` : `blogger-${posts}.xml`);
  if (existsSync(file)) return file;
  const generator = kind === 'text' ? join(here, 'gen-text.mjs') : join(sharedBench, 'gen-blogger.mjs');
  execFileSync(process.execPath, [generator, String(posts), file], { stdio: 'inherit' });
  return file;
}

/** Run a measuring child; it prints one JSON line {ms, posts, maxRssKb}. */
function measure(script, input) {
  const out = join(tmp, `out-${script.replace(/\W/g, '')}`);
  rmSync(out, { recursive: true, force: true });
  const child = spawnSync(process.execPath, [join(here, script), input, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  rmSync(out, { recursive: true, force: true });
  if (child.status !== 0) return { failed: (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' / ') };
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Measure each side RUNS times, interleaved; one row per side. */
function compare(input, sides, runs = RUNS) {
  const mb = statSync(input).size / 1e6;
  const results = Object.fromEntries(sides.map(([name]) => [name, []]));
  for (let run = 0; run < runs; run++) for (const [name, script] of sides) results[name].push(measure(script, input));
  const rows = sides.map(([name]) => {
    const runs = results[name];
    const failed = runs.find((r) => r.failed);
    if (failed) return { name, failed: failed.failed };
    const ms = median(runs.map((r) => r.ms));
    return { name, posts: runs[0].posts, ms, postsPerS: Math.round(runs[0].posts / (ms / 1000)), mbPerS: +(mb / (ms / 1000)).toFixed(1), peakRssMb: Math.round(median(runs.map((r) => r.maxRssKb)) / 1024) };
  });
  return { mb: +mb.toFixed(1), rows };
}

function print(title, result, runs = RUNS) {
  console.log(`\n${title} — ${result.mb} MB, median of ${runs} run${runs === 1 ? '' : 's'}`);
  console.log('  side        posts     time      posts/s    MB/s   peak RSS');
  for (const r of result.rows) {
    if (r.failed) console.log(`  ${r.name.padEnd(10)} failed: ${r.failed}`);
    else console.log(`  ${r.name.padEnd(10)} ${String(r.posts).padStart(6)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${String(r.postsPerS).padStart(10)} ${String(r.mbPerS).padStart(7)} ${String(r.peakRssMb).padStart(7)} MB`);
  }
}

console.log(`blogport bench on ${process.platform} ${process.arch}, node ${process.version}, ${RUNS} runs per side`);
const summary = [];

if (ONLY === 'all' || ONLY === 'text') {
  const sides = [['floor', 'floor-text.mjs'], ['blogport', 'measure-convert.mjs']];
  const small = compare(generated('text', Math.max(1000, Math.round(TEXT_POSTS / 10))), sides);
  print('Plain-text dump, small', small);
  const large = compare(generated('text', TEXT_POSTS), sides);
  print('Plain-text dump, large', large);
  const [floor, blogport] = large.rows;
  const ratio = blogport.ms / floor.ms;
  console.log(`  blogport / floor time: ${ratio.toFixed(2)}× (target ≤ 3×)`);
  console.log(`  peak RSS ${small.rows[1].peakRssMb} MB → ${blogport.peakRssMb} MB for ${small.mb} → ${large.mb} MB of input (target: flat, ≤ 200 MB)`);
  summary.push(`text: ${ratio.toFixed(2)}× the floor, ${blogport.peakRssMb} MB peak RSS on ${large.mb} MB`);
}

if (ONLY === 'all' || ONLY === 'blogger') {
  if (!existsSync(join(sharedBench, 'gen-blogger.mjs'))) {
    console.log('\nBlogger: ../shared/bench/gen-blogger.mjs not found, skipped');
  } else {
    const sides = [['naive', 'naive-blogger.mjs'], ['blogport', 'measure-convert.mjs']];
    const result = compare(generated('blogger', BLOGGER_POSTS), sides);
    print(`Blogger classic export, ${BLOGGER_POSTS} posts`, result);
    const [naive, blogport] = result.rows;
    if (!naive.failed && !blogport.failed) {
      const speedup = naive.ms / blogport.ms;
      console.log(`  blogport is ${speedup.toFixed(2)}× as fast as the naive pipeline (target ≥ 3×)`);
      summary.push(`blogger: ${speedup.toFixed(2)}× the naive pipeline on ${BLOGGER_POSTS} posts`);
    }
    if (BIG_POSTS > 0) {
      const big = compare(generated('blogger', BIG_POSTS), [['blogport', 'measure-convert.mjs']], 1);
      print(`Blogger classic export, ${BIG_POSTS} posts`, big, 1);
      const row = big.rows[0];
      if (!row.failed) {
        console.log(`  peak RSS ${row.peakRssMb} MB (target ≤ 300 MB); the naive pipeline cannot load a file this size`);
        summary.push(`blogger: ${row.peakRssMb} MB peak RSS on ${big.mb} MB`);
      }
    }
  }
}

// ---------------------------------------------------------------- saved pages (html)

/** A generated mirror of `pages` pages, cached in bench/tmp with the generator's summary. */
function mirror(pages) {
  const folder = join(tmp, `mirror-${pages}`);
  const summaryFile = `${folder}.json`;
  if (existsSync(folder) && existsSync(summaryFile)) return { folder, ...JSON.parse(readFileSync(summaryFile, 'utf8')) };
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
  const summary = execFileSync(process.execPath, [join(here, 'gen-mirror.mjs'), String(pages), partial], { encoding: 'utf8' });
  renameSync(partial, folder);
  writeFileSync(summaryFile, summary);
  return { folder, ...JSON.parse(summary) };
}

/** Run one command under bench/rusage.mjs; its own wall time, CPU time and peak RSS. */
function measured(argv) {
  const usageFile = join(tmp, 'rusage.json');
  rmSync(usageFile, { force: true });
  const child = spawnSync(process.execPath, ['--import', join(here, 'rusage.mjs'), ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, BENCH_RUSAGE: usageFile },
  });
  if (child.status !== 0 || !existsSync(usageFile)) return { failed: (child.stderr || child.stdout).trim().split('\n').slice(-3).join(' / ') };
  return { ...JSON.parse(readFileSync(usageFile, 'utf8')), stdout: child.stdout };
}

const htmlSides = {
  floor(m) {
    const r = measured([join(here, 'floor-html.mjs'), m.folder]);
    if (!r.failed) r.pages = JSON.parse(r.stdout.trim().split('\n').pop()).pages;
    return r;
  },
  blogport(m) {
    const out = join(tmp, 'out-html');
    rmSync(out, { recursive: true, force: true });
    const r = measured([join(root, 'bin', 'blogport.js'), 'convert', m.folder, '-o', out, '--force']);
    rmSync(out, { recursive: true, force: true });
    if (!r.failed) {
      r.pages = m.read;
      r.posts = Number(/(\d+) written/.exec(r.stdout)?.[1] ?? NaN);
    }
    return r;
  },
};

/** Both sides on one mirror, `runs` times, interleaved; medians with the spread of the times. */
function compareHtml(m, runs) {
  const results = { floor: [], blogport: [] };
  const loadBefore = loadAverage();
  for (let run = 0; run < runs; run++) for (const side of Object.keys(results)) results[side].push(htmlSides[side](m));
  const rows = Object.entries(results).map(([name, list]) => {
    const failed = list.find((r) => r.failed);
    if (failed) return { name, failed: failed.failed };
    const wall = list.map((r) => r.wallMs);
    const threads = list[0].threads
      ? Object.fromEntries(Object.keys(list[0].threads).map((k) => [k, median(list.map((r) => r.threads[k]))]))
      : undefined;
    return {
      name,
      pages: list[0].pages,
      posts: list[0].posts,
      ms: median(wall),
      minMs: Math.min(...wall),
      maxMs: Math.max(...wall),
      cpuMs: median(list.map((r) => r.cpuMs)),
      cpuPerWall: median(list.map((r) => r.cpuMs / r.wallMs)),
      threads,
      peakRssMb: Math.round(median(list.map((r) => r.maxRssKb)) / 1024),
    };
  });
  return { rows, load: `${loadBefore} → ${loadAverage()}` };
}

/** The 1-minute load average (Linux), to show how much the machine was shared during a run. */
function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return '?';
  }
}

/**
 * What two free cores would allow: the main thread cannot go faster than its own CPU time, and
 * two cores cannot do the total CPU time in less than half of it.
 */
const freeCoresMs = (r) => (r.threads ? Math.max(r.threads.mainMs, r.cpuMs / 2) : r.cpuMs / 2);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function printHtml(title, m, { rows, load }, runs) {
  console.log(`\n${title} — ${m.pages} pages (${m.read} read, ${m.junk} mirror junk), ${m.posts} posts, ${m.megabytes} MB; median of ${runs} run${runs === 1 ? '' : 's'}; load average ${load} on ${availableParallelism()} cores`);
  console.log('  side        pages  wall (min–max)        pages/s  CPU total  main thread  workers  GC/helpers  CPU/wall  peak RSS');
  for (const r of rows) {
    if (r.failed) {
      console.log(`  ${r.name.padEnd(10)} failed: ${r.failed}`);
      continue;
    }
    const spread = `(${(r.minMs / 1000).toFixed(1)}–${(r.maxMs / 1000).toFixed(1)})`;
    const t = r.threads;
    console.log(
      `  ${r.name.padEnd(10)} ${String(r.pages).padStart(5)} ${seconds(r.ms).padStart(7)} ${spread.padEnd(13)} ${String(Math.round(r.pages / (r.ms / 1000))).padStart(8)} ${seconds(r.cpuMs).padStart(10)} ${(t ? seconds(t.mainMs) : '?').padStart(12)} ${(t ? seconds(t.laterMs) : '?').padStart(8)} ${(t ? seconds(t.helpersMs) : '?').padStart(11)} ${r.cpuPerWall.toFixed(2).padStart(9)} ${String(r.peakRssMb).padStart(6)} MB`,
    );
  }
}

if (ONLY === 'all' || ONLY === 'html') {
  const large = mirror(MIRROR_PAGES);
  const small = mirror(MIRROR_SMALL);
  const largeRun = compareHtml(large, RUNS);
  printHtml(`Saved pages, ${MIRROR_PAGES}-page mirror`, large, largeRun, RUNS);
  const smallRun = compareHtml(small, RUNS);
  printHtml(`Saved pages, ${MIRROR_SMALL}-page mirror`, small, smallRun, RUNS);
  const [floor, blogport] = largeRun.rows;
  const smallBlogport = smallRun.rows[1];
  if (!floor.failed && !blogport.failed) {
    const perS = (r, ms) => Math.round(r.pages / (ms / 1000));
    console.log(`\n  ${MIRROR_PAGES} pages, as measured: blogport ${perS(blogport, blogport.ms)} pages/s, floor ${perS(floor, floor.ms)} pages/s (blogport takes ${(blogport.ms / floor.ms).toFixed(2)}× the floor's time)`);
    console.log(`  per CPU-second (steadier on a shared machine): blogport ${perS(blogport, blogport.cpuMs)} pages, floor ${perS(floor, floor.cpuMs)} pages (${(blogport.cpuMs / floor.cpuMs).toFixed(2)}× the floor's CPU time)`);
    console.log(`  CPU/wall (2.0 = both cores busy): blogport ${blogport.cpuPerWall.toFixed(2)}, floor ${floor.cpuPerWall.toFixed(2)} (a single thread on a free core: 1.0 plus its GC helpers)`);
    if (blogport.threads) {
      console.log(
        `  on 2 free cores at best (wall ≥ max(main-thread CPU, CPU/2)): blogport ${perS(blogport, freeCoresMs(blogport))} pages/s at CPU/wall ≤ ${(blogport.cpuMs / freeCoresMs(blogport)).toFixed(2)}, floor ${perS(floor, freeCoresMs(floor))} pages/s; blogport's main thread does ${Math.round((100 * blogport.threads.mainMs) / blogport.cpuMs)} % of its CPU work`,
      );
    }
    if (floor.pages !== large.read) console.log(`  note: the floor parsed ${floor.pages} pages, the mirror has ${large.read} to read`);
    console.log(`  posts written: ${blogport.posts} (the mirror holds ${large.posts} distinct posts)`);
    if (!smallBlogport.failed) {
      console.log(`  peak RSS, blogport: ${smallBlogport.peakRssMb} MB at ${MIRROR_SMALL} pages → ${blogport.peakRssMb} MB at ${MIRROR_PAGES} pages (floor: ${smallRun.rows[0].peakRssMb} → ${floor.peakRssMb} MB)`);
    }
    summary.push(
      `html: ${perS(blogport, blogport.ms)} pages/s vs the cheerio floor's ${perS(floor, floor.ms)} (${(blogport.cpuMs / floor.cpuMs).toFixed(2)}× its CPU time), CPU/wall ${blogport.cpuPerWall.toFixed(2)}, peak RSS ${smallBlogport.peakRssMb ?? '?'} → ${blogport.peakRssMb} MB for ${MIRROR_SMALL} → ${MIRROR_PAGES} pages`,
    );
  }
}

console.log(`\nSummary: ${summary.join('; ')}`);
