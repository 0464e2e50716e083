#!/usr/bin/env node
// npm run bench — speed and memory of blogport next to a floor measured in the same run.
//
// Plain-text dumps: a generated dump (default 30,000 posts, ≈ 105 MB) is converted end to end by
// blogport (the library's convert(), the same code the CLI runs) and by a bare floor script that
// reads the file, splits lines at date headers and writes one file per post — the least any
// converter must do. Each runs RUNS times in a fresh process (so peak RSS is its own); medians
// and the ratio are printed. A smaller dump shows that peak RSS does not grow with the input.
//
// Usage: npm run bench [-- --posts N --runs R]
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
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const POSTS = arg('--posts', 30_000);
const RUNS = arg('--runs', 3);

if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
mkdirSync(tmp, { recursive: true });

function dump(posts) {
  const file = join(tmp, `dump-${posts}.txt`);
  if (!existsSync(file)) execFileSync(process.execPath, [join(here, 'gen-text.mjs'), String(posts), file], { stdio: 'inherit' });
  return file;
}

/** Run a measuring child; it prints one JSON line {ms, posts, maxRssKb}. */
function measure(script, input, out) {
  rmSync(out, { recursive: true, force: true });
  const child = spawnSync(process.execPath, [join(here, script), input, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${script} failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop());
  rmSync(out, { recursive: true, force: true });
  return result;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function compare(input) {
  const mb = statSync(input).size / 1e6;
  const floor = [];
  const blogport = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleave, so a slow moment of the machine hits both sides alike.
    floor.push(measure('floor-text.mjs', input, join(tmp, 'out-floor')));
    blogport.push(measure('measure-convert.mjs', input, join(tmp, 'out-blogport')));
  }
  const row = (name, runs) => {
    const ms = median(runs.map((r) => r.ms));
    const posts = runs[0].posts;
    return { name, posts, ms, postsPerS: Math.round(posts / (ms / 1000)), mbPerS: +(mb / (ms / 1000)).toFixed(1), peakRssMb: Math.round(median(runs.map((r) => r.maxRssKb)) / 1024) };
  };
  return { mb: +mb.toFixed(1), floor: row('floor', floor), blogport: row('blogport', blogport) };
}

function print(title, result) {
  console.log(`\n${title} — ${result.mb} MB, median of ${RUNS} runs`);
  console.log('  side       posts     time      posts/s    MB/s   peak RSS');
  for (const r of [result.floor, result.blogport]) {
    console.log(`  ${r.name.padEnd(9)} ${String(r.posts).padStart(6)} ${(r.ms / 1000).toFixed(2).padStart(7)} s ${String(r.postsPerS).padStart(10)} ${String(r.mbPerS).padStart(7)} ${String(r.peakRssMb).padStart(7)} MB`);
  }
  const ratio = result.blogport.ms / result.floor.ms;
  console.log(`  blogport / floor time: ${ratio.toFixed(2)}× (target ≤ 3×)`);
  return ratio;
}

console.log(`blogport bench on ${process.platform} ${process.arch}, node ${process.version}`);
const small = compare(dump(Math.max(1000, Math.round(POSTS / 10))));
print('Plain-text dump, small', small);
const large = compare(dump(POSTS));
const ratio = print('Plain-text dump, large', large);
console.log(
  `\nPeak RSS small → large input: ${small.blogport.peakRssMb} MB → ${large.blogport.peakRssMb} MB ` +
    `for ${small.mb} MB → ${large.mb} MB of input (target: flat, ≤ 200 MB on the 100 MB dump)`,
);
console.log(`Summary: time ratio ${ratio.toFixed(2)}×, peak RSS ${large.blogport.peakRssMb} MB`);
