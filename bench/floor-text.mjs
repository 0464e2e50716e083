// The floor for plain-text dumps: the least any converter has to do. Read the file as a stream,
// split lines, start a post at each date-header-shaped line, write one file per post. No
// escaping, no front matter library, no encoding detection, no checks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const [input, out] = process.argv.slice(2);
const started = performance.now();
mkdirSync(out, { recursive: true });
const header = /^(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday), \d{1,2} \w+ \d{4}$/;
let posts = 0;
let lines = [];
const flush = () => {
  if (lines.some((l) => l.length > 0)) writeFileSync(join(out, `post-${++posts}.md`), lines.join('\n'));
  lines = [];
};
// A post ends at the next date header or after its last footer line (the generator closes every
// post with a signature or a Labels line), so the floor writes as many files as there are posts.
const lastFooter = /^(?:Post created by |Labels: )/;
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (header.test(line)) flush();
  lines.push(line);
  if (lastFooter.test(line)) flush();
}
flush();
const usage = process.resourceUsage();
console.log(JSON.stringify({ ms: performance.now() - started, posts, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
