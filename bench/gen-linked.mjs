#!/usr/bin/env node
// A generated Blogger export where every post links other posts of the same blog: each outside
// link of the original (http://www.example.com/…) becomes a link to a random published post, under
// the blog's hosts as real blogs write them (other country domains, ?m=1, #fragments). The worst
// case for internal-link rewriting: nearly every document is settled at the end.
//
// Usage: node bench/gen-linked.mjs <export.xml> <out.xml>   (streams both passes: any size)
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [input, output] = process.argv.slice(2);
const lines = () => createInterface({ input: createReadStream(input, 'utf8'), crlfDelay: Infinity });

// Pass 1: every published post's old path (the entries' alternate links).
const paths = [];
for await (const line of lines()) {
  for (const m of line.matchAll(/<link rel='alternate' type='text\/html' href='http:\/\/example\.blogspot\.com(\/\d{4}\/\d{2}\/[^'#?]+\.html)'/g)) paths.push(m[1]);
}
if (paths.length === 0) throw new Error(`${input}: no post addresses found`);

// Pass 2: outside links → links to those posts, deterministically.
const variants = ['http://example.blogspot.com', 'https://example.blogspot.co.uk', 'https://example.blogspot.de'];
let n = 0;
const out = createWriteStream(output);
for await (const line of lines()) {
  const linked = line.replace(/http:\/\/www\.example\.com\/[a-zA-Z]+\/\d+\.html/g, () => {
    n++;
    const host = variants[n % variants.length];
    const query = n % 4 === 0 ? '?m=1' : '';
    const fragment = n % 5 === 0 ? '#more' : '';
    return `${host}${paths[(n * 7919) % paths.length]}${query}${fragment}`;
  });
  if (!out.write(`${linked}\n`)) await new Promise((resolve) => out.once('drain', resolve));
}
await new Promise((resolve) => out.end(resolve));
console.log(`wrote ${output}: ${n} links to ${paths.length} posts`);
