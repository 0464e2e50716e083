/**
 * `--assets download` end to end through `convert()`: a real HTTP server on 127.0.0.1, the real
 * Blogger reader, converter, layouts and the default node:http transport.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LookupFunction } from '../../../src/write/assets/guard.js';
import type { AssetFetch } from '../../../src/write/assets/http.js';
import type { ConvertOptions } from '../../../src/options.js';
import { convert } from '../../../src/write/convert.js';
import { bloggerExport, type ExportPost } from '../../helpers/bloggerExport.js';
import { ImageServer, imageBytes } from '../../helpers/imageServer.js';
import { fixturePath } from '../../helpers/readAll.js';

let server: ImageServer;
let dir: string;
let out: string;

beforeAll(async () => {
  server = await ImageServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.routes.clear();
  server.reset();
  server.fallback = undefined;
  dir = mkdtempSync(join(tmpdir(), 'blogport-assets-'));
  out = join(dir, 'out');
});

/** Tiny backoffs: the failure paths run in milliseconds. (The timeout stays generous: a loaded CI machine is slow.) */
const FAST: Partial<ConvertOptions> = {
  assets: 'download',
  allowPrivateHosts: true,
  assetTimeout: 5,
  retries: 2,
  assetNetwork: { backoffMs: 5, maxRetryDelayMs: 50 },
};

function exportFile(posts: ExportPost[]): string {
  const path = join(dir, 'export.xml');
  writeFileSync(path, bloggerExport(posts));
  return path;
}

/** An image id as googleusercontent.com URLs carry them (no file name). */
const OPAQUE = 'AVvXsEg3n4UqYnho_LRF0766zjnqKDcAFFGWijv8CsvQd7l4dI6Pnu9O_woFRsIBEzICizj6XOstRbFqFooW7kquiOwzIEqqM';

const read = (path: string) => readFileSync(join(out, path), 'utf8');
const body = (path: string) => read(path).split('\n---\n')[1]!;
const frontMatter = (path: string) => parse(read(path).split('---\n')[1]!) as Record<string, unknown>;

function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(root, full).split(sep).join('/'));
    }
  };
  if (existsSync(root)) walk(root);
  return found.sort();
}

describe('--assets download', () => {
  it('stores every image with the post, names its type from the bytes, and links the local copies', async () => {
    server.routes.set('/photos/harbour.jpg', { body: imageBytes.jpeg('harbour'), headers: { 'content-type': 'image/jpeg' } });
    // No extension (as on blogger.googleusercontent.com), generic Content-Type: the bytes say PNG.
    server.routes.set(`/img/a/${OPAQUE}=s1600`, { body: imageBytes.png('opaque'), headers: { 'content-type': 'application/octet-stream' } });
    // A wrong Content-Type: the bytes are a GIF.
    server.routes.set('/photos/wrong.png', { body: imageBytes.gif('wrong'), headers: { 'content-type': 'image/png' } });
    server.routes.set('/photos/webp-shot', { body: imageBytes.webp('w'), headers: { 'content-type': 'text/plain' } });
    const html =
      `<p>Harbour:</p><img src="${server.url('/photos/harbour.jpg')}" alt="harbour">` +
      `<p><img src="${server.url(`/img/a/${OPAQUE}=s1600`)}"> and <img src="${server.url('/photos/wrong.png')}"></p>` +
      `<img src="${server.url('/photos/webp-shot')}">`;
    const report = await convert([exportFile([{ slug: 'harbour', title: 'Harbour', html }])], { outDir: out, layout: 'jekyll', ...FAST });

    const doc = '_posts/2020-01-01-harbour.md';
    expect(filesUnder(join(out, 'assets'))).toEqual([
      'images/posts/2020-01-01-harbour/harbour.jpg',
      'images/posts/2020-01-01-harbour/image.png',
      'images/posts/2020-01-01-harbour/webp-shot.webp',
      'images/posts/2020-01-01-harbour/wrong.gif',
    ]);
    expect(readFileSync(join(out, 'assets/images/posts/2020-01-01-harbour/wrong.gif'))).toEqual(imageBytes.gif('wrong'));
    expect(body(doc)).toContain('![harbour](/assets/images/posts/2020-01-01-harbour/harbour.jpg)');
    expect(body(doc)).toContain('![](/assets/images/posts/2020-01-01-harbour/image.png) and ![](/assets/images/posts/2020-01-01-harbour/wrong.gif)');
    expect(body(doc)).not.toContain(server.origin);
    // The cover image in front matter is the first image: rewritten too.
    expect(frontMatter(doc).image).toBe('/assets/images/posts/2020-01-01-harbour/harbour.jpg');
    expect(report.assets).toMatchObject({ downloaded: 4, failed: 0, files: 4 });
    expect(report.posts[0]!.assets!.map((a) => a.status)).toEqual(['downloaded', 'downloaded', 'downloaded', 'downloaded']);
  });

  it('leaves remote URLs alone by default (--assets keep)', async () => {
    server.routes.set('/a.jpg', { body: imageBytes.jpeg() });
    const report = await convert([exportFile([{ slug: 'a', title: 'A', html: `<img src="${server.url('/a.jpg')}">` }])], { outDir: out });
    expect(server.requests).toBe(0);
    expect(body('posts/a.md')).toContain(`![](${server.url('/a.jpg')})`);
    expect(report.assets).toBeUndefined();
  });

  it('saves the full-size original a thumbnail links to, but not a page an image links to', async () => {
    const blogger = `http://1.bp.blogspot.com:${server.port}`;
    server.routes.set('/-Ab/s1600/Harbour-at-Dawn.jpg', { body: imageBytes.jpeg('original') });
    server.routes.set('/-Ab/s320/Harbour-at-Dawn.jpg', { body: imageBytes.jpeg('thumb') });
    server.routes.set('/shot.png', { body: imageBytes.png('shot') });
    const html =
      `<div class="separator"><a href="${blogger}/-Ab/s1600/Harbour-at-Dawn.jpg" imageanchor="1"><img src="${blogger}/-Ab/s320/Harbour-at-Dawn.jpg"></a></div>` +
      `<p><a href="${server.url('/about.html')}"><img src="${server.url('/shot.png')}"></a></p>`;
    await convert([exportFile([{ slug: 'dawn', title: 'Dawn', html }])], { outDir: out, layout: 'hugo', ...FAST, assetNetwork: { ...FAST.assetNetwork, lookup: toLocal } });
    expect(filesUnder(join(out, 'static/images/posts/dawn'))).toEqual(['harbour-at-dawn-s320.jpg', 'harbour-at-dawn.jpg', 'shot.png']);
    expect(body('content/posts/dawn.md')).toContain('[![](/images/posts/dawn/harbour-at-dawn-s320.jpg)](/images/posts/dawn/harbour-at-dawn.jpg)');
    expect(body('content/posts/dawn.md')).toContain(`[![](/images/posts/dawn/shot.png)](${server.url('/about.html')})`);
    expect(server.hits.get('/about.html')).toBeUndefined();
    expect(frontMatter('content/posts/dawn.md').images).toEqual(['/images/posts/dawn/harbour-at-dawn-s320.jpg']);
  });

  it('stores the images of embeds kept as raw HTML too', async () => {
    server.routes.set('/embedded.jpg', { body: imageBytes.jpeg('embedded') });
    const html = `<p>An embed:</p><blockquote class="imgur-embed-pub" data-id="a"><a href="https://imgur.com/a"><img src="${server.url('/embedded.jpg')}"></a></blockquote><script async src="//s.imgur.com/min/embed.js"></script>`;
    await convert([exportFile([{ slug: 'embed', title: 'Embed', html }])], { outDir: out, layout: 'astro', ...FAST });
    expect(body('src/content/blog/embed.md')).toContain('<img src="/images/blog/embed/embedded.jpg">');
    expect(server.hits.get('/embedded.jpg')).toBe(1);
  });

  it('retries timeouts, resets, 5xx and 429 (with Retry-After), never 404; a failure keeps its URL and is reported', async () => {
    server.routes.set('/flaky-500.jpg', [{ status: 500 }, { body: imageBytes.jpeg('500') }]);
    server.routes.set('/flaky-503.jpg', [{ status: 503, headers: { 'retry-after': '0' } }, { status: 502 }, { body: imageBytes.jpeg('503') }]);
    server.routes.set('/busy.jpg', [{ status: 429, headers: { 'retry-after': new Date(Date.now() + 20).toUTCString() } }, { body: imageBytes.jpeg('429') }]);
    server.routes.set('/reset.jpg', [{ body: imageBytes.jpeg('reset-first'), reset: true }, { body: imageBytes.jpeg('reset') }]);
    server.routes.set('/slow-once.jpg', [{ body: imageBytes.jpeg('slow'), stallMs: 3000 }, { body: imageBytes.jpeg('slow') }]);
    server.routes.set('/always-slow.jpg', { body: imageBytes.jpeg(), stallMs: 3000 });
    server.routes.set('/gone.jpg', { status: 410 });
    server.routes.set('/page.jpg', { body: '<!DOCTYPE html><html><body>Photo removed</body></html>', headers: { 'content-type': 'text/html' } });
    const names = ['flaky-500', 'flaky-503', 'busy', 'reset', 'slow-once', 'always-slow', 'missing', 'gone', 'page'];
    const html = names.map((n) => `<p><img src="${server.url(`/${n}.jpg`)}"></p>`).join('');
    const report = await convert([exportFile([{ slug: 'flaky', title: 'Flaky', html }])], { outDir: out, ...FAST, assetTimeout: 1 }); // well under the 3 s stalls, well over a loaded machine's answer time

    const byUrl = Object.fromEntries(report.posts[0]!.assets!.map((a) => [a.url.replace(server.origin, ''), a]));
    expect(Object.fromEntries(Object.entries(byUrl).map(([url, a]) => [url, a.status]))).toEqual({
      '/flaky-500.jpg': 'downloaded',
      '/flaky-503.jpg': 'downloaded',
      '/busy.jpg': 'downloaded',
      '/reset.jpg': 'downloaded',
      '/slow-once.jpg': 'downloaded',
      '/always-slow.jpg': 'failed',
      '/missing.jpg': 'failed',
      '/gone.jpg': 'failed',
      '/page.jpg': 'failed',
    });
    expect(byUrl['/always-slow.jpg']!.reason).toMatch(/^(?:the download stalled|no response) .*after 3 attempts/);
    expect(byUrl['/missing.jpg']!.reason).toBe('HTTP 404');
    expect(byUrl['/gone.jpg']!.reason).toBe('HTTP 410');
    expect(byUrl['/page.jpg']!.reason).toMatch(/^not an image \(text\/html, HTML/);
    expect(Object.fromEntries(names.map((n) => [n, server.hits.get(`/${n}.jpg`)]))).toEqual({
      'flaky-500': 2,
      'flaky-503': 3,
      busy: 2,
      reset: 2,
      'slow-once': 2,
      'always-slow': 3,
      missing: 1,
      gone: 1,
      page: 1,
    });
    expect(readFileSync(join(out, 'images/posts/flaky/reset.jpg'))).toEqual(imageBytes.jpeg('reset'));
    // The post is still written: failed images keep their remote URL, and say why.
    const text = body('posts/flaky.md');
    expect(text).toContain('![](../images/posts/flaky/flaky-500.jpg)');
    expect(text).toContain(`![](${server.url('/missing.jpg')})`);
    expect(report.posts[0]!.status).toBe('written');
    expect(report.posts[0]!.warnings.filter((w) => w.code === 'ASSET_FAILED').map((w) => w.message)).toEqual([
      `image kept remote, not downloaded: ${server.url('/always-slow.jpg')} — ${byUrl['/always-slow.jpg']!.reason}`,
      `image kept remote, not downloaded: ${server.url('/missing.jpg')} — HTTP 404`,
      `image kept remote, not downloaded: ${server.url('/gone.jpg')} — HTTP 410`,
      `image kept remote, not downloaded: ${server.url('/page.jpg')} — ${byUrl['/page.jpg']!.reason}`,
    ]);
    expect(report.assets).toMatchObject({ downloaded: 5, failed: 4 });
  }, 20_000); // three attempts at each stalled image, with back-off

  it('refuses images over --max-asset-size, with or without a Content-Length, without retrying', async () => {
    const big = Buffer.concat([imageBytes.png('big'), Buffer.alloc(300 * 1024)]);
    server.routes.set('/declared.png', { body: big });
    server.routes.set('/chunked.png', { body: big, chunked: true });
    server.routes.set('/small.png', { body: imageBytes.png('small') });
    const html = ['declared', 'chunked', 'small'].map((n) => `<img src="${server.url(`/${n}.png`)}">`).join('');
    const report = await convert([exportFile([{ slug: 'big', title: 'Big', html }])], { outDir: out, ...FAST, maxAssetSize: '100KB' });
    expect(report.posts[0]!.assets!.map((a) => [a.status, a.reason])).toEqual([
      ['failed', 'larger than the 100 KB limit (300 KB)'],
      ['failed', expect.stringMatching(/^larger than the 100 KB limit \(stopped at \d+ KB\)$/)],
      ['downloaded', undefined],
    ]);
    expect([server.hits.get('/declared.png'), server.hits.get('/chunked.png')]).toEqual([1, 1]);
    expect(filesUnder(join(out, 'images'))).toEqual(['posts/big/small.png']);
  });

  it('fetches a URL once and stores identical bytes once, whichever posts use them', async () => {
    server.routes.set('/shared.jpg', { body: imageBytes.jpeg('shared') });
    server.routes.set('/copy-a.png', { body: imageBytes.png('same bytes') });
    server.routes.set('/copy-b.png', { body: imageBytes.png('same bytes') });
    const posts = [
      { slug: 'one', title: 'One', html: `<img src="${server.url('/shared.jpg')}"><img src="${server.url('/copy-a.png')}">` },
      { slug: 'two', title: 'Two', html: `<img src="${server.url('/shared.jpg')}"><img src="${server.url('/copy-b.png')}"><img src="${server.url('/shared.jpg')}">` },
    ];
    const report = await convert([exportFile(posts)], { outDir: out, layout: 'astro', ...FAST });
    expect(server.hits.get('/shared.jpg')).toBe(1);
    expect(server.hits.get('/copy-a.png')).toBe(1);
    expect(server.hits.get('/copy-b.png')).toBe(1);
    const files = filesUnder(join(out, 'public/images'));
    expect(files).toHaveLength(2);
    const one = body('src/content/blog/one.md');
    const two = body('src/content/blog/two.md');
    const links = (text: string) => [...text.matchAll(/!\[\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links(two)).toEqual([links(one)[0], links(one)[1], links(one)[0]]);
    expect(files.map((f) => `/images/${f}`).sort()).toEqual([...new Set(links(one))].sort());
    expect(frontMatter('src/content/blog/two.md').heroImage).toBe(links(one)[0]);
    expect(report.assets).toMatchObject({ downloaded: 3, files: 2, failed: 0 });
  });

  it('resumes: a re-run fetches only what failed, and a run after that fetches nothing', async () => {
    server.routes.set('/fine.jpg', { body: imageBytes.jpeg('fine') });
    server.routes.set('/later.png', { status: 500 });
    const input = exportFile([{ slug: 'resume', title: 'Resume', html: `<img src="${server.url('/fine.jpg')}"><img src="${server.url('/later.png')}">` }]);
    const first = await convert([input], { outDir: out, layout: 'eleventy', ...FAST });
    expect(first.posts[0]!.assets!.map((a) => a.status)).toEqual(['downloaded', 'failed']);
    expect(body('posts/resume.md')).toContain(server.url('/later.png'));
    expect(JSON.parse(read('.blogport/assets.json')).assets[server.url('/fine.jpg')]).toMatchObject({ files: ['public/images/posts/resume/fine.jpg'], mime: 'image/jpeg' });

    server.reset();
    server.routes.set('/later.png', { body: imageBytes.png('later') });
    const second = await convert([input], { outDir: out, layout: 'eleventy', ...FAST });
    expect([...server.hits.keys()]).toEqual(['/later.png']);
    expect(second.posts[0]!.assets!.map((a) => a.status)).toEqual(['reused', 'downloaded']);
    expect(second.posts[0]!.status).toBe('written');
    expect(body('posts/resume.md')).toContain('![](/images/posts/resume/fine.jpg)![](/images/posts/resume/later.png)');

    server.reset();
    const third = await convert([input], { outDir: out, layout: 'eleventy', ...FAST });
    expect(server.requests).toBe(0);
    expect(third.posts[0]!.status).toBe('unchanged');
    expect(third.assets).toMatchObject({ downloaded: 0, reused: 2, files: 0, requests: 0 });
  });

  it('resumes a killed run from its journal: what it stored is reused, a torn last line skipped', async () => {
    server.routes.set('/kept.jpg', { body: imageBytes.jpeg('kept') });
    server.routes.set('/lost.jpg', { body: imageBytes.jpeg('lost') });
    const input = exportFile([{ slug: 'k', title: 'K', html: `<img src="${server.url('/kept.jpg')}"><img src="${server.url('/lost.jpg')}">` }]);
    await convert([input], { outDir: out, ...FAST });
    // As a run killed before its end leaves it: the journal, no assets.json.
    const cache = JSON.parse(read('.blogport/assets.json')) as { assets: Record<string, unknown> };
    rmSync(join(out, '.blogport/assets.json'));
    const kept = server.url('/kept.jpg');
    writeFileSync(join(out, '.blogport/assets.journal'), `${JSON.stringify([kept, cache.assets[kept]])}\n["${server.url('/lost.jpg')}", {"sha2`);
    server.reset();
    const again = await convert([input], { outDir: out, ...FAST });
    expect([...server.hits.keys()]).toEqual(['/lost.jpg']);
    expect(again.posts[0]!.assets!.map((a) => a.status)).toEqual(['reused', 'downloaded']);
    expect(existsSync(join(out, '.blogport/assets.journal'))).toBe(false);
    expect(Object.keys(JSON.parse(read('.blogport/assets.json')).assets).sort()).toEqual([kept, server.url('/lost.jpg')].sort());
  });

  it('upgrades its own earlier output (written with --assets keep) without --force, never a file the user edited', async () => {
    server.routes.set('/a.jpg', { body: imageBytes.jpeg('a') });
    const html = `<img src="${server.url('/a.jpg')}">`;
    const input = exportFile([{ slug: 'a', title: 'A', html }, { slug: 'b', title: 'B', html }]);
    await convert([input], { outDir: out });
    writeFileSync(join(out, 'posts/b.md'), 'my edits');
    const report = await convert([input], { outDir: out, ...FAST });
    expect(report.posts.map((p) => p.status)).toEqual(['written', 'skipped']);
    expect(body('posts/a.md')).toContain('![](../images/posts/a/a.jpg)');
    expect(read('posts/b.md')).toBe('my edits');
  });

  it('plans on a dry run: nothing fetched or written, what would be fetched reported', async () => {
    server.routes.set('/a.jpg', { body: imageBytes.jpeg() });
    const report = await convert([exportFile([{ slug: 'a', title: 'A', html: `<img src="${server.url('/a.jpg')}">` }])], { outDir: out, ...FAST, dryRun: true });
    expect(server.requests).toBe(0);
    expect(existsSync(out)).toBe(false);
    expect(report.posts[0]!.assets).toEqual([{ url: server.url('/a.jpg'), status: 'planned', reason: 'would be downloaded' }]);
    expect(report.assets).toMatchObject({ planned: 1, downloaded: 0 });

    // After a real run, a dry run sees the stored image and an unchanged post.
    const input = join(dir, 'export.xml');
    await convert([input], { outDir: out, ...FAST });
    server.reset();
    const again = await convert([input], { outDir: out, ...FAST, dryRun: true });
    expect(server.requests).toBe(0);
    expect(again.posts.map((p) => [p.status, p.assets?.map((a) => a.status)])).toEqual([['unchanged', ['reused']]]);
  });

  it('stores data: images as files', async () => {
    const png = imageBytes.png('pasted');
    const html = `<p>Pasted:</p><img src="data:image/png;base64,${png.toString('base64')}" alt="pasted">`;
    const report = await convert([exportFile([{ slug: 'pasted', title: 'Pasted', html }])], { outDir: out, ...FAST });
    expect(readFileSync(join(out, 'images/posts/pasted/image.png'))).toEqual(png);
    expect(body('posts/pasted.md')).toContain('![pasted](../images/posts/pasted/image.png)');
    expect(report.assets).toMatchObject({ decoded: 1, downloaded: 0 });
    expect(server.requests).toBe(0);
  });

  it('puts images beside index.md in Hugo bundles, one copy per bundle, fetched once', async () => {
    server.routes.set('/shared.jpg', { body: imageBytes.jpeg('shared') });
    const html = `<img src="${server.url('/shared.jpg')}">`;
    await convert([exportFile([{ slug: 'first', title: 'First', html }, { slug: 'second', title: 'Second', html }])], { outDir: out, layout: 'hugo', bundle: true, ...FAST });
    expect(server.hits.get('/shared.jpg')).toBe(1);
    expect(filesUnder(join(out, 'content'))).toEqual(['posts/first/index.md', 'posts/first/shared.jpg', 'posts/second/index.md', 'posts/second/shared.jpg']);
    expect(body('content/posts/second/index.md')).toContain('![](shared.jpg)');
    expect(frontMatter('content/posts/second/index.md').images).toEqual(['shared.jpg']);
  });

  it('uses --assets-dir, linked at the URL the layout publishes it at', async () => {
    server.routes.set('/a.jpg', { body: imageBytes.jpeg() });
    const html = `<img src="${server.url('/a.jpg')}">`;
    await convert([exportFile([{ slug: 'a', title: 'A', html }])], { outDir: out, layout: 'hugo', bundle: true, assetsDir: 'static/media', ...FAST });
    expect(existsSync(join(out, 'static/media/posts/a/a.jpg'))).toBe(true);
    expect(body('content/posts/a/index.md')).toContain('![](/media/posts/a/a.jpg)');
  });

  it('refuses private and loopback addresses unless --allow-private-hosts, checking the address connected to', async () => {
    server.routes.set('/secret.png', { body: imageBytes.png('secret') });
    // A public-looking name that resolves to 127.0.0.1 (DNS rebinding), and a literal address.
    const rebound = `http://cdn.example.net:${server.port}/secret.png`;
    const html = `<img src="${rebound}"><img src="${server.url('/secret.png')}"><img src="http://[::1]:${server.port}/secret.png">`;
    const report = await convert([exportFile([{ slug: 'p', title: 'P', html }])], {
      outDir: out,
      ...FAST,
      allowPrivateHosts: false,
      assetNetwork: { ...FAST.assetNetwork, lookup: toLocal },
    });
    expect(server.requests).toBe(0);
    expect(report.posts[0]!.assets!.map((a) => [a.status, a.reason])).toEqual([
      ['failed', 'refused: cdn.example.net resolves to 127.0.0.1, a private or loopback address (allow with --allow-private-hosts)'],
      ['failed', 'refused: 127.0.0.1 is a private or loopback address (allow with --allow-private-hosts)'],
      ['failed', 'refused: ::1 is a private or loopback address (allow with --allow-private-hosts)'],
    ]);
    expect(body('posts/p.md')).toContain(rebound);
  });

  it('keeps URL-derived names inside the output folder, and ignores a cache that points outside it', async () => {
    server.fallback = (path) => ({ body: imageBytes.png(path) });
    const evil = [`/..%2F..%2F..%2Fetc%2Fpasswd.png`, `/a/%2e%2e/%2e%2e/%2e%2e/escape.png`, `/CON.png`, `/%00nul%5C..%5Cwin.png`];
    mkdirSync(join(out, '.blogport'), { recursive: true });
    writeFileSync(join(dir, 'outside.png'), 'not yours');
    writeFileSync(join(out, '.blogport/assets.json'), JSON.stringify({ version: 1, assets: { [server.url(evil[0]!)]: { sha256: 'x', mime: 'image/png', size: 9, files: ['../outside.png'] } } }));
    const html = evil.map((path) => `<img src="${server.origin}${path}">`).join('');
    const report = await convert([exportFile([{ slug: 'evil', title: 'Evil', html }])], { outDir: out, ...FAST });
    expect(report.posts[0]!.assets!.every((a) => a.status === 'downloaded')).toBe(true);
    expect(filesUnder(join(out, 'images'))).toEqual(['posts/evil/con-1.png', 'posts/evil/escape.png', 'posts/evil/etc-passwd.png', 'posts/evil/nul-win.png']);
    expect(readdirSync(dir).sort()).toEqual(['export.xml', 'out', 'outside.png']);
    expect(readFileSync(join(dir, 'outside.png'), 'utf8')).toBe('not yours');
  });

  it('never overwrites a file it did not write: an image of its own takes the next name', async () => {
    server.routes.set('/photo.jpg', { body: imageBytes.jpeg('downloaded') });
    mkdirSync(join(out, 'images/posts/mine'), { recursive: true });
    writeFileSync(join(out, 'images/posts/mine/photo.jpg'), 'my own edit');
    await convert([exportFile([{ slug: 'mine', title: 'Mine', html: `<img src="${server.url('/photo.jpg')}">` }])], { outDir: out, ...FAST });
    expect(readFileSync(join(out, 'images/posts/mine/photo.jpg'), 'utf8')).toBe('my own edit');
    expect(readFileSync(join(out, 'images/posts/mine/photo-2.jpg'))).toEqual(imageBytes.jpeg('downloaded'));
    expect(body('posts/mine.md')).toContain('![](../images/posts/mine/photo-2.jpg)');
  });

  it('holds at most 4 downloads per host and --concurrency in all, counted by the server', async () => {
    const hosts = ['a.example.org', 'b.example.org'];
    server.fallback = (path) => ({ body: imageBytes.png(path), delayMs: 15 });
    const html = hosts.flatMap((host) => Array.from({ length: 12 }, (_, i) => `<img src="http://${host}:${server.port}/${i}.png">`)).join('');
    const input = exportFile([{ slug: 'many', title: 'Many', html }]);
    const wide = await convert([input], { outDir: out, ...FAST, concurrency: 8, assetNetwork: { ...FAST.assetNetwork, lookup: toLocal } });
    expect(wide.assets).toMatchObject({ downloaded: 24, failed: 0 });
    for (const host of hosts) {
      const most = server.maxInFlight.get(`${host}:${server.port}`)!;
      expect(most).toBeLessThanOrEqual(4);
      expect(most).toBeGreaterThanOrEqual(2);
    }
    server.reset();
    await convert([input], { outDir: join(dir, 'narrow'), ...FAST, concurrency: 1, assetNetwork: { ...FAST.assetNetwork, lookup: toLocal } });
    expect(server.requests).toBe(24);
    expect([...server.maxInFlight.values()]).toEqual([1, 1]);
  });

  it("gives each blog of a multi-blog Takeout its own images folder, inside that blog's tree", async () => {
    const mirror: AssetFetch = async (url, init) => {
      const { pathname } = new URL(url);
      server.routes.set(pathname, { body: imageBytes.jpeg(pathname) });
      return fetch(server.url(pathname), init);
    };
    const report = await convert([fixturePath('blogger/takeout-two-blogs/Takeout')], { outDir: out, layout: 'hugo', ...FAST, assetNetwork: { fetch: mirror } });
    expect(report.assets).toMatchObject({ downloaded: 1, failed: 0 });
    expect(filesUnder(join(out, 'cooking-notes/static'))).toEqual(['images/posts/sourdough-step-by-step/loaf.jpg']);
    expect(body('cooking-notes/content/posts/sourdough-step-by-step.md')).toContain('![](/images/posts/sourdough-step-by-step/loaf.jpg)');
    expect(existsSync(join(out, 'static'))).toBe(false);
  });

  it('uses a Takeout album image instead of downloading when the file name matches reliably', async () => {
    const requested: string[] = [];
    // Public Blogger URLs over https: the injected transport answers them from the local server.
    const mirror: AssetFetch = async (url, init) => {
      requested.push(url);
      const { pathname } = new URL(url);
      server.routes.set(pathname, { body: imageBytes.jpeg(pathname) });
      return fetch(server.url(pathname), init);
    };
    const takeout = fixturePath('blogger/takeout-with-albums/Takeout');
    const report = await convert([takeout], { outDir: out, ...FAST, allowPrivateHosts: false, assetNetwork: { fetch: mirror } });
    const statuses = Object.fromEntries(report.posts[0]!.assets!.map((a) => [a.url.replace(/^.*\/(s\d+\/[^/]+)$/, '$1'), a.status]));
    expect(statuses).toEqual({
      // Thumbnail and original are one upload: both come from the album file (and are stored once).
      's640/Harbour-at-Dawn.jpg': 'album',
      's1600/Harbour-at-Dawn.jpg': 'album',
      // `image.png` is in two albums: not reliable, downloaded.
      's1600/image.png': 'downloaded',
      's1600/gull.jpg': 'downloaded',
    });
    expect(requested.map((u) => u.replace(/^.*\//, ''))).toEqual(['image.png', 'gull.jpg']);
    const album = readFileSync(join(takeout, 'Blogger/Albums/Harbour Walks/Harbour-at-Dawn.jpg'));
    expect(readFileSync(join(out, 'images/posts/dawn-at-harbour/harbour-at-dawn-s640.jpg'))).toEqual(album);
    expect(body('posts/dawn-at-harbour.md')).toContain('[![](../images/posts/dawn-at-harbour/harbour-at-dawn-s640.jpg)](../images/posts/dawn-at-harbour/harbour-at-dawn-s640.jpg)');
    expect(report.assets).toMatchObject({ album: 2, downloaded: 2, files: 3 });
  });
});

/** Every host name resolves to 127.0.0.1: public names reach the local server without DNS. */
const toLocal: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};
