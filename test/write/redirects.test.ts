import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/readers/blogger/settings.js';
import { redirectFormatNames, redirectFormats, regexLiteral, type RedirectFormatName } from '../../src/write/redirects.js';
import { decodePath, encodePath, labelPath, type Redirect } from '../../src/write/siteMap.js';

/**
 * Old paths that need care in some format: non-ASCII, spaces, quotes, `;{}$` (nginx syntax),
 * backslash and parentheses (regex), `%` (an escape of its own), `:name*` (Netlify placeholder
 * and splat); and a target with a space, quotes and `$1`. Each is given as SiteMap gives it:
 * percent-encoded.
 */
const TRICKY: Redirect[] = [
  { from: encodePath('/2015/03/hello.html'), to: '/posts/hello/', kind: 'post' },
  { from: encodePath('/2016/07/café-crème.html'), to: '/posts/cafe-creme/', kind: 'post' },
  // A Jekyll URL with categories: a space, quotes and `$1` (a back-reference to Apache) in the target.
  { from: '/2017/01/odd.html', to: encodePath('/long "reads"/2017/01/01/odd$1.html'), kind: 'post' },
  { from: '/p/about.html', to: '/about/', kind: 'page' },
  { from: labelPath('Land Use'), to: '/tags/land-use/', kind: 'label' },
  { from: labelPath('C++ & "quotes"'), to: encodePath('/tags/c++-quotes/'), kind: 'label' },
  { from: labelPath('a;b{c}$d'), to: '/tags/abcd/', kind: 'label' },
  { from: labelPath("Rock 'n' roll \\ (live)"), to: '/tags/rock-n-roll-live/', kind: 'label' },
  { from: labelPath('Çay'), to: encodePath('/tags/çay/'), kind: 'label' },
  { from: labelPath('100% sure'), to: '/tags/100-sure/', kind: 'label' },
  { from: labelPath(':name*'), to: '/tags/name/', kind: 'label' },
];

const golden = (file: string) => readFileSync(new URL(`../fixtures/redirects/tricky-paths/${file}`, import.meta.url), 'utf8');
const render = (name: RedirectFormatName) => redirectFormats[name].render(TRICKY);

describe('redirect formats: golden files for tricky paths', () => {
  it.each([
    ['netlify', '_redirects'],
    ['nginx', 'redirects.nginx.conf'],
    ['apache', '.htaccess'],
    ['json', 'redirects.json'],
    ['csv', 'redirects.csv'],
  ] as const)('%s → %s', (name, file) => {
    expect(redirectFormats[name].fileName(''), 'file name').toBe(file);
    expect(render(name)).toBe(golden(file));
  });

  it('puts the server files in the layout’s public root and the others at the blog’s root', () => {
    expect(redirectFormatNames.map((name) => redirectFormats[name].fileName('static/'))).toEqual(['static/_redirects', 'redirects.nginx.conf', 'static/.htaccess', 'redirects.json', 'redirects.csv']);
  });
});

describe('redirect formats read back to the same redirects', () => {
  it('netlify: each line splits on white space into from, [m=1,] to, 301; from decodes to the old path', () => {
    const rules = render('netlify')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(/\s+/));
    expect(rules).toHaveLength(TRICKY.length * 2);
    TRICKY.forEach((r, i) => {
      expect(rules[2 * i]).toEqual([r.from, 'm=1', r.to, '301']);
      expect(rules[2 * i + 1]).toEqual([r.from, r.to, '301']);
    });
    // No field could be read as a placeholder (:x), a splat (*) or a comment (#).
    expect(rules.flat().filter((field) => /^:|\*|#/.test(field))).toEqual([]);
  });

  it('nginx: each location string unquotes to the decoded old path', () => {
    const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);
    const locations = [...render('nginx').matchAll(/^location = ("(?:[^"\\]|\\.)*"|\S+) \{ return 301 (\S+); \}$/gm)];
    expect(locations.map((m) => [unquote(m[1]!), m[2]])).toEqual(TRICKY.map((r) => [decodePath(r.from), r.to]));
  });

  it('apache: each expression matches exactly the decoded path’s bytes, and not a near miss', () => {
    const rules = [...render('apache').matchAll(/^RedirectMatch 301 \^(\S+)\$ ("(?:[^"\\]|\\.)*"|\S+)$/gm)];
    expect(rules).toHaveLength(TRICKY.length);
    rules.forEach((m, i) => {
      // JavaScript reads these escapes (\., \xC3, \+ …) as PCRE does; bytes as Latin-1 characters.
      const pattern = new RegExp(`^${m[1]}$`);
      const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
      const path = decodePath(TRICKY[i]!.from);
      expect(pattern.test(bytes(path)), path).toBe(true);
      expect(pattern.test(bytes(`${path}x`)), `${path}x`).toBe(false);
      expect(pattern.test(bytes(path.replace(/.$/, '_'))), 'last character changed').toBe(false);
    });
    // Targets are decoded (Apache encodes them itself), `$` escaped, quoted when they hold a space.
    expect(rules.map((m) => m[2])).toEqual(TRICKY.map((r) => (r.from === '/2017/01/odd.html' ? undefined : decodePath(r.to))).map((to) => to ?? expect.anything()));
    expect(render('apache')).toContain('RedirectMatch 301 ^/2017/01/odd\\.html$ "/long \\"reads\\"/2017/01/01/odd\\$1.html"\n');
  });

  it('apache: a dot is a dot, not any character', () => {
    expect(new RegExp(`^${regexLiteral('/a.html')}$`).test('/aXhtml')).toBe(false);
  });

  it('json and csv: every redirect, then the same with ?m=1', () => {
    const want = TRICKY.flatMap((r) => [
      { from: r.from, to: r.to, status: 301, kind: r.kind },
      { from: `${r.from}?m=1`, to: r.to, status: 301, kind: r.kind },
    ]);
    expect(JSON.parse(render('json'))).toEqual(want);
    const [header, ...rows] = parseCsv(render('csv')).filter((row) => row.length > 1);
    expect(header).toEqual(['from', 'to', 'status', 'kind']);
    expect(rows).toEqual(want.map((r) => [r.from, r.to, '301', r.kind]));
  });

  it('csv quotes a field with a comma or quote (RFC 4180)', () => {
    const csv = redirectFormats.csv.render([{ from: '/a,b', to: '/"c"/', kind: 'post' }]);
    expect(parseCsv(csv)[1]).toEqual(['/a,b', '/"c"/', '301', 'post']);
  });
});
