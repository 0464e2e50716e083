import { load } from 'cheerio';
import fc from 'fast-check';
import { Parser } from 'commonmark';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { KNOWN_EMBED_SCRIPTS } from '../../src/convert/html/embeds.js';
import { htmlToMarkdown } from '../../src/convert/htmlToMarkdown.js';
import { measureFidelity, sourceText } from '../helpers/fidelity.js';
import { collapseWhitespace, renderedTexts } from '../helpers/renderText.js';

/** `PROPERTY_RUNS=5000 npx vitest run test/convert/htmlToMarkdown.property` to dig deeper. */
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
/** Time for one property at NUM_RUNS (a few ms a run, more on a busy machine). */
const TIMEOUT = 5_000 + NUM_RUNS * 30;
const STRICT = ['commonmark', 'markdown-it'] as const;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Things Markdown (and HTML) give meaning to. */
const SNIPPETS = [
  '*', '**', '***', '_', '__', '`', '```', '~', '~~', '~~~', '[', ']', '](', ']:', '![', '[a](b)',
  '<', '>', '> ', '<a', '</p>', '<div>', '<!--', '-->', '<?', '<![CDATA[', '<a@b.co>', '<http://a.b>',
  '&', '&amp;', '&#123;', '&copy;', '&bogus;', '#', '# ', '## ', '-', '- ', '---', '+ ', '=', '===',
  '|', '|-|', ':', '!', '\\', '\\\\', '1.', '1. ', '1)', '9999999999. ', 'snake_case', '__init__',
  'a*b', 'http://x.y/a_b*c', 'www.a.b', '$', '{', '}', '"', "'", '(', ')',
];
const WORDS = ['a', 'B', 'foo', 'é', 'e\u0301', '日本語', 'Ω', '²', '😀', '٣', '\u200b', '€'];
const SPACES = [' ', ' ', '  ', '\t', '\n', '\u00a0', '\u00a0\u00a0', '\u3000'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SNIPPETS) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
/** Text as an HTML parser delivers it (no NUL, no CR, no lone surrogates, no noncharacters). */
const text = fc
  .array(piece, { maxLength: 40 })
  .map((pieces) => pieces.join('').replace(/[\0\r\f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udfff]/g, ''));

/** What a reader sees of `html`: its text, whitespace collapsed (a no-break space is a space). */
function seen(html: string): string {
  return collapseWhitespace(sourceText(html));
}

function sameEverywhere(expected: string): Record<string, string> {
  return { commonmark: expected, 'markdown-it': expected };
}

describe('htmlToMarkdown round trip (property)', () => {
  it('text in a <p> renders back to the same text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const html = `<p>${escapeHtml(t)}</p>`;
        const { markdown } = htmlToMarkdown(html);
        expect(renderedTexts(markdown, STRICT)).toEqual(sameEverywhere(seen(html)));
      }),
      { numRuns: NUM_RUNS },
    );
  }, TIMEOUT);

  /** Inline soup: text in emphasis, links, code, spans and line breaks, in any nesting. */
  const inline: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: text.map(escapeHtml) },
      { weight: 1, arbitrary: fc.constant('<br>') },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom('b', 'i', 'em', 'strong', 'span', 'u', 'del', 's', 'code', 'sup', 'font', 'tt'), fc.array(tie('node'), { maxLength: 4 }))
          .map(([tag, kids]) => `<${tag}>${kids.join('')}</${tag}>`),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('https://e.example/a_b', '/rel', 'http://x.y/(p)', '#top'), fc.array(tie('node'), { maxLength: 3 }))
          .map(([href, kids]) => `<a href="${href}">${kids.join('')}</a>`),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('p', 'div', 'blockquote', 'li', 'h3'), fc.array(tie('node'), { maxLength: 3 }))
          .map(([tag, kids]) => `<${tag}>${kids.join('')}</${tag}>`),
      },
    ),
  })).node;
  const soup = fc.array(inline, { maxLength: 6 }).map((nodes) => nodes.join(''));

  it('inline markup soup renders back to the words and punctuation of its text', () => {
    fc.assert(
      fc.property(soup, (html) => {
        const { markdown } = htmlToMarkdown(html);
        // Spacing may differ where blocks and breaks moved (paragraph edges); characters may not.
        const expected = seen(html).replace(/\s+/g, '');
        // commonmark.js has no GFM strikethrough.
        const renderers = /<(?:del|s)>/.test(html) ? (['markdown-it'] as const) : STRICT;
        const texts = renderedTexts(markdown, renderers);
        const squeezed = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.replace(/\s+/g, '')]));
        expect(squeezed).toEqual(Object.fromEntries(renderers.map((r) => [r, expected])));
      }),
      { numRuns: NUM_RUNS },
    );
  }, TIMEOUT);

  it('output ends with one newline, with no trailing spaces (but a hard break after a bare URL) and no U+00A0 at line edges', () => {
    fc.assert(
      fc.property(soup, (html) => {
        const { markdown } = htmlToMarkdown(html);
        if (markdown === '') return;
        expect(markdown.endsWith('\n') && !markdown.endsWith('\n\n') && !markdown.startsWith('\n')).toBe(true);
        const lines = markdown.slice(0, -1).split('\n');
        lines.forEach((line, i) => {
          // Two spaces are the hard break after a bare URL (a backslash would join the URL).
          const hardBreakAfterUrl = i < lines.length - 1 && /(?:https?:\/\/|www\.)\S*[^ \t] {2}$/.test(line);
          expect(hardBreakAfterUrl ? line.slice(0, -2) : line).toBe(line.replace(/[ \t]+$/, ''));
          expect(line.startsWith('\u00a0') || line.endsWith('\u00a0')).toBe(false);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, TIMEOUT);
});

describe('htmlToMarkdown fidelity (property)', () => {
  const word = fc.constantFrom('alpha', 'beta', 'gamma', 'Delta', 'épée', '日本', '42', 'x_y', 'a*b', '#tag', '1.', '-', '&lt;b&gt;', '&amp;');
  const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
  const url = fc.constantFrom('https://e.example/a', '/rel/b', 'http://x.example/(p)_q', '#c', 'mailto:a@b.example');
  const image = fc.constantFrom(
    'https://1.bp.blogspot.com/-a/B/C/d/s320/p.jpg',
    'https://blogger.googleusercontent.com/img/a/XyZ=w400-h300',
    'data:image/gif;base64,R0lGOD==',
    '/img/rel.png',
  );
  const blogHtml: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => {
    const kids = (max: number) => fc.array(tie('node'), { maxLength: max }).map((k) => k.join(''));
    const wrap = (tags: string[], max = 3) =>
      fc.tuple(fc.constantFrom(...tags), kids(max)).map(([tag, inner]) => `<${tag}>${inner}</${tag}>`);
    return {
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        { weight: 8, arbitrary: words.map((w) => ` ${w} `) },
        { weight: 2, arbitrary: fc.constantFrom('<br>', '<br><br>', '&nbsp;', ' <hr> ', ' <a name="more"></a> ') },
        { weight: 4, arbitrary: wrap(['b', 'i', 'u', 'span', 'font', 'strong', 'em', 'sup', 'code', 'tt', 'strike']) },
        { weight: 3, arbitrary: wrap(['p', 'div', 'center', 'blockquote', 'h2', 'h4', 'pre']) },
        { weight: 2, arbitrary: fc.tuple(url, kids(2)).map(([href, inner]) => `<a href="${href}">${inner}</a>`) },
        { weight: 2, arbitrary: image.map((src) => `<img src="${src}" alt="pic">`) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(image, url)
            .map(([src, href]) => `<div class="separator"><a href="${href}" imageanchor="1"><img src="${src}"></a></div>`),
        },
        { weight: 2, arbitrary: fc.array(kids(2), { minLength: 1, maxLength: 3 }).map((items) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`) },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.array(kids(2), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
            .map((rows) => `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '<iframe src="https://www.youtube.com/embed/x"></iframe>',
            '<iframe src="javascript:x()"></iframe>',
            '<p></p>',
            '<div><br></div>',
          ),
        },
        { weight: 1, arbitrary: fc.constant('<style>p{}</style><script>x()</script>') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            ' <!-- more --> ',
            '\n',
            '<span style="font-weight: bold; font-style: italic">styled</span>',
            '<pre class="brush: js">var a = 1;<br>  b();</pre>',
            ' <code>x = 1;<br>y = 2;</code> ',
            '<blockquote class="twitter-tweet"><p>tweet text</p><a href="https://twitter.com/u/status/1">date</a></blockquote>',
            ' <script src="https://gist.github.com/u/1.js"></script> ',
            '<table class="tr-caption-container"><tr><td><img src="https://1.bp.blogspot.com/-a/B/C/d/s320/q.jpg"></td></tr><tr><td class="tr-caption">the caption</td></tr></table>',
            '<table><tr><th>h1</th><th>h2</th></tr><tr><td colspan="2">spanned</td></tr><tr><td rowspan="2">r</td><td>c</td></tr><tr><td>d</td></tr></table>',
          ),
        },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('ol start="3"', 'ol', 'blockquote', 'h3', 'dd'), kids(3)).map(([tag, inner]) => `<${tag}>${inner}</${tag.split(' ')[0]}>`) },
      ),
    };
  }).node;
  const post = fc.array(blogHtml, { maxLength: 8 }).map((nodes) => nodes.join(''));

  it('blog-like HTML keeps every word, image and link, and no HTML but embeds', () => {
    fc.assert(
      fc.property(post, fc.boolean(), (html, convertLineBreaks) => {
        const options = { baseUrl: 'https://blog.example/2020/01/post.html', convertLineBreaks };
        const { markdown } = htmlToMarkdown(html, options);
        const fidelity = measureFidelity(html, markdown, options);
        expect({
          wordF1: fidelity.wordF1,
          missing: fidelity.missingWords,
          extra: fidelity.extraWords,
          images: fidelity.missingImages,
          links: fidelity.missingLinks,
          html: fidelity.leftoverHtml,
        }).toEqual({ wordF1: 1, missing: [], extra: [], images: [], links: [], html: [] });
      }),
      { numRuns: NUM_RUNS },
    );
  }, TIMEOUT);
});

describe('htmlToMarkdown sanitising (property)', () => {
  const TAGS = [
    'p', 'div', 'span', 'b', 'i', 'a', 'img', 'br', 'ul', 'li', 'table', 'tr', 'td', 'h2', 'blockquote',
    'script', 'style', 'noscript', 'iframe', 'object', 'embed', 'video', 'audio', 'source', 'svg', 'math',
    'form', 'input', 'button', 'select', 'option', 'template', 'base', 'link', 'meta', 'applet', 'frame',
    'noembed', 'title', 'marquee', 'center', 'font', 'hr', 'param', 'textarea', 'xmp', 'pre', 'code',
  ];
  const ATTRIBUTES = [
    'onclick="steal()"', 'onerror=alert(1)', 'ONLOAD="x()"', 'onmouseover = y', 'href="javascript:alert(1)"',
    'href=" java\tscript:x"', 'href="JaVaScRiPt&colon;x"', 'src="javascript:x"', 'src="vbscript:x"',
    'href="data:text/html,<script>x</script>"', 'src="data:text/html;base64,PHNjcmlwdD4="',
    'src="https://www.youtube.com/embed/x"', 'src="https://gist.github.com/a/b.js"', 'src="//platform.twitter.com/widgets.js"',
    'src="https://evil.example/x.js"', 'data="javascript:x"', 'name="movie"', 'value="javascript:x"',
    'srcdoc="<script>x()</script>"', 'class="twitter-tweet"', 'class="separator"', 'name="more"',
    'data-blogport-marker="embed"', 'data-blogport-html="<script>x()</script>"', 'style="font-weight:bold"',
    'formaction="javascript:x"', 'poster="javascript:x"', 'href="https://ok.example/"', 'src="https://ok.example/i.png"',
    'imageanchor="1"', 'class="brush: js"', 'type="text/javascript"',
  ];
  const token = fc.oneof(
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(fc.constantFrom(...ATTRIBUTES), { maxLength: 3 }), fc.boolean())
      .map(([tag, attrs, selfClose]) => `<${tag}${attrs.map((a) => ' ' + a).join('')}${selfClose ? ' /' : ''}>`),
    fc.constantFrom(...TAGS).map((tag) => `</${tag}>`),
    fc.constantFrom('alert(1)', 'text', '<!-- more -->', '<!--', '-->', '&lt;script&gt;', 'onerror=x', '"', "'", '>', '<'),
    text.map(escapeHtml),
  );
  const tagSoup = fc.array(token, { maxLength: 30 }).map((tokens) => tokens.join(''));

  const renderer = new MarkdownIt({ html: true });
  const reference = new Parser();

  /** Every piece of raw HTML markdown-it or commonmark.js find in `markdown`. */
  function rawHtml(markdown: string): string[] {
    const out: string[] = [];
    type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
    const visit = (tokens: readonly Token[]): void => {
      for (const token of tokens) {
        if (token.type === 'html_block' || token.type === 'html_inline') out.push(token.content);
        if (token.children) visit(token.children);
      }
    };
    visit(renderer.parse(markdown, {}));
    const walker = reference.parse(markdown).walker();
    for (let event = walker.next(); event; event = walker.next()) {
      const node = event.node;
      if (event.entering && (node.type === 'html_block' || node.type === 'html_inline')) out.push(node.literal ?? '');
    }
    return out;
  }
  const isKnownScript = (src: string | undefined): boolean =>
    src !== undefined && KNOWN_EMBED_SCRIPTS.some((s) => s.src.test(src));

  it('the Markdown has no script but known embed loaders, no on* attribute, no script URL', () => {
    fc.assert(
      fc.property(tagSoup, (html) => {
        const { markdown } = htmlToMarkdown(html);
        // The raw HTML in the Markdown, as both parsers see it (code spans and blocks are text).
        for (const html of rawHtml(markdown)) {
          for (const tag of html.match(/<[A-Za-z][^>]*>/g) ?? []) {
            expect(tag).not.toMatch(/\son[a-z-]*\s*=/i);
            expect(tag).not.toMatch(/javascript:|vbscript:|data:text/i);
            if (/^<script/i.test(tag)) expect(isKnownScript(/src="([^"]*)"/.exec(tag)?.[1])).toBe(true);
          }
        }
        // And what a browser would get from rendering it.
        const $ = load(renderer.render(markdown), null, false);
        $('*').each((_, node) => {
          if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
          const el = node;
          for (const [name, value] of Object.entries(el.attribs)) {
            expect(name).not.toMatch(/^on/i);
            expect(value.replace(/[\s\u0000-\u001f]/g, '')).not.toMatch(/^(?:javascript|vbscript):|^data:text/i);
          }
          if (el.name === 'script') expect(isKnownScript(el.attribs.src)).toBe(true);
          expect(['style', 'base', 'meta', 'link', 'form', 'input', 'frame', 'applet']).not.toContain(el.name);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, TIMEOUT);
});
