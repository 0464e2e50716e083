import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import render from 'dom-serializer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanupRules, elementNames, runCleanup, type CleanupContext, type CleanupRule } from '../../src/convert/html/cleanup.js';
import { parseHtml, type TextNotes } from '../../src/convert/html/parse.js';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** The cleaned DOM of `html` and its removal counts, written out so two runs can be compared. */
function cleaned(html: string, rules: readonly CleanupRule[], convertLineBreaks = false, indexed = true): string {
  const counts: string[] = [];
  const textsHold: TextNotes = { nbsp: true, sentinel: true };
  const ctx: CleanupContext = {
    root: parseHtml(html, undefined, textsHold),
    baseUrl: 'https://blog.example.com/2010/05/post.html',
    convertLineBreaks,
    note: (code, count = 1) => counts.push(`${code}×${count}`),
    textsHold,
  };
  runCleanup(ctx, rules, { indexed });
  return `${render(ctx.root)}\n${counts.join(' ')}`;
}

/** The same rules with no `onlyWith`: every one runs on every body. */
const everyRule = cleanupRules.map(({ onlyWith: _skipped, ...rule }) => rule);

/** Each rule, checked: the names new in the tree after it ran are among those it `creates`. */
function checkedRules(): CleanupRule[] {
  return cleanupRules.map((rule) => ({
    ...rule,
    apply: (ctx) => {
      const before = elementNames(ctx.root);
      const declared = typeof rule.creates === 'function' ? rule.creates(before, ctx) : rule.creates;
      rule.apply(ctx);
      const added = [...elementNames(ctx.root)].filter((name) => !before.has(name));
      expect(declared, `rule ${rule.name}`).toBeDefined();
      expect(declared, `rule ${rule.name} created ${added.join(', ')}`).toEqual(expect.arrayContaining(added));
    },
  }));
}

const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'html');
const fixtures = readdirSync(fixtureDir).map((name) => [name, readFileSync(join(fixtureDir, name, 'input.html'), 'utf8')] as const);

/** Elements every rule's `onlyWith` names, and wrappers and text around them. */
const TAGS = [
  'p', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'code', 'tt', 'kbd', 'samp',
  'pre', 'textarea', 'xmp', 'h1', 'h3', 'ul', 'ol', 'li', 'dl', 'dd', 'blockquote', 'table', 'caption',
  'thead', 'tbody', 'tr', 'td', 'th', 'center', 'figure', 'figcaption', 'q', 'font', 'sup', 'wbr',
];
const ATTRIBUTES = [
  '', ' style="font-weight: bold"', ' style="font-style: italic; text-decoration: line-through"',
  ' style="font-weight:normal"', ' class="tr-caption-container"', ' class="tr-caption"', ' class="separator"',
  ' class="twitter-tweet"', ' class="brush: js"', ' colspan="2"', ' rowspan="2"', ' imageanchor="1"',
];
const LEAVES = [
  'text', ' ', '\n', '\u00a0x\u00a0', 'a&nbsp;&nbsp;b', 'Wow!', '&#xfdd0;', '<br>', '<br><br>', '<hr>', '<a name="more"></a>', '<!-- more -->',
  '<a href="/x">link</a>', '<a href="https://e.example/">l<br>l</a>', '<img src="https://bp.blogspot.com/a/s320/p.jpg">',
  '<a imageanchor="1" href="https://bp.blogspot.com/a/s1600/p.jpg"><img src="https://bp.blogspot.com/a/s320/p.jpg"></a>',
  '<iframe src="https://www.youtube.com/embed/x"></iframe>', '<video src="v.mp4"><source src="v.webm"></video>',
  '<script src="https://gist.github.com/u/1.js"></script>', '<script>alert(1)</script>', '<style>p{}</style>',
  '<table><tr><th>h</th><th>h</th></tr><tr><td colspan="2">a</td></tr></table>', '<td>stray cell</td>',
  '<table><caption>c</caption><tr><td>a</td><td><p>b</p></td></tr></table>', '<pre>a\n<a href="/x">b</a></pre>',
  '<code>a<br>b</code>', '<pre class="brush: js">x\ny</pre>',
];

const html: fc.Arbitrary<string> = fc.letrec<{ node: string; nodes: string }>((tie) => ({
  node: fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...LEAVES) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRIBUTES), tie('nodes'))
        .map(([tag, attrs, inner]) => `<${tag}${attrs}>${inner}</${tag}>`),
    },
  ),
  nodes: fc.array(tie('node'), { maxLength: 4 }).map((parts) => parts.join('')),
})).nodes;

describe('cleanup: rules skipped when their elements are absent', () => {
  it('every rule declares which elements it acts on or that it always runs', () => {
    // A rule that has no `creates` would make every later skip decision walk the tree again.
    for (const rule of cleanupRules) expect(rule.creates, rule.name).toBeDefined();
    expect(cleanupRules.filter((r) => r.onlyWith).length).toBeGreaterThan(15);
  });

  it.each(fixtures)('fixture %s: the same DOM as running every rule, and each rule creates only what it declares', (_name, input) => {
    expect(cleaned(input, cleanupRules)).toBe(cleaned(input, everyRule));
    expect(cleaned(input, checkedRules(), true)).toBe(cleaned(input, everyRule, true));
  });

  it('generated bodies: the same DOM as running every rule (property)', () => {
    fc.assert(
      fc.property(html, fc.boolean(), (body, lineBreaks) => {
        expect(cleaned(body, checkedRules(), lineBreaks)).toBe(cleaned(body, everyRule, lineBreaks));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(fixtures)('fixture %s: the index of elements by name answers as walking the tree does', (_name, input) => {
    expect(cleaned(input, cleanupRules)).toBe(cleaned(input, cleanupRules, false, false));
    expect(cleaned(input, cleanupRules, true)).toBe(cleaned(input, cleanupRules, true, false));
  });

  it('generated bodies: the index of elements by name answers as walking the tree does (property)', () => {
    fc.assert(
      fc.property(html, fc.boolean(), (body, lineBreaks) => {
        expect(cleaned(body, cleanupRules, lineBreaks)).toBe(cleaned(body, cleanupRules, lineBreaks, false));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('skips a rule whose elements are absent, runs it when one appears', () => {
    const seen: string[] = [];
    const spy: CleanupRule = { name: 'spy', why: 'test: records the bodies it sees', onlyWith: ['table'], creates: [], apply: (ctx) => seen.push(render(ctx.root)) };
    const makesTable: CleanupRule = {
      name: 'makesTable',
      why: 'test: brings a table in',
      apply: (ctx) => ctx.root.children.push(...parseHtml('<table></table>').children),
    };
    runCleanup({ root: parseHtml('<p>no tables</p>'), baseUrl: undefined, convertLineBreaks: false, note: () => {} }, [spy]);
    expect(seen).toEqual([]);
    // A rule without `creates` may add anything: the names are collected again.
    runCleanup({ root: parseHtml('<p>x</p>'), baseUrl: undefined, convertLineBreaks: false, note: () => {} }, [spy, makesTable, spy]);
    expect(seen).toEqual(['<p>x</p><table></table>']);
  });
});
