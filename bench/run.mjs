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
// Images (issue: 1,000 images with --concurrency 8 at least 5× as fast as one at a time; per-host
//   limits hold): a generated export of 100 posts × 10 images spread over four Blogger image hosts,
//   every image answered by a local mirror after a small latency (--latency ms, default 50: a short
//   round trip to an image CDN; real ones are longer, and add transfer time); the mirror counts the
//   requests in flight per host. --concurrency 8 and --concurrency 1 alternate.
//
// Internal links (issue 5: links between posts rewritten at the end, memory flat): the same
//   generated export, and a copy where every outside link points at another post of the blog
//   (bench/gen-linked.mjs, ~3 per post: the worst case), both converted by blogport; at one tenth
//   of the size too, to see whether what the links cost in memory grows with the archive.
//
// Usage: npm run bench [-- --only text|blogger|html|assets|links (or several: text,blogger)] [--posts N] [--runs R] [--big N]
//                      [--pages N] [--small-pages N] [--images N] [--latency MS]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
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
/** Whether a section runs: `--only text,blogger` runs two (in one process, so no run follows another's cleanup). */
const wanted = (section) => ONLY === 'all' || ONLY.split(',').includes(section);
const TEXT_POSTS = Number(arg('--posts', 30_000));
const BLOGGER_POSTS = Number(arg('--blogger-posts', 10_000));
const BIG_POSTS = Number(arg('--big', 100_000));
const RUNS = Number(arg('--runs', 3));
const MIRROR_PAGES = Number(arg('--pages', 2000));
const MIRROR_SMALL = Number(arg('--small-pages', 500));
const sharedBench = join(root, '..', 'shared', 'bench');

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
mkdirSync(tmp, { recursive: true });

// Every measured run writes into a folder of its own, and all of them are removed only when the
// bench ends. On ext4 without a journal (this project's CI machines), creating files within
// minutes of deleting many others costs ~10× the kernel time (ext4 skips inodes deleted
// recently, one check per candidate: 14,000 small files took 3.6–4.5 s of system time right
// after a deletion and 0.37 s otherwise). Deleting each run's output before the next made every
// run pay that, so the bench measured the file system's cleanup instead of the converters.
const outputs = join(tmp, 'outputs');
const trash = join(tmp, 'outputs-old');
if (existsSync(outputs)) {
  // Left by an interrupted bench: moved aside now, deleted at the end with this run's.
  rmSync(trash, { recursive: true, force: true });
  renameSync(outputs, trash);
}
mkdirSync(outputs, { recursive: true });
let outputCount = 0;
/** A new, empty output folder for one measured run. */
const freshOutput = (name) => join(outputs, `${name}-${++outputCount}`);
process.on('exit', () => {
  rmSync(outputs, { recursive: true, force: true });
  rmSync(trash, { recursive: true, force: true });
});

function generated(kind, posts) {
  const file = join(tmp, kind === 'text' ? `dump-${posts}.txt` : kind === 'linked' ? `blogger-${posts}-linked.xml` : `blogger-${posts}.xml`);
  if (kind === 'linked') {
    execFileSync(process.execPath, [join(here, 'gen-linked.mjs'), generated('blogger', posts), file], { stdio: 'inherit' });
    return file;
  }
  if (existsSync(file)) return file;
  const generator = kind === 'text' ? join(here, 'gen-text.mjs') : join(sharedBench, 'gen-blogger.mjs');
  execFileSync(process.execPath, [generator, String(posts), file], { stdio: 'inherit' });
  return file;
}

/** Run a measuring child; it prints one JSON line {ms, posts, maxRssKb}. */
function measure(script, input) {
  const out = freshOutput(script.replace(/\W/g, ''));
  const child = spawnSync(process.execPath, [join(here, script), input, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
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

if (wanted('text')) {
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

if (wanted('blogger')) {
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

if ((wanted('links')) && existsSync(join(sharedBench, 'gen-blogger.mjs'))) {
  const rows = [];
  for (const posts of [Math.max(1000, Math.round(BLOGGER_POSTS / 10)), BLOGGER_POSTS]) {
    // Both exports in one comparison, runs interleaved: a slow moment of the machine hits both.
    const plain = generated('blogger', posts);
    const linked = generated('linked', posts);
    const results = { plain: [], linked: [] };
    for (let run = 0; run < RUNS; run++) {
      results.plain.push(measure('measure-convert.mjs', plain));
      results.linked.push(measure('measure-convert.mjs', linked));
    }
    const failed = [...results.plain, ...results.linked].find((r) => r.failed);
    if (failed) {
      console.log(`\nInternal links, ${posts} posts: failed: ${failed.failed}`);
      continue;
    }
    const row = (name) => ({ ms: median(results[name].map((r) => r.ms)), cpu: median(results[name].map((r) => r.cpuMs)), rss: Math.round(median(results[name].map((r) => r.maxRssKb)) / 1024) });
    rows.push({ posts, plain: row('plain'), linked: row('linked') });
  }
  console.log(`\nInternal links: blogport on a Blogger export, and on the same export with ~3 links per post to other posts — median of ${RUNS}`);
  console.log('  posts    plain time (CPU)      linked time (CPU)     CPU ratio   plain RSS   linked RSS');
  const secs = (ms) => (ms / 1000).toFixed(1);
  for (const r of rows) {
    console.log(`  ${String(r.posts).padStart(6)} ${`${secs(r.plain.ms)} s (${secs(r.plain.cpu)} s)`.padStart(18)} ${`${secs(r.linked.ms)} s (${secs(r.linked.cpu)} s)`.padStart(20)} ${(r.linked.cpu / r.plain.cpu).toFixed(2).padStart(10)}× ${String(r.plain.rss).padStart(8)} MB ${String(r.linked.rss).padStart(9)} MB`);
  }
  const last = rows.at(-1);
  if (last) summary.push(`links: ${(last.linked.cpu / last.plain.cpu).toFixed(2)}× the CPU time, ${last.linked.rss - last.plain.rss >= 0 ? '+' : ''}${last.linked.rss - last.plain.rss} MB peak RSS with ~3 internal links per post on ${last.posts} posts`);
}

if (wanted('assets')) {
  const images = Number(arg('--images', 1000));
  const latency = Number(arg('--latency', 50));
  const input = assetsExport(images);
  const mirror = await startMirror(latency);
  const results = { 8: [], 1: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const concurrency of [8, 1]) {
      mirror.reset();
      const out = freshOutput(`assets-${concurrency}`);
      const measured = await measureAsync('measure-assets.mjs', [input, out, String(mirror.port), String(concurrency)]);
      results[concurrency].push({ ...measured, requests: mirror.requests, perHost: mirror.mostPerHost(), inAll: mirror.mostInAll });
    }
  }
  mirror.close();
  console.log(`\nImages: ${images} from a local mirror, ${latency} ms per request, 4 hosts; median of ${RUNS} run${RUNS === 1 ? '' : 's'}`);
  console.log('  --concurrency   time     images/s  requests  CPU     most in flight (per host / all)');
  const rows = {};
  for (const concurrency of [8, 1]) {
    const runs = results[concurrency];
    const failed = runs.find((r) => r.failed);
    if (failed) {
      console.log(`  ${String(concurrency).padStart(13)}  failed: ${failed.failed}`);
      continue;
    }
    const ms = median(runs.map((r) => r.ms));
    rows[concurrency] = { ms, perHost: Math.max(...runs.map((r) => r.perHost)), inAll: Math.max(...runs.map((r) => r.inAll)) };
    const cpu = median(runs.map((r) => r.cpuMs)) / 1000;
    console.log(
      `  ${String(concurrency).padStart(13)} ${(ms / 1000).toFixed(2).padStart(6)} s ${String(Math.round(images / (ms / 1000))).padStart(10)} ${String(runs[0].requests).padStart(9)}  ${cpu.toFixed(2).padStart(5)} s  ${rows[concurrency].perHost} / ${rows[concurrency].inAll}`,
    );
  }
  if (rows[8] && rows[1]) {
    const ratio = rows[1].ms / rows[8].ms;
    console.log(`  --concurrency 8 is ${ratio.toFixed(2)}× as fast as --concurrency 1 (target ≥ 5×); at most ${rows[8].perHost} requests per host at once (limit 4)`);
    console.log(`  all runs: ${results[8].map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s with 8; ${results[1].map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s with 1`);
    summary.push(`assets: ${ratio.toFixed(2)}× with --concurrency 8 over 1 on ${images} images, ≤ ${rows[8].perHost} per host`);
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
    const out = freshOutput('html');
    const r = measured([join(root, 'bin', 'blogport.js'), 'convert', m.folder, '-o', out, '--force']);
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
 * What two free cores would allow: no thread goes faster than its own CPU time (the busiest one:
 * the main thread, or a page worker), and two cores cannot do the total CPU time in less than
 * half of it.
 */
const freeCoresMs = (r) => (r.threads ? Math.max(r.threads.busiestMs ?? r.threads.mainMs, r.cpuMs / 2) : r.cpuMs / 2);
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

if (wanted('html')) {
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
        `  on 2 free cores at best (wall ≥ max(busiest thread's CPU, CPU/2)): blogport ${perS(blogport, freeCoresMs(blogport))} pages/s at CPU/wall ≤ ${(blogport.cpuMs / freeCoresMs(blogport)).toFixed(2)}, floor ${perS(floor, freeCoresMs(floor))} pages/s; blogport's main thread does ${Math.round((100 * blogport.threads.mainMs) / blogport.cpuMs)} % of its CPU work, its busiest thread ${Math.round((100 * (blogport.threads.busiestMs ?? blogport.threads.mainMs)) / blogport.cpuMs)} %`,
      );
    }
    if (floor.pages !== large.read) console.log(`  note: the floor parsed ${floor.pages} pages, the mirror has ${large.read} to read`);
    console.log(`  posts written: ${blogport.posts} (the mirror holds ${large.posts} distinct posts)`);
    const smallFloor = smallRun.rows[0];
    if (!smallBlogport.failed && !smallFloor.failed) {
      console.log(`  ${MIRROR_SMALL} pages: blogport ${perS(smallBlogport, smallBlogport.ms)} pages/s at CPU/wall ${smallBlogport.cpuPerWall.toFixed(2)}, floor ${perS(smallFloor, smallFloor.ms)} pages/s`);
      console.log(`  peak RSS, blogport: ${smallBlogport.peakRssMb} MB at ${MIRROR_SMALL} pages → ${blogport.peakRssMb} MB at ${MIRROR_PAGES} pages (floor: ${smallFloor.peakRssMb} → ${floor.peakRssMb} MB)`);
    }
    console.log(`  load average (1 min) during the runs: ${largeRun.load} (${MIRROR_PAGES} pages), ${smallRun.load} (${MIRROR_SMALL}) on ${availableParallelism()} cores`);
    summary.push(
      `html: ${perS(blogport, blogport.ms)} pages/s vs the cheerio floor's ${perS(floor, floor.ms)} (${(blogport.cpuMs / floor.cpuMs).toFixed(2)}× its CPU time), CPU/wall ${blogport.cpuPerWall.toFixed(2)}, peak RSS ${smallBlogport.peakRssMb ?? '?'} → ${blogport.peakRssMb} MB for ${MIRROR_SMALL} → ${MIRROR_PAGES} pages, load ${largeRun.load}`,
    );
  }
}

console.log(`\nSummary: ${summary.join('; ')}`);

/** A classic Blogger export of `images / 10` posts with 10 images each, spread over four image hosts. */
function assetsExport(images) {
  const file = join(tmp, `assets-${images}.xml`);
  if (existsSync(file)) return file;
  const posts = Math.ceil(images / 10);
  const entries = [];
  let n = 0;
  for (let p = 0; p < posts; p++) {
    const html = [];
    for (let i = 0; i < 10 && n < images; i++, n++) {
      html.push(`&lt;p&gt;Photo ${n}&lt;/p&gt;&lt;img src="https://${(n % 4) + 1}.bp.blogspot.com/-id${n}/s1600/photo-${n}.jpg" /&gt;`);
    }
    const day = String((p % 28) + 1).padStart(2, '0');
    entries.push(
      `<entry><id>tag:blogger.com,1999:blog-1.post-${p}</id><published>2020-01-${day}T10:00:00.000Z</published><updated>2020-01-${day}T10:00:00.000Z</updated>` +
        `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>` +
        `<title type='text'>Photos ${p}</title><content type='html'>${html.join('')}</content>` +
        `<link rel='alternate' type='text/html' href='https://bench.blogspot.com/2020/01/photos-${p}.html'/><author><name>Bench</name></author></entry>`,
    );
  }
  writeFileSync(
    file,
    `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1.archive</id>` +
      `<updated>2020-02-01T00:00:00.000Z</updated><title type='text'>Bench</title><link rel='alternate' type='text/html' href='https://bench.blogspot.com/'/>` +
      `<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>\n${entries.join('\n')}</feed>\n`,
  );
  return file;
}

/** A local image server: every path answers a small JPEG after `latency` ms; requests in flight counted per host. */
async function startMirror(latency) {
  const inFlight = new Map();
  const most = new Map();
  let now = 0;
  const state = { requests: 0, mostInAll: 0 };
  const server = createServer((req, res) => {
    const host = req.url.split('/')[1];
    state.requests++;
    inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
    most.set(host, Math.max(most.get(host) ?? 0, inFlight.get(host)));
    state.mostInAll = Math.max(state.mostInAll, ++now);
    setTimeout(() => {
      const body = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF ${req.url}`), Buffer.alloc(2048)]);
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length });
      res.end(body, () => {
        inFlight.set(host, inFlight.get(host) - 1);
        now--;
      });
    }, latency);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    get requests() {
      return state.requests;
    },
    get mostInAll() {
      return state.mostInAll;
    },
    mostPerHost: () => Math.max(0, ...most.values()),
    reset() {
      state.requests = 0;
      state.mostInAll = 0;
      most.clear();
    },
    close: () => server.close(),
  };
}

/** Like measure(), without blocking this process (it serves the mirror meanwhile). */
function measureAsync(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      if (code !== 0) resolve({ failed: (stderr || stdout).trim().split('\n').slice(-3).join(' / ') });
      else resolve(JSON.parse(stdout.trim().split('\n').pop()));
    });
  });
}
