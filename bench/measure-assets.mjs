// One `--assets download` conversion in a fresh process, its images fetched from the bench's
// local mirror (bench/run.mjs --only assets). Public Blogger URLs are pointed at the mirror by
// blogport's own node:http transport (keep-alive agent, address guard) behind a URL rewrite:
// `https://1.bp.blogspot.com/x.jpg` → `http://127.0.0.1:PORT/1.bp.blogspot.com/x.jpg`.
import { convert } from '../dist/index.js';
import { createNodeFetch } from '../dist/write/assets/http.js';

const [input, out, port, concurrency] = process.argv.slice(2);
const transport = createNodeFetch({ allowPrivateHosts: true });
const mirror = (url, init) => {
  const target = new URL(url);
  return transport.fetch(`http://127.0.0.1:${port}/${target.host}${target.pathname}`, init);
};
const started = performance.now();
const report = await convert([input], { outDir: out, assets: 'download', concurrency: Number(concurrency), assetNetwork: { fetch: mirror } });
const ms = performance.now() - started;
transport.close();
if (report.inputs.some((i) => i.error) || report.assets.failed > 0) {
  console.error(JSON.stringify(report.inputs.map((i) => i.error)), JSON.stringify(report.assets));
  process.exit(1);
}
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
console.log(JSON.stringify({ ms, cpuMs, posts: report.counts.written, images: report.assets.downloaded, requests: report.assets.requests, maxRssKb: usage.maxRSS }));
