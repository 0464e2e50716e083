#!/usr/bin/env node
// Where blogport's time goes on a saved-page mirror: runs the CLI under `node --cpu-prof` (one
// profile per thread: the main thread and each render worker) and sums the samples into the
// pipeline's steps — page parsing, selector queries of the extractors, reader code, Markdown
// conversion, YAML, writes, messages between threads, GC. It also counts the pages the reader
// reads twice (merge pass 2) and their share of the bytes parsed.
//
// Usage: node bench/profile-html.mjs [--pages N] [--top K]
// (builds dist; the mirror is generated once into bench/tmp/mirror-N by bench/gen-mirror.mjs)
//
// The profiles sample wall-clock time: on a shared machine a thread that waits for a core is
// counted where it was interrupted, so read the shares, not the seconds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
const PAGES = Number(arg('--pages', 500));
const TOP = Number(arg('--top', 12));

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
mkdirSync(tmp, { recursive: true });
const mirror = join(tmp, `mirror-${PAGES}`);
if (!existsSync(mirror) || !existsSync(`${mirror}.json`)) {
  rmSync(`${mirror}.partial`, { recursive: true, force: true });
  const summary = execFileSync(process.execPath, [join(here, 'gen-mirror.mjs'), String(PAGES), `${mirror}.partial`], { encoding: 'utf8' });
  renameSync(`${mirror}.partial`, mirror);
  writeFileSync(`${mirror}.json`, summary);
}

// A preload that counts how often each page is opened (pass 2 opens some pages again).
const counter = join(tmp, 'count-page-reads.mjs');
writeFileSync(
  counter,
  `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const counts = new Map();
const count = (path) => counts.set(String(path), (counts.get(String(path)) ?? 0) + 1);
const open = fs.createReadStream;
fs.createReadStream = function (path, ...rest) { count(path); return open.call(this, path, ...rest); };
const readFile = fs.promises.readFile;
fs.promises.readFile = function (path, ...rest) { count(path); return readFile.call(this, path, ...rest); };
syncBuiltinESMExports();
process.on('exit', () => {
  let once = 0, again = 0, pages = 0, twice = 0;
  for (const [path, n] of counts) {
    if (!/\\.s?html?/i.test(path)) continue;
    const size = fs.statSync(path).size;
    pages++; once += size;
    if (n > 1) { twice++; again += size * (n - 1); }
  }
  fs.writeFileSync(process.env.BENCH_READS, JSON.stringify({ pages, twice, bytesOnce: once, bytesAgain: again }));
});
`,
);

const profiles = join(tmp, 'profiles');
rmSync(profiles, { recursive: true, force: true });
const out = join(tmp, 'out-profile');
rmSync(out, { recursive: true, force: true });
const reads = join(tmp, 'page-reads.json');
const run = spawnSync(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--import', counter, join(root, 'bin', 'blogport.js'), 'convert', mirror, '-o', out, '--force', '-q'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, BENCH_READS: reads } },
);
rmSync(out, { recursive: true, force: true });
if (run.status !== 0) {
  console.error(run.stderr || run.stdout);
  process.exit(1);
}

/** The pipeline step a sample belongs to, from the function on top of the stack. */
function step(frame) {
  const { url, functionName: name } = frame;
  if (!url) {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(idle)') return 'idle (waiting for work or I/O)';
    if (name === '(program)') return 'V8 / native (program)';
    if (name === 'postMessage') return 'messages between threads (structured clone)';
    if (/^(?:open|close|read|stat|lstat|fstat|writeBuffer|writeString|rename|mkdir|realpath|unlink|rm|readdir|readFileUtf8|openFileHandle)$/.test(name)) return 'file system calls';
    return 'V8 / native (program)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (/^(?:parse5|parse5-htmlparser2-tree-adapter|htmlparser2|domhandler)$/.test(pkg)) return 'HTML parsing (cheerio load: parse5/htmlparser2)';
    if (/^(?:cheerio-select|css-select|css-what|domutils|boolbase|nth-check)$/.test(pkg)) return 'selector queries (css-select, domutils)';
    if (pkg === 'cheerio') return 'cheerio API (wrappers, clone, .html(), .text())';
    if (/^(?:dom-serializer|entities)$/.test(pkg)) return 'serialising HTML (dom-serializer)';
    if (/turndown|domino/.test(pkg)) return 'turndown (incl. its domino parse)';
    if (pkg === 'yaml') return 'YAML front matter';
    return `npm: ${pkg}`;
  }
  if (url.startsWith('node:')) return 'Node internals (modules, streams, fs wrappers)';
  const src = /\/dist\/(.*)$/.exec(url)?.[1];
  if (src) {
    if (src.startsWith('readers/')) return 'reader code (extractors, toPost, merge)';
    if (src.startsWith('convert/')) return 'HTML → Markdown rules (src/convert)';
    if (src.startsWith('layouts/')) return 'layouts (paths, front matter)';
    if (src.startsWith('write/')) return 'planning and writing (src/write)';
    return `src: ${src}`;
  }
  return 'other';
}

const INCLUSIVE = ['readPageBytes', 'parsePage', 'findPosts', 'toPost', 'bodyHtml', 'renderAndSettle', 'renderPost', 'htmlToMarkdown', 'commentData', 'turndown', 'write'];

function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map();
  for (let i = 0; i < profile.samples.length; i++) time.set(profile.samples[i], (time.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  let total = 0;
  const steps = new Map();
  const inclusive = new Map();
  for (const [id, us] of time) {
    total += us;
    const s = step(nodes.get(id).callFrame);
    steps.set(s, (steps.get(s) ?? 0) + us);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = nodes.get(cur).callFrame;
      const ours = frame.url.includes('/dist/') && !frame.url.includes('node_modules');
      const library = frame.functionName === 'turndown' && frame.url.includes('/turndown/');
      if (!INCLUSIVE.includes(frame.functionName) || !(ours || library) || seen.has(frame.functionName)) continue;
      seen.add(frame.functionName);
      inclusive.set(frame.functionName, (inclusive.get(frame.functionName) ?? 0) + us);
    }
  }
  return { total, steps, inclusive };
}

const files = readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile')).sort();
const meta = JSON.parse(readFileSync(`${mirror}.json`, 'utf8'));
console.log(`blogport on a ${PAGES}-page mirror (${meta.read} pages to read, ${meta.posts} posts, ${meta.megabytes} MB), one CPU profile per thread`);
const line = (us, total, label) => `  ${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)} %  ${label}`;
for (const [i, file] of files.entries()) {
  const { total, steps, inclusive } = summarise(join(profiles, file));
  console.log(`\n${i === 0 ? 'main thread' : `worker thread ${i}`} — ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [label, us] of [...steps].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(line(us, total, label));
  const incl = [...inclusive].filter(([, us]) => us / total > 0.01).sort((a, b) => b[1] - a[1]);
  if (incl.length) {
    console.log('  inclusive (a function and everything it calls):');
    for (const [name, us] of incl) console.log(line(us, total, `${name}()`));
  }
}
const r = JSON.parse(readFileSync(reads, 'utf8'));
console.log(
  `\nmerge pass 2: ${r.twice} of ${r.pages} pages read twice; ${(r.bytesAgain / 1e6).toFixed(1)} MB parsed again on top of ${(r.bytesOnce / 1e6).toFixed(1)} MB (${((100 * r.bytesAgain) / (r.bytesOnce + r.bytesAgain)).toFixed(1)} % of all bytes parsed)`,
);
console.log(`profiles: ${profiles} (open in Chrome DevTools → Performance, or speedscope)`);
