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
// Usage: npm run bench [-- --only text|blogger] [--posts N] [--runs R] [--big N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
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
    const cpuMs = median(runs.map((r) => r.cpuMs ?? NaN));
    return {
      name,
      posts: runs[0].posts,
      ms,
      times: runs.map((r) => r.ms),
      cpuMs,
      postsPerS: Math.round(runs[0].posts / (ms / 1000)),
      mbPerS: +(mb / (ms / 1000)).toFixed(1),
      peakRssMb: Math.round(median(runs.map((r) => r.maxRssKb)) / 1024),
    };
  });
  return { mb: +mb.toFixed(1), rows };
}

function print(title, result, runs = RUNS) {
  console.log(`\n${title} — ${result.mb} MB, median of ${runs} run${runs === 1 ? '' : 's'}`);
  console.log('  side        posts     time   CPU (user+sys)   posts/s    MB/s   peak RSS   all runs');
  for (const r of result.rows) {
    if (r.failed) console.log(`  ${r.name.padEnd(10)} failed: ${r.failed}`);
    else {
      const all = r.times.map((ms) => (ms / 1000).toFixed(1)).join(' ');
      console.log(`  ${r.name.padEnd(10)} ${String(r.posts).padStart(6)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${(r.cpuMs / 1000).toFixed(2).padStart(9)} s ${String(r.postsPerS).padStart(11)} ${String(r.mbPerS).padStart(7)} ${String(r.peakRssMb).padStart(7)} MB   ${all} s`);
    }
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
      console.log(`  blogport is ${speedup.toFixed(2)}× as fast as the naive pipeline (target ≥ 3×); CPU time ${(naive.cpuMs / blogport.cpuMs).toFixed(2)}× less`);
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

console.log(`\nSummary: ${summary.join('; ')}`);
