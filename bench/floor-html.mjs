// The floor for saved pages: the least any converter of a mirror has to do. Walk the folder, read
// every page blogport reads (HTML files, not `*_files/` asset folders, not `?m=1` / `?showComment=`
// copies), decode it as UTF-8 and parse it with cheerio's load(). No extraction, no Markdown, no
// writes; one thread, one page at a time.
// Usage: node bench/floor-html.mjs MIRROR   (prints {pages, ms} as JSON)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';

const [root] = process.argv.slice(2);
const started = performance.now();
const isPage = (name) => /\.html?(?:[?@].*)?$/i.test(name) && !/[?@&](?:m=[01]|showComment=)/i.test(name);
let pages = 0;
let nodes = 0;
const walk = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!/_files$/i.test(entry.name)) walk(path);
    } else if (isPage(entry.name)) {
      const $ = load(readFileSync(path).toString('utf8'));
      nodes += $.root()[0].children.length; // use the tree, so the parse cannot be skipped
      pages++;
    }
  }
};
walk(root);
console.log(JSON.stringify({ pages, nodes, ms: performance.now() - started }));
