/**
 * Acceptance: old URLs keep working on the real Blogger exports of ../shared/corpus. Every link a
 * post has to a published post, page or label of its own blog (under any of the blog's hosts)
 * points at that post's new page afterwards, links to what the archive does not have are left and
 * reported, and the redirect map sends every old address to the page its post was written as.
 * Expectations come from the suite's own reading of the XML (blogger-corpus.ts, old-urls.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExport, type XmlExport, type XmlPost } from './blogger-corpus.js';
import { runConvert, type BloggerRun } from './blogger-run.js';
import { BlogAddresses, renderedHrefs, tagSlug } from './old-urls.js';
import { CORPUS, CORPUS_REL, describeRun, useTempFolders } from './run.js';

const corpusExists = existsSync(CORPUS);
const SLOW = 600_000;

/** The exports with a public address; arborlodge (a custom domain) has ~40 links between its posts. */
const EXPORTS = [
  { name: 'blogger-classic/arborlodge-neighborhood-2022.xml' },
  { name: 'blogger-classic/charleso-plunkett-2011.xml' },
  { name: 'blogger-classic/kcargile-2012-prettyprinted.xml' },
  { name: 'blogger-takeout/orcunkoraliseri/Blogs/Personal Blog/feed.atom', settings: 'blogger-takeout/orcunkoraliseri/Blogs/Personal Blog/settings.csv' },
];

const decode = (text: string) => {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
};
const count = <T>(list: readonly T[]) => list.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<T, number>());

interface RedirectJson {
  from: string;
  to: string;
  status: number;
  kind: string;
}

describe.skipIf(!corpusExists)('acceptance: old URLs keep working (../shared/corpus/blogger-*)', () => {
  const { fresh } = useTempFolders('blogport-acceptance-old-urls-');
  const figures: string[] = [];

  const convert = (name: string, extra: string[]): { run: BloggerRun; x: XmlExport } => {
    const entry = EXPORTS.find((e) => e.name === name)!;
    const x = readExport(join(CORPUS, name), entry.settings ? { settingsCsv: readFileSync(join(CORPUS, entry.settings), 'utf8') } : {});
    const dir = fresh(`${name}-${extra.join('-')}`);
    const run = runConvert(`${name} ${extra.join(' ')}`, `${CORPUS_REL}/${name}`, join(dir, 'out'), join(dir, 'report.json'), extra);
    expect(run.cli.status, describeRun(run.cli)).toBe(0);
    return { run, x };
  };

  it.each(EXPORTS.map((e) => [e.name]))('%s: every link to an archived post points at its new page; the others are left and reported', (name) => {
    const { run, x } = convert(name, ['--redirects', 'json']);
    const blog = new BlogAddresses(x);
    const outputOf = (post: XmlPost) => run.byId.get(post.id)?.output;
    const links = blog.internalLinks(outputOf);

    const problems: string[] = [];
    const byPost = new Map<XmlPost, typeof links>();
    for (const link of links) byPost.set(link.post, [...(byPost.get(link.post) ?? []), link]);
    for (const [post, postLinks] of byPost) {
      const doc = run.docs.get(post.id);
      if (!doc) {
        problems.push(`${post.title}: not written`);
        continue;
      }
      const hrefs = count(renderedHrefs(doc.body));
      const wanted = count(postLinks.map((l) => (l.expected.kind === 'rewritten' ? decode(l.expected.url) : decode(l.absolute))));
      for (const [url, n] of wanted) {
        if ((hrefs.get(url) ?? 0) < n) problems.push(`${doc.output}: ${n}× ${url} wanted, ${hrefs.get(url) ?? 0} found (links: ${[...hrefs.keys()].join(' ')})`);
      }
    }
    // Nothing that names an archived post, page or label is left pointing at the old blog.
    for (const doc of run.docs.values()) {
      for (const href of renderedHrefs(doc.body)) {
        const expected = blog.expected(href, outputOf);
        if (expected?.kind === 'rewritten') problems.push(`${doc.output}: still links ${href} (should be ${expected.url})`);
      }
    }
    expect(problems).toEqual([]);

    const rewritten = links.flatMap((l) => (l.expected.kind === 'rewritten' ? [{ ...l, url: l.expected.url }] : []));
    const unresolved = links.filter((l) => l.expected.kind === 'unresolved');
    const report = (run.report as unknown as { links: { rewritten: number; posts: number; unresolved: { output: string; url: string }[] } }).links;
    expect(report.rewritten, 'report: links rewritten').toBe(rewritten.length);
    expect(report.posts, 'report: posts with rewritten links').toBe(new Set(rewritten.map((l) => l.post)).size);
    expect(report.unresolved.map((u) => `${u.output} ${decode(u.url)}`).sort(), 'report: links left').toEqual(unresolved.map((l) => `${outputOf(l.post)} ${decode(l.absolute)}`).sort());
    figures.push(`${name}: ${links.length} links to the blog itself in ${byPost.size} posts; ${rewritten.length} rewritten (${rewritten.filter((l) => !l.url.startsWith('/tags/') && !/^\/(#|$)/.test(l.url)).length} to posts and pages), ${unresolved.length} left`);
  }, SLOW);

  it.each(EXPORTS.map((e) => [e.name]))('%s: the redirect map covers every old post and page address and every label', (name) => {
    const { run, x } = convert(name, ['--redirects', 'json']);
    const blog = new BlogAddresses(x);
    const map = JSON.parse(readFileSync(join(run.outDir, 'redirects.json'), 'utf8')) as RedirectJson[];
    const plainEntries = map.filter((r) => !r.from.endsWith('?m=1'));
    const mobile = map.filter((r) => r.from.endsWith('?m=1'));
    expect(mobile.map((r) => [r.from.slice(0, -4), r.to]), 'a ?m=1 entry for each').toEqual(plainEntries.map((r) => [r.from, r.to]));
    expect(map.every((r) => r.status === 301)).toBe(true);

    const want = new Map<string, string>();
    for (const [oldPath, post] of blog.oldPaths()) {
      const output = run.byId.get(post.id)?.output;
      expect(output, `${oldPath} was written`).toBeDefined();
      want.set(oldPath, `/${output!.replace(/\.md$/, '/')}`);
      expect(existsSync(join(run.outDir, output!)), output).toBe(true);
    }
    for (const label of blog.labelNames()) want.set(`/search/label/${label}`, `/tags/${tagSlug(label)}/`);
    const got = new Map(plainEntries.map((r) => [decodeURIComponent(r.from), decodeURIComponent(r.to)]));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
    figures.push(`${name}: redirect map of ${plainEntries.length} old addresses (${blog.oldPaths().size} posts and pages, ${blog.labelNames().length} labels), each also with ?m=1`);
  }, SLOW);

  it('arborlodge, Hugo layout, Netlify: static/_redirects sends each old address to the Hugo page its file becomes', () => {
    const name = EXPORTS[0]!.name;
    const { run, x } = convert(name, ['--layout', 'hugo', '--redirects', 'netlify']);
    const blog = new BlogAddresses(x);
    const lines = readFileSync(join(run.outDir, 'static/_redirects'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/\s+/));
    const rules = new Map(lines.filter((f) => f.length === 3).map(([from, to]) => [decodeURIComponent(from!), to!]));
    const mobile = new Map(lines.filter((f) => f.length === 4 && f[1] === 'm=1').map(([from, , to]) => [decodeURIComponent(from!), to!]));
    const problems: string[] = [];
    for (const [oldPath, post] of blog.oldPaths()) {
      const output = run.byId.get(post.id)!.output!;
      // Hugo serves content/posts/<slug>.md at /posts/<slug>/ and content/<slug>.md at /<slug>/.
      const url = output.replace(/^content\//, '/').replace(/\.md$/, '/');
      if (rules.get(oldPath) !== url) problems.push(`${oldPath}: ${rules.get(oldPath)}, want ${url}`);
      if (mobile.get(oldPath) !== url) problems.push(`${oldPath}?m=1: ${mobile.get(oldPath)}, want ${url}`);
    }
    expect(problems).toEqual([]);
    // Hugo's links in the posts use the same URLs.
    const links = new BlogAddresses(x).internalLinks((post) => run.byId.get(post.id)?.output?.replace(/^content\//, ''));
    const postLink = links.find((l) => l.expected.kind === 'rewritten' && /^\/posts\//.test(l.expected.url))!;
    expect(renderedHrefs(run.docs.get(postLink.post.id)!.body)).toContain(decode((postLink.expected as { url: string }).url));
  }, SLOW);

  it('prints the figures', () => {
    console.log(['', 'blogport acceptance figures (old URLs)', ...figures, ''].join('\n'));
    expect(figures.length).toBeGreaterThan(0);
  });
});
