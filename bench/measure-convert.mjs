// One blogport conversion in a fresh process, reporting its time, CPU time (all threads) and its own peak RSS.
import { inputBytes, textInputBytes, tuneHeapForStreaming } from '../dist/cli/heap.js';
import { convert } from '../dist/index.js';

const [input, out] = process.argv.slice(2);
// As the CLI does: its heap policy for large inputs is part of what is measured.
tuneHeapForStreaming(inputBytes([input]), undefined, undefined, await textInputBytes([input]));
const started = performance.now();
// As the CLI does without --report: entries are counted, not kept.
const report = await convert([input], { outDir: out, reportPosts: false });
const ms = performance.now() - started;
if (report.inputs.some((i) => i.error)) {
  console.error(report.inputs.map((i) => i.error).join('\n'));
  process.exit(1);
}
const usage = process.resourceUsage();
// CPU time of the whole process: this thread and the render workers, user + system.
console.log(JSON.stringify({ ms, posts: report.counts.written, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
