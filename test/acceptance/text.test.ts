/**
 * Acceptance: the built CLI over the real plain-text archive in ../shared/corpus/text, and over
 * variants of it generated at test time (other date header styles and languages, CRLF + BOM,
 * windows-1252, two posts under one header, Blogger footers). Nothing from the corpus is copied
 * into the repo; variants live in a temp folder. Skips only when the corpus folder is absent.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildVariants,
  CRISP_POSTS,
  dayParts,
  HEADER_STYLES,
  ORIGINAL_STYLE,
  parseArchive,
  type Archive,
  type ExpectedPost,
  type Variant,
} from './archive.js';
import {
  blogport,
  convertWithCli,
  CORPUS,
  CORPUS_REL,
  describeRun,
  expectedRendering,
  figures,
  listFiles,
  readDocument,
  readReport,
  ROOT,
  type Outcome,
  useTempFolders,
} from './run.js';

const CRISP = `${CORPUS_REL}/text/crisp-blog-2014-2015.txt`;
const HATENA = `${CORPUS_REL}/text/hatena-mt-export-ja-hashrock.txt`;
const corpusExists = existsSync(CORPUS);

// Read at collection time so every variant is its own named test. Only when the corpus is there.
const archive: Archive | undefined = corpusExists ? parseArchive(readFileSync(join(ROOT, CRISP), 'utf8')) : undefined;
const variants: Variant[] = archive ? buildVariants(archive) : [];
const originalExpected: ExpectedPost[] = archive ? archive.posts.map((p) => ({ title: p.title, date: p.date, body: p.body })) : [];

describe.skipIf(!corpusExists)('acceptance: plain-text archives (../shared/corpus/text)', () => {
  const outcomes = new Map<string, Outcome>();
  const { fresh } = useTempFolders('blogport-acceptance-');

  /** Convert (once, memoised) the original archive or a variant with the plain layout. */
  const outcomeOf = (name: string, bytes?: Buffer): Outcome => {
    const known = outcomes.get(name);
    if (known) return known;
    const dir = fresh(name);
    let input = CRISP;
    if (bytes) {
      input = join(dir, 'crisp-variant.txt');
      writeFileSync(input, bytes);
    }
    const outcome = convertWithCli(input, join(dir, 'out'), join(dir, 'report.json'));
    outcomes.set(name, outcome);
    return outcome;
  };

  /** The checks every successful conversion of the crisp archive must pass. */
  const expectConverted = (label: string, outcome: Outcome, expected: readonly ExpectedPost[], allowedWarnings: readonly string[] = []) => {
    expect(outcome.cli.status, `${label}: exit code\n${describeRun(outcome.cli)}`).toBe(0);
    const md = outcome.files.filter((f) => f.endsWith('.md'));
    expect(md, `${label}: exactly ${expected.length} .md files in the output (and nothing else)`).toHaveLength(expected.length);
    expect(outcome.files, `${label}: files other than the posts in the output folder`).toEqual(md);

    const wantFields = expected.map((e) => ({
      title: e.title,
      date: e.date,
      ...(e.author !== undefined ? { author: e.author } : {}),
      ...(e.tags !== undefined ? { tags: e.tags } : {}),
    }));
    const gotFields = outcome.posts.map((p, i) => {
      const fm = p.frontMatter;
      const want = wantFields[i];
      return {
        title: fm.title,
        date: fm.date,
        ...(want && 'author' in want ? { author: fm.author } : {}),
        ...(want && 'tags' in want ? { tags: fm.tags } : {}),
      };
    });
    expect(gotFields, `${label}: front matter (yaml.parse) title/date${expected[0]?.author ? '/author/tags' : ''} of each post, in file order`).toEqual(wantFields);

    const want: Record<string, Record<string, string>> = {};
    const got: Record<string, Record<string, string>> = {};
    expected.forEach((e, i) => {
      want[e.title] = expectedRendering(e.body);
      got[e.title] = outcome.posts[i]?.rendered ?? {};
    });
    expect(got, `${label}: each body rendered (commonmark, markdown-it html:true) → text, whitespace collapsed, must equal the source post's text`).toEqual(want);

    const unexpected = outcome.warningCodes.filter((code) => !allowedWarnings.includes(code));
    expect(unexpected, `${label}: unexpected warnings: ${JSON.stringify([...(outcome.report?.warnings ?? []), ...(outcome.report?.posts ?? []).flatMap((p) => p.warnings)], null, 1)}`).toEqual([]);
  };

  // ----------------------------------------------------------------------------------------------
  describe('1. crisp-blog-2014-2015.txt converts as it is', () => {
    it("the suite's own reading of the archive finds the 7 stated posts (self-check)", () => {
      expect(archive!.posts.map((p) => ({ date: p.date, title: p.title }))).toEqual(CRISP_POSTS.map(({ date, title }) => ({ date, title })));
      // The header/weekday tables used for the variants reproduce the archive's real header lines.
      for (const post of archive!.posts) {
        expect(HEADER_STYLES[ORIGINAL_STYLE]!(dayParts(post.date)), `header line ${post.headerLine + 1}`).toBe(archive!.lines[post.headerLine]);
        expect(post.body.trim().length, `body of "${post.title}"`).toBeGreaterThan(200);
      }
    });

    it(`node bin/blogport.js convert ${CRISP} -o DIR exits 0 and writes exactly 7 .md files`, () => {
      const outcome = outcomeOf('original');
      expect(outcome.cli.status, describeRun(outcome.cli)).toBe(0);
      expect(outcome.cli.stderr, 'nothing on stderr').toBe('');
      expect(outcome.files).toEqual(CRISP_POSTS.map((p) => `posts/${p.slug}.md`).sort());
    });

    it('front matter parses with yaml.parse and gives back the exact titles and dates', () => {
      const outcome = outcomeOf('original');
      expect(outcome.posts.map((p) => ({ title: p.frontMatter.title, date: p.frontMatter.date }))).toEqual(
        CRISP_POSTS.map(({ title, date }) => ({ title, date })),
      );
    });

    it('no "Post created by" signature in any body (or anywhere in the files)', () => {
      const outcome = outcomeOf('original');
      expect(outcome.posts).toHaveLength(7);
      for (const post of outcome.posts) {
        const file = readFileSync(join(outcome.outDir, post.output), 'utf8');
        expect(file, `${post.output} contains the signature`).not.toMatch(/Post created by|CRiSP v12/);
      }
    });

    it('every body renders back (commonmark and markdown-it) to the source text of its post', () => {
      expectConverted('original', outcomeOf('original'), originalExpected);
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('2. rewritten archives convert just as correctly without extra flags', () => {
    it.each(variants.map((v) => [v.name, v] as const))('%s', (_name, variant) => {
      const outcome = outcomeOf(variant.name, variant.bytes);
      expectConverted(variant.name, outcome, variant.expected, variant.allowedWarnings);
      if (variant.name.startsWith('Blogger footers')) {
        for (const post of outcome.posts) {
          for (const footer of [/Posted by/, /Paul Fox/, /\d+ comments:/, /Email This/, /BlogThis/, /Share to/, /Labels:/]) {
            expect(post.body, `${post.output}: footer text ${footer} left in the body`).not.toMatch(footer);
          }
        }
      }
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('3. every layout puts the 7 posts at their conventional places', () => {
    const layouts = {
      plain: { path: (p: (typeof CRISP_POSTS)[number]) => `posts/${p.slug}.md`, dateKey: 'date' },
      hugo: { path: (p: (typeof CRISP_POSTS)[number]) => `content/posts/${p.slug}.md`, dateKey: 'date' },
      jekyll: { path: (p: (typeof CRISP_POSTS)[number]) => `_posts/${p.date}-${p.slug}.md`, dateKey: 'date' },
      eleventy: { path: (p: (typeof CRISP_POSTS)[number]) => `posts/${p.slug}.md`, dateKey: 'date' },
      astro: { path: (p: (typeof CRISP_POSTS)[number]) => `src/content/blog/${p.slug}.md`, dateKey: 'pubDate' },
    } as const;

    it.each(Object.entries(layouts))('--layout %s', (layout, spec) => {
      const dir = fresh(`layout-${layout}`);
      const out = join(dir, 'out');
      const cli = blogport('convert', CRISP, '-o', out, '--layout', layout);
      expect(cli.status, describeRun(cli)).toBe(0);
      const expectedPaths = CRISP_POSTS.map((p) => spec.path(p));
      expect(listFiles(out), `files written by --layout ${layout}`).toEqual([...expectedPaths].sort());
      for (const [i, path] of expectedPaths.entries()) {
        const { frontMatter } = readDocument(join(out, path));
        const post = CRISP_POSTS[i]!;
        expect({ title: frontMatter.title, date: frontMatter[spec.dateKey] }, `${path} front matter`).toEqual({ title: post.title, date: post.date });
      }
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('4. bad input: exit 2, one line on stderr naming the file, nothing written', () => {
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00]);
    const cases: [string, (dir: string) => string][] = [
      ['an empty file', (dir) => (writeFileSync(join(dir, 'empty.txt'), ''), join(dir, 'empty.txt'))],
      ['a binary file (PNG bytes)', (dir) => (writeFileSync(join(dir, 'image.txt'), PNG), join(dir, 'image.txt'))],
      [
        'a text with no date headers',
        (dir) => (writeFileSync(join(dir, 'notes.txt'), 'Shopping list\n\nmilk\neggs\n\nCall Bob about the shed roof.\n'), join(dir, 'notes.txt')),
      ],
      ['a directory', (dir) => (mkdirSync(join(dir, 'folder')), join(dir, 'folder'))],
      ['a missing file', (dir) => join(dir, 'no-such-file.txt')],
      ['the Movable Type export hatena-mt-export-ja-hashrock.txt (not supported yet)', () => HATENA],
    ];

    it.each(cases)('%s', (label, make) => {
      const dir = fresh(`bad-${label}`);
      const input = make(dir);
      const out = join(dir, 'out');
      const cli = blogport('convert', input, '-o', out);
      expect(cli.status, `${label}: exit code\n${describeRun(cli)}`).toBe(2);
      const lines = cli.stderr.split('\n');
      expect(lines.at(-1), `${label}: stderr must end with a newline\n${describeRun(cli)}`).toBe('');
      expect(lines.slice(0, -1), `${label}: exactly one line on stderr\n${describeRun(cli)}`).toHaveLength(1);
      expect(lines[0], `${label}: the stderr line must name the input`).toContain(input);
      expect(listFiles(out), `${label}: files written into the output folder`).toEqual([]);
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('5. re-running into the same folder', () => {
    const EDITED = 'posts/another-dtrace-delay.md';

    /** Identity of every file: inode + mtime (a rewrite, atomic or not, changes one of them) + content. */
    const snapshot = (out: string) =>
      Object.fromEntries(
        listFiles(out).map((f) => {
          const s = statSync(join(out, f), { bigint: true });
          return [f, { ino: String(s.ino), mtimeNs: String(s.mtimeNs), content: readFileSync(join(out, f), 'utf8') }];
        }),
      );

    const firstRun = (label: string) => {
      const dir = fresh(label);
      const out = join(dir, 'out');
      const cli = blogport('convert', CRISP, '-o', out);
      expect(cli.status, `first run\n${describeRun(cli)}`).toBe(0);
      expect(listFiles(out)).toHaveLength(7);
      return { dir, out, report: join(dir, 'report.json') };
    };

    const statuses = (reportFile: string) => Object.fromEntries(readReport(reportFile).posts.map((p) => [p.output, p.status]));
    const all = (status: string, except: Record<string, string> = {}) =>
      Object.fromEntries(CRISP_POSTS.map((p) => `posts/${p.slug}.md`).map((f) => [f, except[f] ?? status]));

    it('a second run exits 0, reports all 7 unchanged and rewrites nothing', () => {
      const { out, report } = firstRun('rerun');
      const before = snapshot(out);
      const cli = blogport('convert', CRISP, '-o', out, '--report', report);
      expect(cli.status, describeRun(cli)).toBe(0);
      expect(statuses(report), 'status of each post on the re-run').toEqual(all('unchanged'));
      expect(readReport(report).counts).toMatchObject({ read: 7, unchanged: 7, written: 0, skipped: 0, failed: 0 });
      expect(snapshot(out), 'files (inode, mtime, content) after the re-run').toEqual(before);
    });

    it('an edited output file is kept and reported skipped without --force', () => {
      const { out, report } = firstRun('rerun-edit');
      appendFileSync(join(out, EDITED), '\nMy own edit, keep it.\n');
      const before = snapshot(out);
      const cli = blogport('convert', CRISP, '-o', out, '--report', report);
      expect(cli.status, describeRun(cli)).toBe(0);
      expect(statuses(report), 'status of each post').toEqual(all('unchanged', { [EDITED]: 'skipped' }));
      expect(snapshot(out), 'files after the re-run (the edit must survive)').toEqual(before);
      expect(readFileSync(join(out, EDITED), 'utf8')).toContain('My own edit, keep it.');
    });

    it('with --force the edited file is overwritten, the others stay untouched', () => {
      const { out, report } = firstRun('rerun-force');
      const original = readFileSync(join(out, EDITED), 'utf8');
      appendFileSync(join(out, EDITED), '\nMy own edit, keep it.\n');
      const before = snapshot(out);
      const cli = blogport('convert', CRISP, '-o', out, '--report', report, '--force');
      expect(cli.status, describeRun(cli)).toBe(0);
      expect(statuses(report), 'status of each post').toEqual(all('unchanged', { [EDITED]: 'written' }));
      expect(readFileSync(join(out, EDITED), 'utf8'), 'the edited file is back to the converted post').toBe(original);
      const after = snapshot(out);
      delete before[EDITED];
      delete after[EDITED];
      expect(after, 'the other files are not rewritten').toEqual(before);
    });

    it('--dry-run writes nothing (fresh folder, and over an edited folder)', () => {
      const dir = fresh('dry-run');
      const out = join(dir, 'out');
      const report = join(dir, 'report.json');
      const cli = blogport('convert', CRISP, '-o', out, '--dry-run', '--report', report);
      expect(cli.status, describeRun(cli)).toBe(0);
      expect(listFiles(out), 'files written by --dry-run into a fresh folder').toEqual([]);
      expect(readReport(report).counts).toMatchObject({ read: 7, planned: 7, written: 0 });

      const existing = firstRun('dry-run-existing');
      appendFileSync(join(existing.out, EDITED), '\nMy own edit, keep it.\n');
      const before = snapshot(existing.out);
      for (const extra of [[], ['--force']]) {
        const again = blogport('convert', CRISP, '-o', existing.out, '--dry-run', ...extra);
        expect(again.status, describeRun(again)).toBe(0);
        expect(snapshot(existing.out), `files after --dry-run ${extra.join(' ')}`).toEqual(before);
      }
    });
  });

  // ----------------------------------------------------------------------------------------------
  describe('6. figures', () => {
    it('posts found and posts whose rendered text round-trips exactly, per archive', () => {
      const rows = [
        { name: 'original', outcome: outcomeOf('original'), expected: originalExpected },
        ...variants.map((v) => ({ name: v.name, outcome: outcomeOf(v.name, v.bytes), expected: v.expected })),
      ].map(({ name, outcome, expected }) => {
        const f = figures(outcome, expected);
        return { name, exit: outcome.cli.status, posts: f.posts, roundTrip: f.roundTrip, expected: expected.length, warnings: [...new Set(outcome.warningCodes)].join(',') };
      });
      const width = Math.max(...rows.map((r) => r.name.length));
      const lines = [
        `${'archive'.padEnd(width)}  exit  posts  round-trip  warnings`,
        ...rows.map((r) => `${r.name.padEnd(width)}  ${String(r.exit).padStart(4)}  ${`${r.posts}/${r.expected}`.padStart(5)}  ${`${r.roundTrip}/${r.expected}`.padStart(10)}  ${r.warnings}`),
        `total: ${rows.reduce((n, r) => n + r.posts, 0)} posts found, ${rows.reduce((n, r) => n + r.roundTrip, 0)} of ${rows.reduce((n, r) => n + r.expected, 0)} expected round-trip exactly`,
      ];
      console.log(`\nblogport acceptance figures (text archives, plain layout; renderers: commonmark, markdown-it)\n${lines.join('\n')}\n`);
      expect(rows).toHaveLength(1 + variants.length);
    });
  });
});
