/**
 * Acceptance: the built CLI over the saved blog pages in ../shared/corpus/html (Blogger classic
 * and layouts era, WordPress, Ghost, Tumblr, a windows-1251 listing), and over pages built from
 * them at test time (a mirror folder, broken markup, wrong declared charsets, Shift_JIS and GBK
 * pages). What each page should give — its posts, their titles, dates, authors, tags, bodies and
 * the chrome that must not be in them — is stated in html-corpus.ts from reading the pages, and
 * each post's body element is picked out of the page here (cheerio), never taken from blogport.
 * Nothing from the corpus is copied into the repo; pages built from it and all output live in a
 * temp folder. Skips only when the corpus folder is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import iconv from 'iconv-lite';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { measureFidelity, renderedText, words } from '../helpers/fidelity.js';
import { readCommentsFile, runConvert, type BloggerRun } from './blogger-run.js';
import {
  HTML_PAGES,
  readSourcePage,
  visibleTitle,
  WP_TAVERN_COMMENT_TEXT,
  WP_TAVERN_COMMENTS,
  type ExpectedHtmlPost,
  type HtmlPage,
  type SourcePage,
  type SourcePost,
} from './html-corpus.js';
import { asExcerpt, cutClassicPage, gbkPage, indexPage, itemPage, shiftJisPage, writeTree, type EncodedPage } from './html-pages.js';
import { CORPUS, describeRun, listFiles, useTempFolders, type Document } from './run.js';

const corpusExists = existsSync(CORPUS);
const SLOW = 120_000;

const pageNamed = (file: string): HtmlPage => HTML_PAGES.find((p) => p.file === file)!;
const MIKEAUSTIN = 'html/blogger-classic-archive-mikeaustin-2006-02.html';
const JORGE = 'html/blogger-layouts-yeararchive-es-jorgeelconstructor-2013.html';
const WPTAVERN = 'html/wordpress-post-en-wptavern-readability.html';
const STREETSTORM = 'html/blog-index-ru-cp1251-streetstorm.html';

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const sorted = (list: readonly string[]) => [...list].sort();
const decodePath = (path: string) => {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
};
const pathOf = (url: string) => decodePath(new URL(url).pathname);
const label = (e: ExpectedHtmlPost) => (e.title === null ? `(untitled, ${e.date})` : `"${e.title}"`);

// Read at collection time (only when the corpus is there), once per page.
const sources = new Map<string, SourcePage>();
const sourceOf = (page: HtmlPage): SourcePage => {
  let source = sources.get(page.file);
  if (!source) sources.set(page.file, (source = readSourcePage(CORPUS, page)));
  return source;
};

type Reported = NonNullable<BloggerRun['report']>['posts'][number];
type Written = Document & { output: string };

/** An expected post, its body element in the page, and what blogport made of it. */
interface Matched {
  expected: ExpectedHtmlPost;
  source: SourcePost;
  reported?: Reported;
  doc?: Written;
}

const aliasesOf = (doc: Written | undefined): string[] =>
  Array.isArray(doc?.frontMatter.aliases) ? (doc.frontMatter.aliases as unknown[]).map((a) => decodePath(String(a))) : [];

/** Pair each expected post with a written one: by its old path in `aliases`, else by title, else by position. */
function matchPosts(run: BloggerRun, expected: readonly ExpectedHtmlPost[], source: readonly SourcePost[]): Matched[] {
  const reported = run.report?.posts ?? [];
  const docOf = (r: Reported) => run.docs.get(r.id);
  const used = new Set<number>();
  return expected.map((e, i) => {
    const free = (j: number) => !used.has(j);
    let k = reported.findIndex((r, j) => free(j) && aliasesOf(docOf(r)).includes(pathOf(e.url)));
    if (k < 0 && e.title !== null) k = reported.findIndex((r, j) => free(j) && visibleTitle(r.title) === e.title);
    if (k < 0 && i < reported.length && free(i)) k = i;
    if (k >= 0) used.add(k);
    const r = k >= 0 ? reported[k] : undefined;
    return { expected: e, source: source[i]!, ...(r ? { reported: r, doc: docOf(r) } : {}) };
  });
}

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;
const offsetOf = (date: string) => {
  const m = OFFSET.exec(date);
  return m ? (m[1] === 'Z' ? '+00:00' : m[1]) : undefined;
};

/** A written date against the page's: a day stays that day; a local time stays local; a time with an offset keeps its instant and offset. */
function dateProblem(got: unknown, want: string): string | undefined {
  if (typeof got !== 'string') return `date ${got instanceof Date ? `is a Date ${got.toISOString()}` : JSON.stringify(got)}, want the string ${want}`;
  if (!offsetOf(want)) return got === want ? undefined : `date ${got}, want ${want}`;
  if (Date.parse(got) !== Date.parse(want) || Number.isNaN(Date.parse(got))) return `date ${got} is not the instant ${want}`;
  if (offsetOf(got) !== offsetOf(want)) return `date ${got} has offset ${offsetOf(got) ?? 'none'}, the page says ${want}`;
  return undefined;
}

const isExcerptWarning = (w: { code: string; message: string }) => w.code === 'EXCERPT' || /excerpt/i.test(w.message);

/** What the page shows against what was written: title, date, author, tags, categories, excerpt, old path. */
function postProblems(m: Matched): string[] {
  const { expected: e, doc, reported } = m;
  const name = label(e);
  if (!doc || !reported) return [`${name}: not written (${reported?.status ?? 'not in the report'})`];
  const fm = doc.frontMatter;
  const at = `${name} (${doc.output})`;
  const problems: string[] = [];
  if (e.title !== null) {
    const got = typeof fm.title === 'string' ? fm.title.normalize('NFC') : fm.title;
    if (got !== e.title) problems.push(`${at}: title ${JSON.stringify(fm.title)}, want ${JSON.stringify(e.title)}`);
    if (fm.title_derived !== undefined) problems.push(`${at}: title_derived ${JSON.stringify(fm.title_derived)} on a titled post`);
  } else {
    const title = typeof fm.title === 'string' ? fm.title : '';
    const titleWords = words(title.replace(/…$/, ''));
    const bodyWords = words(m.source.text);
    if (!title.trim() || fm.title_derived !== true) problems.push(`${at}: untitled on the page; front matter title ${JSON.stringify(fm.title)}, title_derived ${JSON.stringify(fm.title_derived)} (want a derived title and title_derived: true)`);
    else if (titleWords.length === 0 || titleWords.some((w, i) => w !== bodyWords[i])) problems.push(`${at}: derived title ${JSON.stringify(title)} is not the body's first words ("${bodyWords.slice(0, 8).join(' ')}")`);
  }
  const date = dateProblem(fm.date, e.date);
  if (date) problems.push(`${at}: ${date}`);
  if (e.author !== undefined && (fm.author ?? null) !== e.author) problems.push(`${at}: author ${JSON.stringify(fm.author)}, want ${JSON.stringify(e.author)}`);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [`not a list: ${JSON.stringify(v)}`]);
  if (JSON.stringify(sorted(list(fm.tags))) !== JSON.stringify(sorted(e.tags))) problems.push(`${at}: tags ${JSON.stringify(fm.tags)}, want ${JSON.stringify(e.tags)}`);
  const categories = e.categories ?? [];
  if (JSON.stringify(sorted(list(fm.categories))) !== JSON.stringify(sorted(categories))) problems.push(`${at}: categories ${JSON.stringify(fm.categories)}, want ${JSON.stringify(categories)}`);
  const excerpt = reported.warnings.some(isExcerptWarning);
  if (excerpt !== e.excerpt) problems.push(`${at}: ${e.excerpt ? 'an excerpt on the page, not reported as one' : 'the full post, reported as an excerpt'}`);
  if (!aliasesOf(doc).includes(pathOf(e.url))) problems.push(`${at}: aliases ${JSON.stringify(fm.aliases)}, want the old path ${pathOf(e.url)}`);
  return problems;
}

const markdownIt = new MarkdownIt({ html: true });

/** Every link and image URL of the rendered Markdown. */
function renderedUrls(markdown: string): string[] {
  const $ = load(markdownIt.render(markdown), null, false);
  return [...$('a[href]').toArray().map((a) => a.attribs.href!), ...$('img[src]').toArray().map((img) => img.attribs.src!)];
}
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|#)/i;

/** Warnings of a run (archive-level and per post) with the file they name. */
function allWarnings(run: BloggerRun): { code: string; message: string; file?: string }[] {
  const report = run.report;
  if (!report) return [];
  const list = [...report.warnings, ...report.posts.flatMap((p) => p.warnings)] as { code: string; message: string; source?: { file?: string } }[];
  return list.map((w) => ({ code: w.code, message: w.message, ...(w.source?.file ? { file: w.source.file } : {}) }));
}

describe.skipIf(!corpusExists)('acceptance: saved HTML pages (../shared/corpus/html)', () => {
  const memo = new Map<string, BloggerRun>();
  const { fresh } = useTempFolders('blogport-acceptance-html-');

  /** Convert (once, memoised) a corpus page with the plain layout and --report. */
  const runOf = (page: HtmlPage): BloggerRun => {
    const known = memo.get(page.file);
    if (known) return known;
    const dir = fresh(page.file);
    const run = runConvert(page.file, join(CORPUS, page.file), join(dir, 'out'), join(dir, 'report.json'), page.args);
    memo.set(page.file, run);
    return run;
  };

  const expectOk = (run: BloggerRun) => {
    expect(run.cli.status, `${run.label}: exit code\n${describeRun(run.cli)}`).toBe(0);
    expect(run.report, `${run.label}: no --report written`).toBeDefined();
  };

  const matchedOf = (page: HtmlPage): Matched[] => matchPosts(runOf(page), page.posts, sourceOf(page).posts);

  const CASES = HTML_PAGES.map((p) => [p.file, p] as const);

  // ----------------------------------------------------------------------------------------------
  describe('0. the suite\'s own reading of each page (self-check of html-corpus.ts against the page)', () => {
    it.each(CASES)('%s', (_name, page) => {
      const source = sourceOf(page);
      expect(source.posts.map((p) => p.title), 'post containers and their titles in the page = the table (untitled: no title element text)').toEqual(page.posts.map((p) => p.title ?? ''));
      expect(source.posts.map((p) => p.url), 'permalinks in the page = the table').toEqual(page.posts.map((p) => p.url));
      expect(source.posts.filter((p) => words(p.text).length === 0 && !/<img/i.test(p.html)).length, 'posts whose body element has neither words nor an image').toBe(0);
      for (const { selector } of page.chromeInBody) {
        expect(source.$(page.body ? `${page.post} ${page.body} ${selector}` : `${page.post} ${selector}`).length, `chrome selector ${selector} matches inside a body element`).toBeGreaterThan(0);
      }
      const bodies = source.posts.map((p) => collapse(p.text));
      for (const s of page.chrome) {
        expect(source.chromeText.includes(s), `chrome string "${s}" is in the page outside the post bodies`).toBe(true);
        expect(bodies.filter((b) => b.includes(s)).length, `chrome string "${s}" is in no post body`).toBe(0);
      }
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('1. each page gives exactly the posts a reader sees: count, title (untitled: derived + title_derived), date, author, tags, excerpt, old path', () => {
    it.each(CASES)('%s', (_name, page) => {
      const run = runOf(page);
      expectOk(run);
      const report = run.report!;
      expect(report.inputs.map((i) => ({ format: i.format, error: i.error })), 'the input as the report sees it').toEqual([{ format: 'html', error: undefined }]);
      expect(report.posts.map((p) => `${p.title} [${p.status}]`), `posts in the report (${page.posts.length} on the page)`).toHaveLength(page.posts.length);
      expect(run.files.filter((f) => f.endsWith('.md')), 'documents written').toHaveLength(page.posts.length);
      expect(matchedOf(page).flatMap(postProblems)).toEqual([]);
    }, SLOW);

    it(`${STREETSTORM}: declared windows-1251, decoded to the right Cyrillic titles, with no encoding warning`, () => {
      const page = pageNamed(STREETSTORM);
      const run = runOf(page);
      expectOk(run);
      const titles = run.report!.posts.map((p) => p.title.normalize('NFC'));
      expect(titles.filter((t) => /[\uFFFD\u00C0-\u00FF\u0080-\u009F]|Р[\u0080-\u00BF]/.test(t)), 'titles with mojibake or replacement characters').toEqual([]);
      // Compared as a reader sees them: an invisible control character in a title is section 1's business.
      expect(sorted(titles.map(visibleTitle))).toEqual(sorted(page.posts.map((p) => p.title!)));
      expect(allWarnings(run).filter((w) => /charset|encoding/i.test(`${w.code} ${w.message}`)), 'encoding warnings for a page whose declared charset is right').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  interface Measured {
    page: string;
    post: string;
    output: string;
    f1: number;
    missingImages: string[];
    missingLinks: string[];
    relative: string[];
    missingWords: string[];
    extraWords: string[];
  }

  const measuredOf = (page: HtmlPage): Measured[] =>
    matchedOf(page).flatMap((m) => {
      if (!m.doc) return [];
      const f = measureFidelity(m.source.html, m.doc.body, page.base ? { baseUrl: page.base } : {});
      return [
        {
          page: page.file,
          post: label(m.expected),
          output: m.doc.output,
          f1: f.wordF1,
          missingImages: f.missingImages,
          missingLinks: f.missingLinks,
          relative: renderedUrls(m.doc.body).filter((u) => !ABSOLUTE.test(u)),
          missingWords: f.missingWords,
          extraWords: f.extraWords,
        },
      ];
    });

  describe('2. body fidelity: word F1 >= 0.99 between each post\'s own body element (its chrome removed) and the rendered Markdown', () => {
    it('every post of every page; figures per page and overall', () => {
      const rows = HTML_PAGES.map((page) => {
        expectOk(runOf(page));
        return { page, measured: measuredOf(page) };
      });
      const all = rows.flatMap((r) => r.measured);
      const mean = (list: Measured[]) => (list.length ? list.reduce((n, m) => n + m.f1, 0) / list.length : 1);
      const min = (list: Measured[]) => (list.length ? Math.min(...list.map((m) => m.f1)) : 1);
      const count = (list: Measured[], key: 'missingImages' | 'missingLinks' | 'relative') => list.reduce((n, m) => n + m[key].length, 0);
      const width = Math.max(...rows.map((r) => r.page.file.length));
      const line = (name: string, expected: number, list: Measured[]) =>
        `${name.padEnd(width)}  ${String(expected).padStart(5)}  ${String(list.length).padStart(7)}  ${min(list).toFixed(4)}  ${mean(list).toFixed(4)}  ${String(count(list, 'missingImages')).padStart(11)}  ${String(count(list, 'missingLinks')).padStart(13)}  ${String(count(list, 'relative')).padStart(12)}`;
      const worst = rows
        .filter((r) => r.measured.some((m) => m.f1 < 1))
        .flatMap((r) => [
          `${r.page.file}, worst:`,
          ...[...r.measured]
            .sort((a, b) => a.f1 - b.f1)
            .slice(0, 2)
            .map((m) => `  ${m.f1.toFixed(4)}  ${m.post} (${m.output})  missing: ${m.missingWords.slice(0, 12).join(' ') || '-'} | extra: ${m.extraWords.slice(0, 12).join(' ') || '-'}`),
        ]);
      console.log(
        [
          '',
          'blogport acceptance figures (saved HTML pages, plain layout; measureFidelity: the post\'s body element in the page, chrome removed, vs its Markdown)',
          `${'page'.padEnd(width)}  posts  written  min F1  avg F1  missing img  missing links  relative URL`,
          ...rows.map((r) => line(r.page.file, r.page.posts.length, r.measured)),
          line('all', rows.reduce((n, r) => n + r.page.posts.length, 0), all),
          ...worst,
          '',
        ].join('\n'),
      );
      expect(all.length, 'posts measured').toBe(rows.reduce((n, r) => n + r.page.posts.length, 0));
      expect(all.filter((m) => m.f1 < 0.99).map((m) => `${m.f1.toFixed(4)} ${m.page} ${m.post} (${m.output}) missing: ${m.missingWords.join(' ')} | extra: ${m.extraWords.join(' ')}`), 'posts with word F1 < 0.99').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('3. no navigation, sidebar, footer, share-bar or comment text in any body; comments go to the comments data file', () => {
    it.each(CASES)('%s: none of the page\'s chrome strings in any output body', (_name, page) => {
      const run = runOf(page);
      expectOk(run);
      const hits: string[] = [];
      for (const doc of run.docs.values()) {
        const text = collapse(renderedText(doc.body));
        for (const s of page.chrome) if (text.includes(s)) hits.push(`${doc.output}: "${s}"`);
      }
      expect(hits).toEqual([]);
    }, SLOW);

    it.each(HTML_PAGES.filter((p) => p.file !== WPTAVERN).map((p) => [p.file, p] as const))('%s: shows no comments, so no comments data file', (_name, page) => {
      const run = runOf(page);
      expectOk(run);
      expect(run.report!.posts.filter((p) => p.comments).map((p) => `${p.output}: ${p.comments}`)).toEqual([]);
      expect(run.files.filter((f) => !f.endsWith('.md'))).toEqual([]);
    }, SLOW);

    it(`${WPTAVERN}: the 13 comments are in the post's comments data file (authors, dates, threads, text), not in its body`, () => {
      const page = pageNamed(WPTAVERN);
      const run = runOf(page);
      expectOk(run);
      const [m] = matchedOf(page);
      expect(m?.reported?.comments, 'the report names a comments data file for the post').toBeDefined();
      const file = join(run.outDir, m!.reported!.comments!);
      expect(existsSync(file), `${m!.reported!.comments} written`).toBe(true);
      expect(m!.reported!.comments, 'plain layout: comments/posts/<slug>.yaml').toMatch(/^comments\/posts\/[a-z0-9-]+\.yaml$/);
      const entries = readCommentsFile(file);
      expect.soft(entries.map((e) => e.author), 'comment authors, in page order').toEqual(WP_TAVERN_COMMENTS.map((c) => c.author));

      // The same comment, found by the number its permalink carries on the page.
      const entryOf = (id: string) => entries.find((e) => new RegExp(`\\b${id}$`).test(String(e.id)));
      const problems: string[] = [];
      for (const c of WP_TAVERN_COMMENTS) {
        const entry = entryOf(c.id);
        if (!entry) {
          problems.push(`comment ${c.id} (${c.author}): no entry whose id ends in ${c.id}`);
          continue;
        }
        if (typeof entry.date !== 'string' || entry.date.slice(0, 16) !== c.date) problems.push(`comment ${c.id} (${c.author}): date ${JSON.stringify(entry.date)}, the page shows ${c.date}`);
        const want = c.replyTo ? entryOf(c.replyTo)?.id : undefined;
        if (entry.reply_to !== want) problems.push(`comment ${c.id} (${c.author}): reply_to ${JSON.stringify(entry.reply_to)}, it answers ${c.replyTo ? `comment ${c.replyTo} (${JSON.stringify(want)})` : 'nobody'}`);
      }
      expect.soft(problems, 'dates and threads of the comments').toEqual([]);

      const texts = entries.map((e) => collapse(renderedText(String(e.body ?? ''))));
      expect.soft(texts.filter((t) => t.includes(WP_TAVERN_COMMENT_TEXT)), `a comment body with "${WP_TAVERN_COMMENT_TEXT}"`).toHaveLength(1);
      expect.soft(texts.filter((t) => /\bReport$|Reply to /.test(t)), 'comment bodies ending in the "Report" link or holding a reply button').toEqual([]);
      expect(collapse(renderedText(m!.doc!.body)).includes(WP_TAVERN_COMMENT_TEXT), 'comment text in the post body').toBe(false);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('4. every <img src> and <a href> of each body element survives as an absolute URL (resolved against the canonical URL / og:url / --base-url)', () => {
    it.each(CASES)('%s', (_name, page) => {
      expectOk(runOf(page));
      const measured = measuredOf(page);
      expect(measured.filter((m) => m.missingImages.length).map((m) => `${m.output}: ${m.missingImages.join(' ')}`), 'source images missing from the Markdown').toEqual([]);
      expect(measured.filter((m) => m.missingLinks.length).map((m) => `${m.output}: ${m.missingLinks.join(' ')}`), 'source links missing from the Markdown').toEqual([]);
      expect(measured.filter((m) => m.relative.length).map((m) => `${m.output}: ${m.relative.join(' ')}`), 'relative URLs in the Markdown').toEqual([]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('5. a mirror folder (built from the mikeaustin archive): one post out however many pages show it', () => {
    const BLOG = "Mike Austin's Blog";
    const GROUPBAR = 'GroupBar - Microsoft Research';
    const COMMENT = { id: '114010008000012345', author: 'Ed Finkler', profile: 'http://www.blogger.com/profile/01234567890123456789', when: '2/16/2006 6:48 AM', html: '<p>GroupBar runs fine on my XP box at work; the tab groups are the best part.</p>' };
    const COMMENT_TEXT = 'the tab groups are the best part';
    let built: { input: string; run: BloggerRun; fullBody: string; permalink: string } | undefined;

    /**
     * mike-austin.com/blog/ as wget (plus one "Save page as") leaves it:
     * - index.html: the home page, three posts; GroupBar cut after its first paragraph with a "Read more »" jump link
     * - index.html?m=1: the mobile copy of the home page (a duplicate)
     * - 2006_02_01_archive.html: the monthly archive, every post in full (the corpus page as it is)
     * - 2006/02/groupbar-microsoft-research.html: GroupBar's own page, with one comment
     * - 2006/02/groupbar-microsoft-research.html?showComment=…: the same page, linked from the comment (a duplicate)
     * - 2006/02/Mike Austin's Blog_ GroupBar - Microsoft Research.html + its _files/ folder: the same page saved by a browser
     */
    const mirror = () => {
      if (built) return built;
      const dir = fresh('mirror');
      const archive = readFileSync(join(CORPUS, MIKEAUSTIN), 'utf8');
      const page = cutClassicPage(archive);
      expect(page.posts.map((p) => p.title), 'the archive cut into its posts (self-check)').toEqual(pageNamed(MIKEAUSTIN).posts.map((p) => p.title));
      const post = (title: string) => page.posts.find((p) => p.title === title)!;
      const groupbar = post(GROUPBAR);
      const item = itemPage(page, BLOG, groupbar, [COMMENT]);
      const home = indexPage(page, BLOG, [post('Build your own laser projector'), asExcerpt(groupbar, 'I have Windows 2000.'), post('Multi-Touch Interaction Research')]);
      expect(home, 'the home page holds the jump link (self-check)').toContain('Read more &#187;');
      expect(home, 'the home page does not hold the rest of GroupBar (self-check)').not.toContain('Download Here');
      const root = join(dir, 'mike-austin.com');
      const saved = `<!-- saved from url=(0066)${groupbar.permalink} -->\n${item.replace(/^<!DOCTYPE[^>]*>\s*/, '')}`;
      writeTree(root, {
        'blog/index.html': home,
        'blog/index.html?m=1': home,
        'blog/2006_02_01_archive.html': archive,
        'blog/2006/02/groupbar-microsoft-research.html': item,
        'blog/2006/02/groupbar-microsoft-research.html?showComment=1140100080000': item,
        "blog/2006/02/Mike Austin's Blog_ GroupBar - Microsoft Research.html": saved,
        "blog/2006/02/Mike Austin's Blog_ GroupBar - Microsoft Research_files/gbcc-741222.jpg": Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]),
        "blog/2006/02/Mike Austin's Blog_ GroupBar - Microsoft Research_files/saved_resource.html":
          '<!DOCTYPE html><html><head><title>Blogger: navbar</title></head><body><div id="b-navbar"><a href="http://www.blogger.com/">Blogger</a> <form id="b-search"><input name="q"></form> <a href="http://www.blogger.com/next-blog?blogID=10299300">Next blog&#187;</a></div></body></html>',
      });
      const run = runConvert('mirror', root, join(dir, 'out'), join(dir, 'report.json'));
      const source = load(item)('.post .post-body').first().html() ?? '';
      built = { input: root, run, fullBody: source, permalink: groupbar.permalink };
      return built;
    };

    it('23 posts out (the archive\'s), GroupBar once, with its full body; the duplicates and the asset folder are recognised and counted', () => {
      const { run, fullBody, permalink } = mirror();
      expectOk(run);
      const report = run.report!;
      const written = [...run.docs.values()];
      expect.soft(written.map((d) => d.frontMatter.title).sort(), 'one document per post of the blog').toEqual(pageNamed(MIKEAUSTIN).posts.map((p) => p.title).sort());
      const groupbar = written.filter((d) => aliasesOf(d).includes(pathOf(permalink)));
      expect.soft(groupbar.map((d) => d.output), `documents for ${GROUPBAR}`).toHaveLength(1);
      const doc = groupbar[0];
      if (!doc) return;
      const f = measureFidelity(fullBody, doc.body);
      expect.soft(f.wordF1, `word F1 of ${doc.output} against the full post (missing: ${f.missingWords.join(' ')} | extra: ${f.extraWords.join(' ')})`).toBeGreaterThanOrEqual(0.99);
      expect.soft(renderedText(doc.body), 'the rest of the post (after the jump break) is there').toContain('Download Here');
      expect.soft(renderedText(doc.body), 'no "Read more" link left').not.toMatch(/Read more/i);
      const reported = report.posts.find((p) => p.output === doc.output)!;
      expect.soft(reported.warnings.filter(isExcerptWarning).map((w) => w.message), 'reported as an excerpt although its full page was read').toEqual([]);

      const skipped = report.inputs[0]?.skipped ?? {};
      const sum = (re: RegExp) => Object.entries(skipped).reduce((n, [k, v]) => (re.test(k) ? n + v : n), 0);
      expect.soft({ assetFolders: sum(/asset/i), duplicates: sum(/duplicate/i) }, `report inputs[0].skipped: ${JSON.stringify(skipped)}`).toEqual({ assetFolders: 1, duplicates: 2 });
      const pointing = allWarnings(run).filter((w) => /_files|\?m=1|showComment/.test(`${w.file ?? ''} ${w.message}`));
      expect.soft(pointing.map((w) => `${w.file}: ${w.message}`), 'warnings about pages that should not have been read').toEqual([]);
    }, SLOW);

    it('the comment on GroupBar\'s own page goes to its comments data file, not into the body', () => {
      const { run, permalink } = mirror();
      expectOk(run);
      const doc = [...run.docs.values()].find((d) => aliasesOf(d).includes(pathOf(permalink)));
      expect(doc, `${GROUPBAR} written`).toBeDefined();
      expect.soft(renderedText(doc!.body), 'comment text in the body').not.toContain(COMMENT_TEXT);
      expect.soft(renderedText(doc!.body), 'comment section in the body').not.toMatch(/1 Comments:|said\.\.\.|Post a Comment/);
      const reported = run.report!.posts.find((p) => p.output === doc!.output)!;
      expect(reported.comments, 'the report names a comments data file').toBeDefined();
      const entries = readCommentsFile(join(run.outDir, reported.comments!));
      expect(entries.map((e) => ({ author: e.author, text: collapse(renderedText(String(e.body ?? ''))) }))).toEqual([{ author: COMMENT.author, text: collapse(load(COMMENT.html).text()) }]);
    }, SLOW);
  });

  // ----------------------------------------------------------------------------------------------
  describe('6. bad input', () => {
    /** The CLI's output names the page, and the report has a warning about it. */
    const expectWarningNaming = (run: BloggerRun, input: string, about: RegExp) => {
      const output = `${run.cli.stdout}${run.cli.stderr}`;
      const warnings = allWarnings(run).filter((w) => about.test(`${w.code} ${w.message}`));
      expect(warnings.map((w) => `${w.code}: ${w.message}`), `a warning matching ${about} in the report\n${describeRun(run.cli)}`).not.toEqual([]);
      expect(warnings.some((w) => w.file === input || w.message.includes(input)), `the warning names ${input}: ${JSON.stringify(warnings)}`).toBe(true);
      const lines = output.split('\n').filter((l) => l.includes(input) && about.test(l));
      expect(lines, `a line of the CLI's output names ${input} and says what is wrong\n${describeRun(run.cli)}`).not.toEqual([]);
      expect(output, 'no stack trace').not.toMatch(/^\s+at /m);
    };

    it('an "About me" page with navigation and no dates: a warning naming it, nothing written, exit 0', () => {
      const dir = fresh('about');
      const input = join(dir, 'about.html');
      writeFileSync(
        input,
        `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>About me – Anna's notebook</title>
<meta property="og:title" content="About me"><meta property="og:type" content="website"><link rel="canonical" href="https://anna.example.org/about/"></head>
<body><header><a class="site-title" href="/">Anna's notebook</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/archive/">Archive</a></li><li><a href="/about/">About</a></li></ul></nav></header>
<main><h1>About me</h1><p>I write about gardening, old bicycles and the odd recipe. I live in a small town by the sea with two cats.</p>
<p>If you want to get in touch, use the <a href="/contact/">contact form</a>.</p></main>
<footer><p>Made with a text editor and patience.</p></footer></body></html>
`,
      );
      const run = runConvert('about page', input, join(dir, 'out'), join(dir, 'report.json'));
      expectOk(run);
      expect(run.report!.posts.map((p) => p.title), 'posts in the report').toEqual([]);
      expect(listFiles(join(dir, 'out')), 'files written').toEqual([]);
      expectWarningNaming(run, input, /post/i);
    }, SLOW);

    it('a page with broken markup (unclosed <p>, <b> and .post, stray </div> </span> </td>, no </body>) still yields its post', () => {
      const dir = fresh('broken');
      const archive = readFileSync(join(CORPUS, MIKEAUSTIN), 'utf8');
      const page = cutClassicPage(archive);
      const post = page.posts.find((p) => p.title === 'GroupBar - Microsoft Research')!;
      const segment = post.segment
        .replace('Not mind blowing, but', 'Not mind blowing, <b>but') // never closed
        .replace(/<\/p>(\s*<\/div>\s*<p class="post-footer">)/, '$1') // the body's <p> never closed
        .replace(/<\/div>(\s*<!-- End \.post -->)/, '$1'); // .post never closed
      expect(segment, 'three breakages made (self-check)').not.toBe(post.segment);
      expect((segment.match(/<\/div>/g) ?? []).length, 'the .post and body <p> lost their end tags (self-check)').toBe((post.segment.match(/<\/div>/g) ?? []).length - 1);
      const html = `${page.head}\n</div></span>\n${post.dateHeader}\n</td></tr>\n${segment}\n</div></div></div>\n${page.tail.replace(/<\/body>\s*<\/html>\s*$/, '')}`;
      expect(html, 'no </body> (self-check)').not.toMatch(/<\/body>/);
      const input = join(dir, 'groupbar-broken.html');
      writeFileSync(input, html);
      const run = runConvert('broken markup', input, join(dir, 'out'), join(dir, 'report.json'));
      expectOk(run);
      const expected = pageNamed(MIKEAUSTIN).posts.find((p) => p.title === post.title)!;
      const source = sourceOf(pageNamed(MIKEAUSTIN)).posts[pageNamed(MIKEAUSTIN).posts.indexOf(expected)]!;
      const matched = matchPosts(run, [expected], [source]);
      expect(run.report!.posts, 'posts found').toHaveLength(1);
      expect(postProblems(matched[0]!)).toEqual([]);
      const f = measureFidelity(source.html, matched[0]!.doc!.body);
      expect(f.wordF1, `word F1 against the unbroken body (missing: ${f.missingWords.join(' ')} | extra: ${f.extraWords.join(' ')})`).toBeGreaterThanOrEqual(0.99);
      const text = renderedText(matched[0]!.doc!.body);
      expect(pageNamed(MIKEAUSTIN).chrome.filter((s) => text.includes(s)), 'chrome in the body').toEqual([]);
    }, SLOW);

    it(`${STREETSTORM} relabelled charset=utf-8 (the bytes stay windows-1251): detected, warned, titles right`, () => {
      const dir = fresh('cp1251-as-utf8');
      const bytes = readFileSync(join(CORPUS, STREETSTORM));
      const latin = bytes.toString('latin1');
      expect(latin.split('charset=windows-1251').length, 'one charset declaration (self-check)').toBe(2);
      const input = join(dir, 'blog-declared-utf8.html');
      writeFileSync(input, Buffer.from(latin.replace('charset=windows-1251', 'charset=utf-8'), 'latin1'));
      const page = pageNamed(STREETSTORM);
      const run = runConvert('cp1251 declared utf-8', input, join(dir, 'out'), join(dir, 'report.json'), page.args);
      expectOk(run);
      expectWarningNaming(run, input, /windows-1251|cp1251/i);
      expect(sorted(run.report!.posts.map((p) => visibleTitle(p.title))), 'titles as a reader sees them').toEqual(sorted(page.posts.map((p) => p.title!)));
    }, SLOW);

    it(`${JORGE} relabelled charset=windows-1252 (the bytes stay UTF-8): detected, warned, titles and text right`, () => {
      const dir = fresh('utf8-as-1252');
      const text = readFileSync(join(CORPUS, JORGE), 'utf8');
      expect(text.split('charset=UTF-8').length, 'one charset declaration (self-check)').toBe(2);
      const input = join(dir, 'jorge-declared-1252.html');
      writeFileSync(input, text.replace('charset=UTF-8', 'charset=windows-1252'));
      const page = pageNamed(JORGE);
      const run = runConvert('utf-8 declared windows-1252', input, join(dir, 'out'), join(dir, 'report.json'), page.args);
      expectOk(run);
      expectWarningNaming(run, input, /utf-?8/i);
      const matched = matchPosts(run, page.posts, sourceOf(page).posts);
      expect(matched.flatMap(postProblems)).toEqual([]);
      const low = matched.filter((m) => m.doc && measureFidelity(m.source.html, m.doc.body).wordF1 < 0.99).map((m) => label(m.expected));
      expect(low, 'posts with word F1 < 0.99').toEqual([]);
    }, SLOW);

    const encodedCase = (make: () => EncodedPage, encoding: string) => () => {
      const dir = fresh(encoding);
      const p = make();
      expect(iconv.decode(p.bytes, encoding), `the page round-trips through ${encoding} (self-check)`).toBe(p.html);
      expect(p.bytes.equals(Buffer.from(p.html, 'utf8')), `the bytes are not UTF-8 (self-check)`).toBe(false);
      const input = join(dir, p.name);
      writeFileSync(input, p.bytes);
      const run = runConvert(p.name, input, join(dir, 'out'), join(dir, 'report.json'));
      expectOk(run);
      const docs = [...run.docs.values()];
      expect(docs.map((d) => d.frontMatter.title), 'titles').toEqual([p.title]);
      expect(dateProblem(docs[0]!.frontMatter.date, p.date), 'date').toBeUndefined();
      expect(collapse(renderedText(docs[0]!.body)), 'body text').toBe(p.body);
      expect(allWarnings(run).filter((w) => /charset|encoding/i.test(`${w.code} ${w.message}`)), 'encoding warnings (the declared charset is right)').toEqual([]);
    };
    it('a Shift_JIS page (declared in http-equiv) decodes correctly, including ソ 表 能 (0x5C second bytes)', encodedCase(shiftJisPage, 'Shift_JIS'), SLOW);
    it('a GBK page (<meta charset="gbk">) decodes correctly, including 喆 堃 (GBK, not GB2312)', encodedCase(gbkPage, 'gbk'), SLOW);
  });
});
