/**
 * `--assets download` end to end through `convert()`: a real HTTP server on 127.0.0.1, the real
 * Blogger reader, converter, layouts and the default node:http transport.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LookupFunction } from '../../../src/write/assets/guard.js';
import type { ConvertOptions } from '../../../src/options.js';
import { convert } from '../../../src/write/convert.js';
import { bloggerExport, type ExportPost } from '../../helpers/bloggerExport.js';
import { ImageServer, imageBytes } from '../../helpers/imageServer.js';

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

/** Tiny timeouts and backoffs: the failure paths run in milliseconds. */
const FAST: Partial<ConvertOptions> = {
  assets: 'download',
  allowPrivateHosts: true,
  assetTimeout: 0.3,
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
});
