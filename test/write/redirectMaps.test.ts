/** `--redirects` through `convert`: where each map goes, what it holds, and re-run semantics. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LayoutName } from '../../src/layouts/layout.js';
import { exitCodeOf } from '../../src/model/report.js';
import { convert } from '../../src/write/convert.js';
import type { RedirectFormatName } from '../../src/write/redirects.js';
import { fixturePath } from '../helpers/readAll.js';

const EXPORT = fixturePath('blogger/internal-links/export.xml');
const TWO_BLOGS = fixturePath('blogger/takeout-two-blogs');

let dir: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'blogport-redirects-'));
  out = join(dir, 'out');
});
const read = (path: string) => readFileSync(join(out, path), 'utf8');

describe('--redirects', () => {
  it.each([
    ['plain', 'netlify', '_redirects'],
    ['hugo', 'netlify', 'static/_redirects'],
    ['jekyll', 'netlify', '_redirects'],
    ['eleventy', 'netlify', 'public/_redirects'],
    ['astro', 'apache', 'public/.htaccess'],
    ['hugo', 'apache', 'static/.htaccess'],
    ['hugo', 'nginx', 'redirects.nginx.conf'],
    ['jekyll', 'json', 'redirects.json'],
    ['eleventy', 'csv', 'redirects.csv'],
  ] as [LayoutName, RedirectFormatName, string][])('%s, %s → %s', async (layout, format, path) => {
    const report = await convert([EXPORT], { outDir: out, layout, redirects: format });
    // Four published posts and pages with old addresses (the draft has none), two labels.
    expect(report.redirects).toEqual([{ format, path, entries: 6, status: 'written' }]);
    expect(existsSync(join(out, path))).toBe(true);
  });

  it('writes one map holding both blogs when two exports are converted into one tree, not one over the other', async () => {
    const tiny = fixturePath('blogger/classic-tiny/export.xml');
    const report = await convert([EXPORT, tiny], { outDir: out, layout: 'hugo', redirects: 'json' });
    expect(report.redirects).toHaveLength(1);
    expect(report.redirects![0]).toMatchObject({ path: 'redirects.json', status: 'written' });
    const map = JSON.parse(read('redirects.json')) as { from: string; to: string }[];
    const froms = new Set(map.map((r) => r.from));
    // Each export's own addresses are in it...
    expect(froms).toContain('/2021/03/back-in-porto.html');
    expect(froms).toContain('/2019/06/blog-post.html');
    // ...and an old path both blogs had goes to the first blog's post, with a warning.
    expect(map.find((r) => r.from === '/2019/05/lisbon-tram.html')!.to).toBe('/posts/lisbon-tram/');
    expect(report.warnings.filter((w) => w.code === 'DUPLICATE_OLD_PATH').map((w) => w.message)).toContain(
      'two posts had the old path /2019/05/lisbon-tram.html; it redirects to the first',
    );
    expect(report.redirects![0]!.entries).toBe(map.length / 2);
  });

  it('maps every old post, page and label address to the page the layout gives it', async () => {
    await convert([EXPORT], { outDir: out, layout: 'jekyll', redirects: 'json' });
    expect(JSON.parse(read('redirects.json')).filter((r: { from: string }) => !r.from.endsWith('?m=1'))).toEqual([
      { from: '/2019/05/lisbon-tram.html', to: '/2019/05/04/lisbon-tram.html', status: 301, kind: 'post' },
      { from: '/2020/01/porto-first-look.html', to: '/2020/01/20/porto-first-look.html', status: 301, kind: 'post' },
      { from: '/2021/03/back-in-porto.html', to: '/2021/03/10/back-in-porto.html', status: 301, kind: 'post' },
      { from: '/p/about.html', to: '/about.html', status: 301, kind: 'page' },
      { from: '/search/label/Caf%C3%A9%20culture', to: '/tag/caf%C3%A9-culture/', status: 301, kind: 'label' },
      { from: '/search/label/Travel', to: '/tag/travel/', status: 301, kind: 'label' },
    ]);
    // Each written post's file is where the map sends it (Jekyll: _posts/<date>-<slug>.md).
    expect(existsSync(join(out, '_posts/2019-05-04-lisbon-tram.md'))).toBe(true);
  });

  it('is unchanged on a re-run, written nowhere in a dry run, kept when edited unless --force', async () => {
    const dry = await convert([EXPORT], { outDir: out, redirects: 'netlify', dryRun: true });
    expect(dry.redirects).toEqual([{ format: 'netlify', path: '_redirects', entries: 6, status: 'planned' }]);
    expect(existsSync(out)).toBe(false);
    await convert([EXPORT], { outDir: out, redirects: 'netlify' });
    const written = read('_redirects');
    const again = await convert([EXPORT], { outDir: out, redirects: 'netlify' });
    expect(again.redirects![0]!.status).toBe('unchanged');
    writeFileSync(join(out, '_redirects'), `${written}/extra  /mine  302\n`);
    const kept = await convert([EXPORT], { outDir: out, redirects: 'netlify' });
    expect(kept.redirects![0]!.status).toBe('skipped');
    expect(kept.warnings.map((w) => [w.code, w.source.file])).toEqual([['EXISTS', '_redirects']]);
    expect(exitCodeOf(kept)).toBe(0);
    expect(read('_redirects')).toContain('/extra  /mine');
    const forced = await convert([EXPORT], { outDir: out, redirects: 'netlify', force: true });
    expect(forced.redirects![0]!.status).toBe('written');
    expect(read('_redirects')).toBe(written);
  });

  it('fails the run (exit 1) when the map cannot be written', async () => {
    await convert([EXPORT], { outDir: out });
    // A folder where the file should go.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(out, 'redirects.json'));
    const report = await convert([EXPORT], { outDir: out, redirects: 'json', force: true });
    expect(report.redirects![0]!.status).toBe('failed');
    expect(report.warnings.map((w) => w.code)).toEqual(['WRITE_FAILED']);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('writes one map per blog of a multi-blog Takeout, in its own tree', async () => {
    const report = await convert([TWO_BLOGS], { outDir: out, layout: 'hugo', redirects: 'nginx' });
    const paths = report.redirects!.map((r) => r.path).sort();
    expect(paths).toHaveLength(2);
    for (const path of paths) expect(path).toMatch(/^[a-z0-9-]+\/redirects\.nginx\.conf$/);
    // Each map sends its blog's old paths to that blog's pages.
    for (const map of report.redirects!) {
      const folder = map.path.split('/')[0]!;
      const targets = [...read(map.path).matchAll(/return 301 \/posts\/([^/]+)\/;/g)].map((m) => m[1]!);
      expect(targets.length).toBeGreaterThan(0);
      for (const slug of targets) expect(existsSync(join(out, folder, 'content/posts', `${slug}.md`)), `${folder}: ${slug}`).toBe(true);
    }
  });

  it('says so, and writes nothing, when no post has an old address (a text dump)', async () => {
    const text = join(dir, 'blog.txt');
    writeFileSync(text, 'Sunday, 1 March 2015\n\nHello\n\nFirst.\n');
    const report = await convert([text], { outDir: out, redirects: 'netlify' });
    expect(report.redirects).toEqual([]);
    expect(report.warnings.map((w) => w.code)).toEqual(['NO_OLD_URLS']);
    expect(existsSync(join(out, '_redirects'))).toBe(false);
  });

  it('refuses an unknown format', async () => {
    await expect(convert([EXPORT], { outDir: out, redirects: 'iis' as RedirectFormatName })).rejects.toThrow(/--redirects iis is not one of netlify, nginx, apache, json, csv/);
  });
});
