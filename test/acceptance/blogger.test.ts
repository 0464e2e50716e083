/**
 * Acceptance: the built CLI over the real Blogger exports in ../shared/corpus — three classic
 * "Back up content" files and two Google Takeout exports (one given both as its feed.atom and as
 * its folder) — and over damaged copies generated at test time (a truncated export, an empty file,
 * a WordPress file named as Blogger). What each export should give is worked out independently
 * by parsing its XML here (blogger-corpus.ts), never by blogport's reader. Nothing from the
 * corpus is copied into the repo; variants and output live in a temp folder. Skips only when the
 * corpus folder is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureFidelity } from '../helpers/fidelity.js';
import {
  dayOf,
  expectedReplyTo,
  htmlText,
  liveCommentsByPost,
  offsetOf,
  readExport,
  type XmlComment,
  type XmlExport,
  type XmlPost,
} from './blogger-corpus.js';
import {
  allowedText,
  blogportSlow,
  findCommentLeaks,
  findEmails,
  outputText,
  readCommentsFile,
  runConvert,
  urlsOf,
  type BloggerRun,
} from './blogger-run.js';
import { BlogAddresses, renderedHrefs } from './old-urls.js';
import { CORPUS, CORPUS_REL, describeRun, listFiles, ROOT, useTempFolders } from './run.js';

const corpusExists = existsSync(CORPUS);
const SLOW = 600_000;

interface ExportCase {
  /** Shown in test names: the input as the corpus names it. */
  name: string;
  /** The input given to the CLI (relative to the repo root, as the issue names the corpus). */
  input: string;
  /** The XML the expectations are read from. */
  xml: string;
  /** Takeout: the settings.csv beside feed.atom (its e-mail address must not leak either). */
  settings?: string;
  /** Counted in the fidelity figures (false for a second input of the same XML). */
  measure: boolean;
}

const TAKEOUT_BLOG = 'blogger-takeout/orcunkoraliseri/Blogs/Personal Blog';
const ARBORLODGE = 'blogger-classic/arborlodge-neighborhood-2022.xml';
const CHARLESO = 'blogger-classic/charleso-plunkett-2011.xml';
const KCARGILE = 'blogger-classic/kcargile-2012-prettyprinted.xml';
const TAKEOUT_FEED = `${TAKEOUT_BLOG}/feed.atom`;
const TAKEOUT_FOLDER = 'blogger-takeout/orcunkoraliseri/';
const DRAFTS_ONLY = 'blogger-takeout/kolkoga-tools-drafts-only/feed.atom';

const abs = (rel: string) => join(CORPUS, rel);
const cli = (rel: string) => `${CORPUS_REL}/${rel}`;

const CASES: ExportCase[] = [
  { name: ARBORLODGE, input: cli(ARBORLODGE), xml: abs(ARBORLODGE), measure: true },
  { name: CHARLESO, input: cli(CHARLESO), xml: abs(CHARLESO), measure: true },
  { name: KCARGILE, input: cli(KCARGILE), xml: abs(KCARGILE), measure: true },
  { name: TAKEOUT_FEED, input: cli(TAKEOUT_FEED), xml: abs(TAKEOUT_FEED), settings: abs(`${TAKEOUT_BLOG}/settings.csv`), measure: true },
  { name: `${TAKEOUT_FOLDER} (the Takeout folder)`, input: cli(TAKEOUT_FOLDER), xml: abs(TAKEOUT_FEED), settings: abs(`${TAKEOUT_BLOG}/settings.csv`), measure: false },
  { name: DRAFTS_ONLY, input: cli(DRAFTS_ONLY), xml: abs(DRAFTS_ONLY), measure: true },
];
const caseNamed = (name: string): ExportCase => CASES.find((c) => c.name === name)!;

// Read at collection time (only when the corpus is there), once per XML file.
const models = new Map<string, XmlExport>();
const modelOf = (c: ExportCase): XmlExport => {
  let model = models.get(c.xml);
  if (!model) {
    model = readExport(c.xml, c.settings ? { settingsCsv: readFileSync(c.settings, 'utf8') } : {});
    models.set(c.xml, model);
  }
  return model;
};
if (corpusExists) for (const c of CASES) modelOf(c);

const WITH_COMMENTS = corpusExists ? CASES.filter((c) => liveCommentsByPost(modelOf(c)).size > 0) : [];

const titleOf = (p: XmlPost) => (p.title ? `"${p.title}"` : `(untitled ${p.id})`);
const sorted = (list: readonly string[]) => [...list].sort();
const decode = (path: string) => {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
};

/** The same instant to the second (Blogger's milliseconds may be dropped) and the same UTC offset. */
function sameDate(got: unknown, published: string): string | undefined {
  if (typeof got !== 'string') return `is ${got instanceof Date ? `a Date ${got.toISOString()}` : JSON.stringify(got)}, want the string for ${published}`;
  const exact = Date.parse(published);
  const gotMs = Date.parse(got);
  if (Number.isNaN(gotMs)) return `"${got}" is not a date (<published> ${published})`;
  if (gotMs !== exact && gotMs !== Math.floor(exact / 1000) * 1000) return `"${got}" is not the instant of <published> ${published}`;
  if (offsetOf(got) !== offsetOf(published)) return `"${got}" has offset ${offsetOf(got) ?? 'none'}, <published> ${published} has ${offsetOf(published)}`;
  return undefined;
}

describe.skipIf(!corpusExists)('acceptance: Blogger exports (../shared/corpus/blogger-*)', () => {
  const memo = new Map<string, BloggerRun>();
  const { fresh } = useTempFolders('blogport-acceptance-blogger-');

  /** Convert (once, memoised) an export; default flags unless a layout / comments mode is named. */
  const runOf = (c: ExportCase, layout?: string, comments?: string): BloggerRun => {
    const key = `${c.name}|${layout ?? ''}|${comments ?? ''}`;
    const known = memo.get(key);
    if (known) return known;
    const extra = [...(layout ? ['--layout', layout] : []), ...(comments ? ['--comments', comments] : [])];
    const dir = fresh(`${c.name}-${layout ?? 'default'}-${comments ?? ''}`);
    const run = runConvert(`${c.name} ${extra.join(' ')}`.trim(), c.input, join(dir, 'out'), join(dir, 'report.json'), extra);
    memo.set(key, run);
    return run;
  };

  /** The run finished with exit 0 and a report. */
  const expectOk = (run: BloggerRun) => {
    expect(run.cli.status, `${run.label}: exit code\n${describeRun(run.cli)}`).toBe(0);
    expect(run.report, `${run.label}: no --report written`).toBeDefined();
  };

  /** The checks every conversion of a whole export must pass: exit 0, counts, ids, files, drafts. */
  const expectConverted = (run: BloggerRun, x: XmlExport) => {
    expectOk(run);
    const report = run.report!;
    expect(report.inputs.map((i) => ({ format: i.format, error: i.error })), 'the input as the report sees it').toEqual([{ format: 'blogger', error: undefined }]);

    const live = liveCommentsByPost(x);
    const commentsWritten = report.posts.reduce((n, p) => (p.comments && existsSync(join(run.outDir, p.comments)) ? n + readCommentsFile(join(run.outDir, p.comments)).length : n), 0);
    expect(
      {
        posts: report.posts.filter((p) => p.kind === 'post').length,
        pages: report.posts.filter((p) => p.kind === 'page').length,
        drafts: report.posts.filter((p) => p.draft).length,
        liveComments: commentsWritten,
      },
      'counts in the report and the comments data files',
    ).toEqual({
      posts: x.posts.filter((p) => p.kind === 'post').length,
      pages: x.posts.filter((p) => p.kind === 'page').length,
      drafts: x.posts.filter((p) => p.draft).length,
      liveComments: [...live.values()].reduce((n, l) => n + l.length, 0),
    });

    expect(sorted(report.posts.map((p) => p.id)), 'ids in the report = the post and page entries of the export (not trashed)').toEqual(sorted(x.posts.map((p) => p.id)));
    expect(
      report.posts.filter((p) => p.status !== 'written').map((p) => `${p.id} "${p.title}": ${p.status} ${p.warnings.map((w) => `${w.code}: ${w.message}`).join('; ')}`),
      'posts not written',
    ).toEqual([]);
    expect(x.posts.filter((p) => !run.docs.has(p.id)).map(titleOf), 'posts with no document in the output folder').toEqual([]);
    expect(x.trashed.filter((p) => run.byId.has(p.id)).map(titleOf), 'trashed entries in the output').toEqual([]);

    const expectedFiles = sorted([...report.posts.flatMap((p) => [p.output, p.comments]).filter((f): f is string => f !== undefined)]);
    expect(run.files, 'files in the output folder = the reported documents and comments data files').toEqual(expectedFiles);

    const drafts = x.posts.filter((p) => (run.docs.get(p.id)?.frontMatter.draft === true) !== p.draft).map((p) => `${titleOf(p)}: draft ${p.draft}, front matter draft ${String(run.docs.get(p.id)?.frontMatter.draft)}`);
    expect(drafts, 'draft: true exactly on the drafts (plain layout)').toEqual([]);

    const spam = x.comments.filter((cm) => cm.state === 'spam').length;
    if (spam > 0) expect(report.inputs[0]?.skipped?.['spam comment'], 'report: skipped["spam comment"]').toBe(spam);
  };

  // ----------------------------------------------------------------------------------------------
  describe('1. every export converts: exit 0, and post, page, draft and live-comment counts equal the export\'s', () => {
    it('the suite\'s own reading of the corpus matches MANIFEST.tsv (self-check)', () => {
      const figures = (rel: string) => {
        const x = modelOf(CASES.find((c) => c.xml === abs(rel))!);
        return {
          posts: x.posts.filter((p) => p.kind === 'post').length + x.trashed.filter((p) => p.kind === 'post').length,
          pages: x.posts.filter((p) => p.kind === 'page').length + x.trashed.filter((p) => p.kind === 'page').length,
          drafts: x.posts.filter((p) => p.draft).length,
          comments: x.comments.length,
        };
      };
      expect(figures(ARBORLODGE)).toEqual({ posts: 628, pages: 13, drafts: 11, comments: 56 });
      expect(figures(CHARLESO)).toEqual({ posts: 8, pages: 0, drafts: 0, comments: 8 });
      expect(figures(KCARGILE)).toEqual({ posts: 10, pages: 1, drafts: 2, comments: 1 });
      expect(figures(TAKEOUT_FEED)).toEqual({ posts: 46, pages: 17, drafts: 0, comments: 97 });
      expect(figures(DRAFTS_ONLY)).toEqual({ posts: 2, pages: 0, drafts: 2, comments: 0 });
      const takeout = modelOf(caseNamed(TAKEOUT_FEED));
      const states = takeout.comments.reduce<Record<string, number>>((n, c) => ({ ...n, [c.status]: (n[c.status] ?? 0) + 1 }), {});
      expect(states).toEqual({ LIVE: 18, SPAM_COMMENT: 78, GHOSTED_COMMENT: 1 });
      expect(modelOf(caseNamed(CHARLESO)).emails, 'real e-mail addresses in the charleso export').toEqual(['charleso@gmail.com']);
    });

    it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expectConverted(runOf(c), modelOf(c));
    }, SLOW);

    it(`${TAKEOUT_FEED} with one commented post and one page marked trashed (generated): neither, nor their comments, is written`, () => {
      const dir = fresh('takeout-trashed');
      const original = modelOf(caseNamed(TAKEOUT_FEED));
      const live = liveCommentsByPost(original);
      const post = original.posts.find((p) => p.kind === 'post' && !p.draft && (live.get(p.id)?.length ?? 0) > 0);
      const page = original.posts.find((p) => p.kind === 'page');
      expect(post, 'a published post with live comments (self-check)').toBeDefined();
      expect(page, 'a page (self-check)').toBeDefined();
      let xml = readFileSync(abs(TAKEOUT_FEED), 'utf8');
      for (const id of [post!.id, page!.id]) {
        const at = xml.indexOf(`<id>${id}</id>`);
        const end = xml.indexOf('</entry>', at);
        const entry = xml.slice(at, end);
        expect(entry, `entry ${id} has an empty <blogger:trashed/> (self-check)`).toContain('<blogger:trashed/>');
        xml = xml.slice(0, at) + entry.replace('<blogger:trashed/>', '<blogger:trashed>2024-01-02T03:04:05.678Z</blogger:trashed>') + xml.slice(end);
      }
      const input = join(dir, 'feed.atom');
      writeFileSync(input, xml);
      const x = readExport(input);
      expect(sorted(x.trashed.map((p) => p.id)), 'trashed entries as the suite reads them (self-check)').toEqual(sorted([post!.id, page!.id]));
      const run = runConvert('takeout with trashed entries', input, join(dir, 'out'), join(dir, 'report.json'));
      expectConverted(run, x);
      const text = outputText(run.outDir, run.files);
      const allowed = allowedText(x.posts.flatMap((p) => [p.title, htmlText(p.html)]));
      const { leaks, probed } = findCommentLeaks(text, live.get(post!.id)!, allowed, new Set(), false);
      expect(probed, 'comments of the trashed post with a distinctive text (self-check)').toBeGreaterThan(0);
      expect(leaks.map((l) => `${l.file}: ${l.what}`), 'comments of the trashed post in the output').toEqual([]);
    }, SLOW);

    it(`${TAKEOUT_FOLDER} and its feed.atom give the same files, byte for byte`, () => {
      const folder = runOf(caseNamed(`${TAKEOUT_FOLDER} (the Takeout folder)`));
      const feed = runOf(caseNamed(TAKEOUT_FEED));
      expectOk(folder);
      expectOk(feed);
      expect(folder.files).toEqual(feed.files);
      const differ = feed.files.filter((f) => readFileSync(join(feed.outDir, f), 'utf8') !== readFileSync(join(folder.outDir, f), 'utf8'));
      expect(differ, 'files whose content differs').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('2. dates, titles, tags and old paths come from the export', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s: date = <published> (same instant, same offset)', (_name, c) => {
      const run = runOf(c);
      expectOk(run);
      const problems: string[] = [];
      for (const p of modelOf(c).posts) {
        if (!p.published) continue;
        const doc = run.docs.get(p.id);
        if (!doc) continue; // reported in 1.
        const problem = sameDate(doc.frontMatter.date, p.published);
        if (problem) problems.push(`${titleOf(p)} (${doc.output}): date ${problem}`);
      }
      expect(problems).toEqual([]);
    }, SLOW);

    /** Titles (untitled: derived, flagged title_derived) and tags (= labels, de-duplicated) of a plain-layout run. */
    const titleAndTagProblems = (run: BloggerRun, x: XmlExport): string[] => {
      const problems: string[] = [];
      for (const p of x.posts) {
        const doc = run.docs.get(p.id);
        if (!doc) continue;
        const fm = doc.frontMatter;
        if (p.title) {
          if (fm.title !== p.title) problems.push(`${doc.output}: title ${JSON.stringify(fm.title)}, XML title ${JSON.stringify(p.title)}`);
          if (fm.title_derived !== undefined) problems.push(`${doc.output}: title_derived ${JSON.stringify(fm.title_derived)} on a titled post`);
        } else if (typeof fm.title !== 'string' || fm.title.trim() === '' || fm.title_derived !== true) {
          problems.push(`${doc.output}: untitled in the XML, front matter title ${JSON.stringify(fm.title)}, title_derived ${JSON.stringify(fm.title_derived)} (want a derived title and title_derived: true)`);
        }
        const tags = Array.isArray(fm.tags) ? fm.tags.map(String) : fm.tags === undefined ? [] : [`not a list: ${JSON.stringify(fm.tags)}`];
        if (JSON.stringify(sorted(tags)) !== JSON.stringify(sorted(p.labels))) problems.push(`${doc.output}: tags ${JSON.stringify(tags)}, labels ${JSON.stringify(p.labels)}`);
      }
      return problems;
    };

    it.each(CASES.map((c) => [c.name, c] as const))('%s: titles are the XML titles (untitled: derived, title_derived: true); tags are the labels', (_name, c) => {
      const run = runOf(c);
      expectOk(run);
      expect(titleAndTagProblems(run, modelOf(c))).toEqual([]);
    }, SLOW);

    it(`${KCARGILE} with a label repeated in other case and a white-space-only title (generated)`, () => {
      const dir = fresh('kcargile-labels-title');
      const original = modelOf(caseNamed(KCARGILE));
      const labelled = original.posts.find((p) => p.labels.some((l) => /[a-z]/i.test(l)));
      const titled = original.posts.find((p) => p !== labelled && p.title);
      expect(labelled, 'a post with a label (self-check)').toBeDefined();
      expect(titled, 'another titled post (self-check)').toBeDefined();
      const label = labelled!.labels.find((l) => /[a-z]/i.test(l))!;
      const swapped = [...label].map((ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase())).join('');
      let xml = readFileSync(abs(KCARGILE), 'utf8');
      const edit = (id: string, change: (entry: string) => string) => {
        const at = xml.indexOf(`<id>${id}</id>`);
        const end = xml.indexOf('</entry>', at);
        const changed = change(xml.slice(at, end));
        expect(changed, `entry ${id} edited (self-check)`).not.toBe(xml.slice(at, end));
        xml = xml.slice(0, at) + changed + xml.slice(end);
      };
      edit(labelled!.id, (entry) => entry.replace(/(<category scheme='http:\/\/www\.blogger\.com\/atom\/ns#' term='[^']*'\/>)(?![\s\S]*<category scheme='http:\/\/www\.blogger\.com\/atom\/ns#')/, `$1\n    <category scheme='http://www.blogger.com/atom/ns#' term='${swapped}'/>`));
      edit(titled!.id, (entry) => entry.replace(/<title type='text'>[^<]*<\/title>/, "<title type='text'> \t\n  </title>"));
      const input = join(dir, 'blog-08-19-2012.xml');
      writeFileSync(input, xml);
      const x = readExport(input);
      expect(x.posts.find((p) => p.id === labelled!.id)!.labels, 'labels as the suite reads them: the repeat is dropped (self-check)').toEqual(labelled!.labels);
      expect(x.posts.find((p) => p.id === titled!.id)!.title, 'the title as the suite reads it (self-check)').toBe('');
      const run = runConvert('kcargile with duplicate label and blank title', input, join(dir, 'out'), join(dir, 'report.json'));
      expectOk(run);
      expect(titleAndTagProblems(run, x)).toEqual([]);
    }, SLOW);

    it.each(CASES.map((c) => [c.name, c] as const))('%s: the old path of every published post is in aliases', (_name, c) => {
      const run = runOf(c);
      expectOk(run);
      const problems: string[] = [];
      let checked = 0;
      for (const p of modelOf(c).posts) {
        const doc = run.docs.get(p.id);
        if (!doc || !p.oldPath) continue;
        checked++;
        const aliases = Array.isArray(doc.frontMatter.aliases) ? doc.frontMatter.aliases.map((a) => decode(String(a))) : [];
        if (!aliases.includes(p.oldPath)) problems.push(`${doc.output}: aliases ${JSON.stringify(doc.frontMatter.aliases)}, old path ${p.oldPath}`);
      }
      expect(problems).toEqual([]);
      expect(checked, 'published posts with an old path').toBe(modelOf(c).posts.filter((p) => p.oldPath).length);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('3. never in any output file: spam or removed comments, e-mail addresses', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s (--comments data and --comments front-matter)', (_name, c) => {
      const x = modelOf(c);
      const gone = x.comments.filter((cm) => cm.state !== 'live');
      const live = x.comments.filter((cm) => cm.state === 'live');
      const allowed = allowedText([...x.posts.flatMap((p) => [p.title, htmlText(p.html)]), ...live.map((cm) => cm.text)]);
      const allowedUrls = new Set([...x.posts, ...live].flatMap((e) => urlsOf(e.html)).map((u) => u.toLocaleLowerCase()));
      const runsToCheck = [runOf(c), ...(x.comments.length > 0 ? [runOf(c, undefined, 'front-matter')] : [])];
      for (const run of runsToCheck) {
        expectOk(run);
        const text = outputText(run.outDir, run.files);
        const { leaks, probed } = findCommentLeaks(text, gone, allowed, allowedUrls);
        console.log(`${run.label}: ${run.files.length} output files searched for ${probed} of ${gone.length} spam/removed comments (distinctive text or URL) and ${x.emails.length} e-mail address(es)`);
        if (gone.length > 0) expect(probed, `${run.label}: spam/removed comments with a distinctive text or URL to look for (self-check)`).toBeGreaterThan(0);
        expect(leaks.map((l) => `${l.file}: ${l.what} — found "${l.probe}"`), `${run.label}: spam or removed comment text in the output`).toEqual([]);
        expect(findEmails(text, x.emails).map((e) => `${e.file}: ${e.email}`), `${run.label}: e-mail addresses of the export (${x.emails.join(', ') || 'none'}) in the output`).toEqual([]);
      }
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  interface Measured {
    post: XmlPost;
    output: string;
    f1: number;
    missingImages: string[];
    missingLinks: string[];
    leftover: string[];
    missingWords: string[];
    extraWords: string[];
  }

  describe('4. fidelity of every post body (measureFidelity: source <content> HTML vs the Markdown body)', () => {
    it('word F1 >= 0.99 for every post and >= 0.998 on average; every image and link kept; no HTML left but embeds', () => {
      const rows: { name: string; measured: Measured[] }[] = [];
      for (const c of CASES.filter((k) => k.measure)) {
        const run = runOf(c);
        expectOk(run);
        const measured: Measured[] = [];
        // A link to another post of the blog is kept as a link to that post's new page (old-urls.ts).
        const blog = new BlogAddresses(modelOf(c));
        const outputOf = (p: XmlPost) => run.byId.get(p.id)?.output;
        for (const post of modelOf(c).posts) {
          const doc = run.docs.get(post.id);
          if (!doc) continue; // reported in 1.
          const hrefs = new Set(renderedHrefs(doc.body));
          const movedHere = (url: string) => {
            let expected;
            try {
              expected = blog.expected(new URL(url, post.url).href, outputOf);
            } catch {
              return false;
            }
            return expected?.kind === 'rewritten' && hrefs.has(decode(expected.url));
          };
          const plainRun = measureFidelity(post.html, doc.body);
          // Relative URLs may be kept or resolved against the post's address: either is "still there".
          const based = post.url ? measureFidelity(post.html, doc.body, { baseUrl: post.url }) : plainRun;
          measured.push({
            post,
            output: doc.output,
            f1: plainRun.wordF1,
            missingImages: plainRun.missingImages.filter((u) => based.missingImages.includes(u) || !post.url),
            missingLinks: plainRun.missingLinks.filter((u) => (based.missingLinks.includes(u) || !post.url) && !movedHere(u)),
            leftover: plainRun.leftoverHtml,
            missingWords: plainRun.missingWords,
            extraWords: plainRun.extraWords,
          });
        }
        rows.push({ name: c.name, measured });
      }

      const all = rows.flatMap((r) => r.measured);
      const avg = (list: Measured[]) => (list.length ? list.reduce((n, m) => n + m.f1, 0) / list.length : 1);
      const min = (list: Measured[]) => (list.length ? Math.min(...list.map((m) => m.f1)) : 1);
      const count = (list: Measured[], key: 'missingImages' | 'missingLinks' | 'leftover') => list.reduce((n, m) => n + m[key].length, 0);
      const width = Math.max(...rows.map((r) => r.name.length), 10);
      const line = (name: string, list: Measured[]) =>
        `${name.padEnd(width)}  ${String(list.length).padStart(5)}  ${min(list).toFixed(4)}  ${avg(list).toFixed(4)}  ${String(count(list, 'missingImages')).padStart(11)}  ${String(count(list, 'missingLinks')).padStart(13)}  ${String(count(list, 'leftover')).padStart(13)}  ${String(list.filter((m) => m.f1 < 1).length).padStart(7)}`;
      const worst = rows.flatMap((r) => [
        `${r.name}, worst 3:`,
        ...[...r.measured]
          .sort((a, b) => a.f1 - b.f1)
          .slice(0, 3)
          .map((m) => `  ${m.f1.toFixed(4)}  ${titleOf(m.post)} (${m.output})  missing words: ${m.missingWords.slice(0, 10).join(' ') || '-'}; extra words: ${m.extraWords.slice(0, 10).join(' ') || '-'}${m.missingImages.length + m.missingLinks.length + m.leftover.length ? `; missing images ${m.missingImages.length}, links ${m.missingLinks.length}, leftover HTML ${m.leftover.length}` : ''}`),
      ]);
      console.log(
        [
          '',
          'blogport acceptance figures (Blogger exports, plain layout; measureFidelity: source <content> HTML vs Markdown body)',
          `${'export'.padEnd(width)}  posts  min F1  avg F1  missing img  missing links  leftover HTML  F1 < 1`,
          ...rows.map((r) => line(r.name, r.measured)),
          line('all', all),
          ...worst,
          '',
        ].join('\n'),
      );

      expect(all.length, 'posts measured').toBe(rows.reduce((n, r) => n + modelOf(caseNamed(r.name)).posts.length, 0));
      expect(
        all.filter((m) => m.f1 < 0.99).map((m) => `${m.f1.toFixed(4)} ${titleOf(m.post)} (${m.output}) missing: ${m.missingWords.join(' ')} | extra: ${m.extraWords.join(' ')}`),
        'posts with word F1 < 0.99',
      ).toEqual([]);
      expect(avg(all), 'average word F1 over every post of the corpus').toBeGreaterThanOrEqual(0.998);
      expect(all.filter((m) => m.missingImages.length).map((m) => `${m.output}: ${m.missingImages.join(' ')}`), 'source <img src> missing from the Markdown').toEqual([]);
      expect(all.filter((m) => m.missingLinks.length).map((m) => `${m.output}: ${m.missingLinks.join(' ')}`), 'source <a href> missing from the Markdown').toEqual([]);
      expect(all.filter((m) => m.leftover.length).map((m) => `${m.output}: ${m.leftover.join(' | ')}`), 'HTML left in the Markdown (other than embeds and <!--more-->)').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('5. comments', () => {
    /** The comments of one post as written (data file or front matter) against the XML's live comments. */
    const checkComments = (x: XmlExport, label: string, entries: Record<string, unknown>[], want: readonly XmlComment[], problems: string[]) => {
      const got = entries.map((e) => String(e.id));
      if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(want.map((w) => w.id)))) {
        problems.push(`${label}: ${entries.length} comments ${JSON.stringify(got)}, want the ${want.length} live ones ${JSON.stringify(want.map((w) => w.id))}`);
        return;
      }
      for (const w of want) {
        const entry = entries.find((e) => e.id === w.id)!;
        const replyTo = expectedReplyTo(x, w);
        if (entry.reply_to !== replyTo) problems.push(`${label}: comment ${w.id} reply_to ${JSON.stringify(entry.reply_to)}, want ${JSON.stringify(replyTo)}`);
        if (typeof entry.body !== 'string') problems.push(`${label}: comment ${w.id} has no body`);
      }
    };

    it('the corpus has comment threads to check (self-check)', () => {
      const arbor = modelOf(caseNamed(ARBORLODGE));
      const replies = arbor.comments.filter((cm) => cm.state === 'live' && expectedReplyTo(arbor, cm));
      expect(replies.length, 'live replies to live comments in arborlodge').toBe(3);
      expect(WITH_COMMENTS.map((c) => c.name)).toEqual([ARBORLODGE, CHARLESO, KCARGILE, TAKEOUT_FEED, `${TAKEOUT_FOLDER} (the Takeout folder)`]);
    });

    it.each(WITH_COMMENTS.map((c) => [c.name, c] as const))('%s: default (--comments data): one data file per post with live comments, threaded by reply_to', (_name, c) => {
      const run = runOf(c);
      const x = modelOf(c);
      expectOk(run);
      const live = liveCommentsByPost(x);
      const problems: string[] = [];
      for (const p of x.posts) {
        const reported = run.byId.get(p.id);
        const want = live.get(p.id) ?? [];
        if (!reported) continue;
        if (want.length === 0) {
          if (reported.comments) problems.push(`${reported.output}: no live comments, but a comments file ${reported.comments}`);
          continue;
        }
        if (!reported.comments) {
          problems.push(`${reported.output}: ${want.length} live comments, but no comments file in the report`);
          continue;
        }
        if (!existsSync(join(run.outDir, reported.comments))) {
          problems.push(`${reported.output}: comments file ${reported.comments} not written`);
          continue;
        }
        checkComments(x, reported.comments, readCommentsFile(join(run.outDir, reported.comments)), want, problems);
        if (run.docs.get(p.id)?.frontMatter.archived_comments !== undefined) problems.push(`${reported.output}: archived_comments in front matter with --comments data`);
      }
      expect(problems).toEqual([]);
    }, SLOW);

    it.each(WITH_COMMENTS.map((c) => [c.name, c] as const))('%s: --comments front-matter: archived_comments in each post, no data files', (_name, c) => {
      const run = runOf(c, undefined, 'front-matter');
      const x = modelOf(c);
      expectOk(run);
      const live = liveCommentsByPost(x);
      const problems: string[] = [];
      for (const p of x.posts) {
        const doc = run.docs.get(p.id);
        if (!doc) {
          problems.push(`${titleOf(p)}: not written`);
          continue;
        }
        const want = live.get(p.id) ?? [];
        const archived = doc.frontMatter.archived_comments;
        if (want.length === 0) {
          if (archived !== undefined) problems.push(`${doc.output}: archived_comments ${JSON.stringify(archived).slice(0, 100)} on a post without live comments`);
        } else if (!Array.isArray(archived)) {
          problems.push(`${doc.output}: ${want.length} live comments, archived_comments is ${JSON.stringify(archived)}`);
        } else {
          checkComments(x, `${doc.output} archived_comments`, archived as Record<string, unknown>[], want, problems);
        }
        if (run.byId.get(p.id)?.comments) problems.push(`${doc.output}: report names a comments file ${run.byId.get(p.id)?.comments}`);
      }
      expect(problems).toEqual([]);
      expect(run.files.filter((f) => !f.endsWith('.md')), 'files other than documents').toEqual([]);
    }, SLOW);

    it.each(WITH_COMMENTS.map((c) => [c.name, c] as const))('%s: --comments none: no comment text anywhere', (_name, c) => {
      const none = runOf(c, undefined, 'none');
      const data = runOf(c);
      const x = modelOf(c);
      expectOk(none);
      expectOk(data);
      const live = [...liveCommentsByPost(x).values()].flat();
      const allowed = allowedText(x.posts.flatMap((p) => [p.title, htmlText(p.html)]));
      const allowedUrls = new Set(x.posts.flatMap((p) => urlsOf(p.html)).map((u) => u.toLocaleLowerCase()));

      // Control: the same probes do find the comments where they are written.
      const control = findCommentLeaks(outputText(data.outDir, data.files), live, allowed, allowedUrls, false);
      const found = new Set(control.leaks.map((l) => l.what));
      expect(control.probed, 'live comments with a distinctive text to look for (self-check)').toBeGreaterThan(0);
      expect(found.size, 'probes find every probed live comment in the --comments data output (self-check)').toBe(control.probed);

      const { leaks } = findCommentLeaks(outputText(none.outDir, none.files), live, allowed, allowedUrls, false);
      expect(leaks.map((l) => `${l.file}: ${l.what} — found "${l.probe}"`), 'comment text in the output with --comments none').toEqual([]);
      expect(none.files.filter((f) => !f.endsWith('.md')), 'files other than documents').toEqual([]);
      expect([...none.docs.values()].filter((d) => d.frontMatter.archived_comments !== undefined).map((d) => d.output), 'archived_comments in front matter').toEqual([]);
      expect(none.report!.posts.filter((p) => p.comments).map((p) => p.output), 'report names comments files').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('6. layouts: paths, front matter and old paths per site generator', () => {
    const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*';
    interface LayoutSpec {
      dateKey: string;
      /** Where old paths go (checked for plain, hugo, jekyll). */
      aliasKey?: string;
      /** The document's path for a post with this slug. */
      path: (p: XmlPost, slug: string) => string;
      /** The comments data file's path. */
      comments: (p: XmlPost, slug: string) => string;
      /** Drafts carry `draft: true` (else: Jekyll's _drafts folder). */
      draftFlag: boolean;
      extra?: (p: XmlPost, fm: Record<string, unknown>) => string | undefined;
    }
    const section = (p: XmlPost) => (p.kind === 'page' ? 'pages' : 'posts');
    const LAYOUTS: Record<string, LayoutSpec> = {
      plain: {
        dateKey: 'date',
        aliasKey: 'aliases',
        path: (p, s) => `${section(p)}/${s}.md`,
        comments: (p, s) => `comments/${section(p)}/${s}.yaml`,
        draftFlag: true,
      },
      hugo: {
        dateKey: 'date',
        aliasKey: 'aliases',
        path: (p, s) => (p.kind === 'page' ? `content/${s}.md` : `content/posts/${s}.md`),
        comments: (p, s) => `data/comments/${section(p)}/${s}.yaml`,
        draftFlag: true,
      },
      jekyll: {
        dateKey: 'date',
        aliasKey: 'redirect_from',
        path: (p, s) => (p.kind === 'page' ? `${s}.md` : p.draft ? `_drafts/${s}.md` : `_posts/${dayOf(p.published!)}-${s}.md`),
        comments: (p, s) => `_data/comments/${p.kind === 'post' && !p.draft ? `${dayOf(p.published!)}-` : ''}${s}.yml`,
        draftFlag: false,
        extra: (p, fm) => (fm.layout === (p.kind === 'page' ? 'page' : 'post') ? undefined : `layout ${JSON.stringify(fm.layout)}`),
      },
      eleventy: {
        dateKey: 'date',
        path: (p, s) => (p.kind === 'page' ? `${s}.md` : `posts/${s}.md`),
        comments: (p, s) => `_data/comments/${section(p)}/${s}.json`,
        draftFlag: true,
        extra: (p, fm) => (p.draft && fm.permalink !== false ? `draft with permalink ${JSON.stringify(fm.permalink)}` : undefined),
      },
      astro: {
        dateKey: 'pubDate',
        path: (p, s) => (p.kind === 'page' ? `src/content/pages/${s}.md` : `src/content/blog/${s}.md`),
        comments: (p, s) => `src/content/comments/${section(p)}/${s}.json`,
        draftFlag: true,
      },
    };
    const slugOf = (output: string) => new RegExp(`(?:^|/)(?:\\d{4}-\\d{2}-\\d{2}-)?(${SLUG})\\.md$`).exec(output)?.[1];

    const LAYOUT_CASES = [KCARGILE, ARBORLODGE].flatMap((name) => Object.keys(LAYOUTS).map((layout) => [`${name} --layout ${layout}`, name, layout] as const));

    it.each(LAYOUT_CASES)('%s', (_label, name, layout) => {
      const c = caseNamed(name);
      const spec = LAYOUTS[layout]!;
      const run = runOf(c, layout);
      const x = modelOf(c);
      expectOk(run);
      const live = liveCommentsByPost(x);
      const problems: string[] = [];
      for (const p of x.posts) {
        const reported = run.byId.get(p.id);
        const doc = run.docs.get(p.id);
        if (!reported?.output || !doc) {
          problems.push(`${titleOf(p)}: not written (${reported?.status ?? 'not in the report'})`);
          continue;
        }
        const slug = slugOf(reported.output);
        if (!slug || spec.path(p, slug) !== reported.output) {
          problems.push(`${titleOf(p)}: written to ${reported.output}, want ${spec.path(p, slug ?? '<slug>')}`);
          continue;
        }
        const fm = doc.frontMatter;
        if (p.title && fm.title !== p.title) problems.push(`${reported.output}: title ${JSON.stringify(fm.title)}, XML title ${JSON.stringify(p.title)}`);
        if (!p.title && (typeof fm.title !== 'string' || fm.title.trim() === '')) problems.push(`${reported.output}: untitled post without a derived title: ${JSON.stringify(fm.title)}`);
        if (p.published) {
          const problem = sameDate(fm[spec.dateKey], p.published);
          if (problem) problems.push(`${reported.output}: ${spec.dateKey} ${problem}`);
        }
        if (spec.aliasKey && p.oldPath) {
          const aliases = Array.isArray(fm[spec.aliasKey]) ? (fm[spec.aliasKey] as unknown[]).map((a) => decode(String(a))) : [];
          if (!aliases.includes(p.oldPath)) problems.push(`${reported.output}: ${spec.aliasKey} ${JSON.stringify(fm[spec.aliasKey])}, old path ${p.oldPath}`);
        }
        if (spec.draftFlag && (fm.draft === true) !== p.draft) problems.push(`${reported.output}: draft ${JSON.stringify(fm.draft)}, the export says ${p.draft ? 'draft' : 'published'}`);
        const extra = spec.extra?.(p, fm);
        if (extra) problems.push(`${reported.output}: ${extra}`);
        const wantComments = (live.get(p.id) ?? []).length > 0 ? spec.comments(p, slug) : undefined;
        if (reported.comments !== wantComments) problems.push(`${reported.output}: comments file ${JSON.stringify(reported.comments)}, want ${JSON.stringify(wantComments)}`);
      }
      expect(problems).toEqual([]);
      const expectedFiles = sorted(run.report!.posts.flatMap((p) => [p.output, p.comments]).filter((f): f is string => f !== undefined));
      expect(run.files, 'files in the output folder = the reported documents and comments data files').toEqual(expectedFiles);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('7. bad input', () => {
    /** Exactly one line on stderr, naming the input. */
    const expectOneLine = (label: string, result: { stderr: string; status: number | null; stdout: string }, input: string) => {
      const lines = result.stderr.split('\n');
      expect(lines.at(-1), `${label}: stderr must end with a newline\n${describeRun(result)}`).toBe('');
      expect(lines.slice(0, -1), `${label}: exactly one line on stderr\n${describeRun(result)}`).toHaveLength(1);
      expect(lines[0], `${label}: the stderr line must name the input`).toContain(input);
      return lines[0]!;
    };

    it(`a copy of ${ARBORLODGE} cut at 60%: every complete entry before the cut converts, exit != 0, stderr says where`, () => {
      const dir = fresh('truncated');
      const full = readFileSync(abs(ARBORLODGE));
      let cut = Math.floor(full.length * 0.6);
      while (cut > 0 && (full[cut]! & 0xc0) === 0x80) cut--; // never split a UTF-8 sequence
      const bytes = full.subarray(0, cut);
      const input = join(dir, 'arborlodge-truncated.xml');
      writeFileSync(input, bytes);

      // What the complete entries before the cut hold, read the suite's way.
      const text = bytes.toString('utf8');
      const lastEnd = text.lastIndexOf('</entry>') + '</entry>'.length;
      expect(text.slice(lastEnd), 'the cut falls inside an entry (self-check)').toContain('<entry>');
      const prefix = join(dir, 'complete-entries.xml');
      writeFileSync(prefix, `${text.slice(0, lastEnd)}\n</feed>\n`);
      const before = readExport(prefix);
      expect(before.posts.length, 'complete post and page entries before the cut (self-check)').toBeGreaterThan(100);

      const run = runConvert('truncated', input, join(dir, 'out'), join(dir, 'report.json'));
      expect(run.cli.status, `exit code\n${describeRun(run.cli)}`).not.toBe(0);
      expect([1, 2], `exit code is 1 or 2\n${describeRun(run.cli)}`).toContain(run.cli.status);
      expect(run.cli.stderr, 'stderr names the file').toContain(input);
      expect(run.cli.stderr, 'stderr says where the file breaks off (line and column)').toMatch(/line \d+,? column \d+|:\d+:\d+/);
      expect(run.cli.stderr, 'no stack trace').not.toMatch(/^\s+at /m);

      expect(run.report, 'the report is written').toBeDefined();
      const written = run.report!.posts.filter((p) => p.status === 'written');
      expect(sorted(written.map((p) => p.id)), 'written posts = the complete post and page entries before the cut').toEqual(sorted(before.posts.map((p) => p.id)));
      expect(run.files.filter((f) => f.endsWith('.md')), 'documents in the output folder').toHaveLength(before.posts.length);
    }, SLOW);

    it('an empty file: exit 2, one line naming it, nothing written (auto-detected and --from blogger)', () => {
      const dir = fresh('empty');
      const input = join(dir, 'blog-01-01-2020.xml');
      writeFileSync(input, '');
      for (const extra of [[], ['--from', 'blogger']]) {
        const out = join(dir, `out${extra.length}`);
        const result = blogportSlow(['convert', input, '-o', out, ...extra]);
        const label = `empty file ${extra.join(' ')}`.trim();
        expect(result.status, `${label}: exit code\n${describeRun(result)}`).toBe(2);
        expectOneLine(label, result, input);
        expect(listFiles(out), `${label}: files written`).toEqual([]);
      }
    });

    it('a WordPress export (WXR) given with --from blogger: exit 2, one line naming it and saying it looks like WordPress', () => {
      const dir = fresh('wxr');
      const input = cli('wxr/themeunittestdata.wordpress.xml');
      const out = join(dir, 'out');
      const result = blogportSlow(['convert', input, '-o', out, '--from', 'blogger']);
      expect(result.status, `exit code\n${describeRun(result)}`).toBe(2);
      const line = expectOneLine('WXR --from blogger', result, input);
      expect(line, 'the line says what the file looks like').toMatch(/WordPress|WXR/i);
      expect(listFiles(out), 'files written').toEqual([]);
    });

    it.each([
      ['wxr/themeunittestdata.wordpress.xml', 'a WordPress export (WXR)'],
      ['wxr/bitcoinfrance-fr-2016.xml', 'a WordPress export (WXR)'],
      ['feeds/medium-content-encoded.rss', 'an RSS feed'],
      ['text/hatena-mt-export-ja-hashrock.txt', 'a Movable Type export'],
    ])('%s, auto-detected: exit 2, one line naming it as %s that blogport does not read yet', (path, what) => {
      const dir = fresh(`unsupported-${path.replace(/\W/g, '-')}`);
      const input = cli(path);
      const out = join(dir, 'out');
      const result = blogportSlow(['convert', input, '-o', out]);
      expect(result.status, `exit code\n${describeRun(result)}`).toBe(2);
      const line = expectOneLine(`${path} auto-detected`, result, input);
      expect(line).toContain(`is ${what}`);
      expect(line).toContain('which blogport does not read yet');
      expect(listFiles(out), 'files written').toEqual([]);
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('8. figures', () => {
    it('per export: exit, posts, pages, drafts, comments written, skipped entries, warnings', () => {
      const rows = CASES.map((c) => {
        const run = runOf(c);
        const report = run.report;
        const commentFiles = (report?.posts ?? []).filter((p) => p.comments && existsSync(join(run.outDir, p.comments)));
        const comments = commentFiles.reduce((n, p) => n + readCommentsFile(join(run.outDir, p.comments!)).length, 0);
        const warnings = [...(report?.warnings ?? []), ...(report?.posts ?? []).flatMap((p) => p.warnings)];
        const codes = warnings.reduce<Record<string, number>>((n, w) => ({ ...n, [w.code]: (n[w.code] ?? 0) + 1 }), {});
        return {
          name: c.name,
          exit: run.cli.status,
          posts: report?.posts.filter((p) => p.kind === 'post').length ?? 0,
          pages: report?.posts.filter((p) => p.kind === 'page').length ?? 0,
          drafts: report?.posts.filter((p) => p.draft).length ?? 0,
          comments,
          skipped: Object.entries(report?.inputs[0]?.skipped ?? {}).map(([k, v]) => `${k} ${v}`).join(', '),
          warnings: Object.entries(codes).map(([k, v]) => `${k} ${v}`).join(', '),
        };
      });
      const width = Math.max(...rows.map((r) => r.name.length));
      console.log(
        [
          '',
          'blogport acceptance figures (Blogger exports, plain layout, --comments data)',
          `${'export'.padEnd(width)}  exit  posts  pages  drafts  comments  skipped | warnings`,
          ...rows.map((r) => `${r.name.padEnd(width)}  ${String(r.exit).padStart(4)}  ${String(r.posts).padStart(5)}  ${String(r.pages).padStart(5)}  ${String(r.drafts).padStart(6)}  ${String(r.comments).padStart(8)}  ${r.skipped || '-'} | ${r.warnings || '-'}`),
          '',
        ].join('\n'),
      );
      expect(rows).toHaveLength(CASES.length);
    }, SLOW);
  });
});
