// The naive Blogger pipeline the issue compares against — what existing Node tools do: parse the
// whole export with fast-xml-parser, run turndown on each post, write one file per post.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import TurndownService from 'turndown';

const [input, out] = process.argv.slice(2);
const started = performance.now();
mkdirSync(out, { recursive: true });
const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(input, 'utf8')).feed;
const turndown = new TurndownService();
let posts = 0;
for (const entry of [].concat(feed.entry ?? [])) {
  const kinds = [].concat(entry.category ?? []).map((c) => c.term ?? '');
  if (!kinds.some((term) => term.endsWith('#post'))) continue;
  const html = typeof entry.content === 'object' ? (entry.content['#text'] ?? '') : String(entry.content ?? '');
  const title = typeof entry.title === 'object' ? (entry.title['#text'] ?? '') : String(entry.title ?? '');
  writeFileSync(join(out, `post-${++posts}.md`), `---\ntitle: ${JSON.stringify(title)}\ndate: ${entry.published}\n---\n\n${turndown.turndown(html)}\n`);
}
const usage = process.resourceUsage();
console.log(JSON.stringify({ ms: performance.now() - started, posts, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
