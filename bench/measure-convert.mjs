// One blogport conversion in a fresh process, reporting its time and its own peak RSS.
import { convert } from '../dist/index.js';

const [input, out] = process.argv.slice(2);
const started = performance.now();
const report = await convert([input], { outDir: out });
const ms = performance.now() - started;
if (report.inputs.some((i) => i.error)) {
  console.error(report.inputs.map((i) => i.error).join('\n'));
  process.exit(1);
}
const usage = process.resourceUsage();
// CPU time of the whole process: this thread and the render workers, user + system.
console.log(JSON.stringify({ ms, posts: report.counts.written, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
