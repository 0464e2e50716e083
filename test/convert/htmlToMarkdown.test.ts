import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanupRules, withCleanupRules } from '../../src/convert/html/cleanup.js';
import { parseHtml } from '../../src/convert/html/parse.js';
import { markdownRules, markdownWriter, withMarkdownRules, type MarkdownRule } from '../../src/convert/html/rules.js';
import { htmlToMarkdown, type HtmlToMarkdownOptions } from '../../src/convert/htmlToMarkdown.js';
import { measureFidelity } from '../helpers/fidelity.js';
import { renderedTexts } from '../helpers/renderText.js';

/**
 * Golden fixtures: `test/fixtures/html/<case>/input.html` (+ optional `options.json`) →
 * `expected.md`. `npx vitest -u` rewrites the expected files; CI only compares.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/html/', import.meta.url));
const CASES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function readCase(name: string): { html: string; options: HtmlToMarkdownOptions } {
  const dir = join(FIXTURES, name);
  const optionsFile = join(dir, 'options.json');
  return {
    html: readFileSync(join(dir, 'input.html'), 'utf8'),
    options: existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as HtmlToMarkdownOptions) : {},
  };
}

const STRICT = ['commonmark', 'markdown-it'] as const;

describe('htmlToMarkdown: golden fixtures', () => {
  it('has fixtures', () => {
    expect(CASES.length).toBeGreaterThan(10);
  });

  it.each(CASES)('%s', async (name) => {
    const { html, options } = readCase(name);
    await expect(htmlToMarkdown(html, options).markdown).toMatchFileSnapshot(join(FIXTURES, name, 'expected.md'));
  });

  it.each(CASES)('%s keeps every word, image and link, and no HTML but embeds', (name) => {
    const { html, options } = readCase(name);
    const { markdown } = htmlToMarkdown(html, options);
    const fidelity = measureFidelity(html, markdown, options);
    expect({
      wordF1: fidelity.wordF1,
      missingImages: fidelity.missingImages,
      missingLinks: fidelity.missingLinks,
      leftoverHtml: fidelity.leftoverHtml,
    }).toEqual({ wordF1: 1, missingImages: [], missingLinks: [], leftoverHtml: [] });
  });

  // commonmark.js has no GFM tables or strikethrough: only fixtures without them compare.
  const usesGfm = (name: string) => {
    const { html, options } = readCase(name);
    const { markdown } = htmlToMarkdown(html, options);
    return /^\|.*\|$/m.test(markdown) || markdown.includes('~~');
  };
  it.each(CASES.filter((name) => !usesGfm(name)))('%s reads the same in CommonMark and markdown-it', (name) => {
    const { html, options } = readCase(name);
    const texts = renderedTexts(htmlToMarkdown(html, options).markdown, STRICT);
    expect(texts['markdown-it']).toBe(texts.commonmark);
  });
});

/** Markdown → the text both renderers show, asserting they agree. */
function shown(markdown: string): string {
  const texts = renderedTexts(markdown, STRICT);
  expect(texts['markdown-it']).toBe(texts.commonmark);
  return texts.commonmark!;
}

const md = (html: string, options?: HtmlToMarkdownOptions): string => htmlToMarkdown(html, options).markdown;

describe('htmlToMarkdown: output shape', () => {
  it('returns "" and no warnings for a body that shows nothing', () => {
    for (const html of ['', '   ', '<p></p>', '<div><br></div>', '<p>&nbsp;</p>', '<!-- note -->', '<span></span>']) {
      expect(htmlToMarkdown(html)).toEqual({ markdown: '', warnings: [] });
    }
  });

  it('ends with exactly one newline, with no trailing spaces on any line', () => {
    const out = md('<p>a&nbsp;</p><p>b <br> c</p><ul><li>x </li></ul>');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('writes CommonMark with - bullets, ** and _ emphasis, ATX headings and fenced code', () => {
    expect(md('<h2>T</h2><ul><li><b>a</b> <i>b</i></li></ul><pre>x</pre>')).toBe(
      '## T\n\n- **a** _b_\n\n```\nx\n```\n',
    );
  });

  it('gives independent results for repeated calls (one shared turndown instance)', () => {
    const html = '<p>One <a href="/x">link</a></p>';
    const first = htmlToMarkdown(html, { baseUrl: 'https://a.example/p.html' });
    md('<table><tr><td>a</td><td>b</td></tr></table><script>x</script>');
    expect(htmlToMarkdown(html, { baseUrl: 'https://a.example/p.html' })).toEqual(first);
    expect(md(html)).toBe('One [link](/x)\n');
  });
});

describe('htmlToMarkdown: Blogger images', () => {
  it('links a separator image to its original, keeping alt and title', () => {
    const html =
      '<div class="separator" style="clear: both; text-align: center;"><a href="https://1.bp.blogspot.com/-a/B/C/d/s1600/p.jpg" imageanchor="1" style="margin-left: 1em;"><img alt="A cat" border="0" src="https://1.bp.blogspot.com/-a/B/C/d/s320/p.jpg" title="Cat" /></a></div>';
    expect(md(html)).toBe(
      '[![A cat](https://1.bp.blogspot.com/-a/B/C/d/s320/p.jpg "Cat")](https://1.bp.blogspot.com/-a/B/C/d/s1600/p.jpg)\n',
    );
  });

  it('turns a caption table into the image and an emphasised caption paragraph', () => {
    const html =
      '<table class="tr-caption-container"><tbody><tr><td><img src="https://e.example/p.jpg" /></td></tr><tr><td class="tr-caption">Sunset over the river</td></tr></tbody></table>';
    expect(md(html)).toBe('![](https://e.example/p.jpg)\n\n_Sunset over the river_\n');
  });

  it.each([
    ['https://1.bp.blogspot.com/-x/Y/Z/w/s320/a.jpg', 'https://1.bp.blogspot.com/-x/Y/Z/w/s1600/a.jpg'],
    ['https://1.bp.blogspot.com/-x/Y/Z/w/w400-h300/a.jpg', 'https://1.bp.blogspot.com/-x/Y/Z/w/s1600/a.jpg'],
    ['http://4.bp.blogspot.com/_x/Y/Z/w/s1600-h/a.jpg', 'http://4.bp.blogspot.com/_x/Y/Z/w/s1600/a.jpg'],
    ['https://blogger.googleusercontent.com/img/b/R29v/AVvX/s72-c/a.png', 'https://blogger.googleusercontent.com/img/b/R29v/AVvX/s1600/a.png'],
    ['https://blogger.googleusercontent.com/img/a/AVvXsE=w640-h480', 'https://blogger.googleusercontent.com/img/a/AVvXsE=s0'],
    ['https://lh3.googleusercontent.com/abc=s320-no', 'https://lh3.googleusercontent.com/abc=s0'],
  ])('links the unlinked thumbnail %s to %s, src unchanged', (src, original) => {
    expect(md(`<p><img src="${src}"></p>`)).toBe(`[![](${src})](${original})\n`);
  });

  it.each([
    'https://1.bp.blogspot.com/-x/Y/Z/w/s1600/a.jpg',
    'https://blogger.googleusercontent.com/img/a/AVvXsE=s0',
    'https://example.com/s320/a.jpg',
  ])('leaves %s alone (original size, or not Blogger)', (src) => {
    expect(md(`<img src="${src}">`)).toBe(`![](${src})\n`);
  });

  it('never wraps an image that is already linked', () => {
    expect(md('<a href="https://x.example/"><img src="https://1.bp.blogspot.com/-x/Y/Z/w/s320/a.jpg"></a>')).toBe(
      '[![](https://1.bp.blogspot.com/-x/Y/Z/w/s320/a.jpg)](https://x.example/)\n',
    );
  });
});

describe('htmlToMarkdown: old-editor markup', () => {
  it.each([
    ['<span style="font-weight:bold">b</span>', '**b**'],
    ['<span style="font-weight: 700">b</span>', '**b**'],
    ['<span style="font-style:italic">i</span>', '_i_'],
    ['<span style="text-decoration: underline">u</span>', 'u'],
    ['<span style="text-decoration: line-through">s</span>', '~~s~~'],
    ['<font face="Arial" color="red">f</font>', 'f'],
    ['<b style="font-weight:normal" id="docs-internal-guid-1">plain</b>', 'plain'],
    // CSS property names are case-insensitive (Word writes them in capitals).
    ['<SPAN STYLE="FONT-WEIGHT: BOLD">b</SPAN> <span style="Font-Style: Italic">i</span>', '**b** _i_'],
    ['<span style="TEXT-DECORATION: LINE-THROUGH">s</span>', '~~s~~'],
    ['<b style="FONT-WEIGHT: normal">x</b> <i style="FONT-STYLE: NORMAL">y</i>', 'x y'],
    ['<span style="color: red; text-align: center">plain</span>', 'plain'],
    ['<u>under</u> and <ins>ins</ins>', 'under and ins'],
  ])('%s → %s', (html, expected) => {
    expect(md(html)).toBe(`${expected}\n`);
  });

  it('unwraps <center> into a block of its own', () => {
    expect(md('a<center>b</center>c')).toBe('a\n\nb\n\nc\n');
  });

  it('leaves no U+00A0 at line starts or ends', () => {
    const out = md('<div>&nbsp;&nbsp;indent&nbsp;</div><div>a&nbsp;b</div><p>&nbsp;</p>x&nbsp;<br>&nbsp;y');
    expect(out).toBe('indent\n\na b\n\nx\\\ny\n');
  });
});

describe('htmlToMarkdown: line breaks and emphasis', () => {
  it('makes paragraphs of <br><br> soup and hard breaks of single <br>', () => {
    expect(md('a<br>b<br><br>c<br/><br/><br/>d<br>')).toBe('a\\\nb\n\nc\n\nd\n');
  });

  it.each([
    ['<b>bold<br></b>after', '**bold**\\\nafter'],
    ['<b><br>bold</b>', '**bold**'],
    ['x <b> bold </b> y', 'x **bold** y'],
    ['<i>a<br>b</i>', '_a_\\\n_b_'],
    ['<b>a</b><b>b</b>', '**ab**'],
    ['<i><i>x</i></i>', '_x_'],
    ['<b><div>x</div><div>y</div></b>', '**x**\n\n**y**'],
    ['foo<i>bar</i>baz', 'foo*bar*baz'],
    ['<b>"q"</b>word', '"q"word'],
  ])('%s → %s', (html, expected) => {
    expect(md(html)).toBe(`${expected}\n`);
  });

  it('writes a hard break right after a bare URL as two spaces: a GFM autolink would take a backslash into the URL', () => {
    expect(md('See https://example.com/a_b<br>next')).toBe('See https://example.com/a_b  \nnext\n');
    expect(md('www.example.com<br>next')).toBe('www.example.com  \nnext\n');
    expect(renderedTexts(md('See https://example.com/a<br>next'), STRICT)).toEqual({
      commonmark: 'See https://example.com/a next',
      'markdown-it': 'See https://example.com/a next',
    });
    // Not after a link, a URL inside text, or in code.
    expect(md('<a href="https://x.example/">x</a><br>next')).toBe('[x](https://x.example/)\\\nnext\n');
    expect(md('https://x.example/ is it<br>next')).toBe('https://x.example/ is it\\\nnext\n');
    expect(md('<pre><code>curl https://x.example/ \\\nnext</code></pre>')).toBe('```\ncurl https://x.example/ \\\nnext\n```\n');
  });

  it('never writes emphasis CommonMark would not read as emphasis', () => {
    for (const html of ['<b>"q"</b>word', 'a<i>-b-</i>c', '<b> </b>x', '(<em>x</em>)y', '<strong>x</strong><em>y</em>']) {
      const rendered = shown(md(html));
      expect(rendered).not.toMatch(/[*_]/);
    }
  });
});

describe('htmlToMarkdown: code', () => {
  it.each([
    ['<pre class="brush: js">x</pre>', 'js'],
    ['<pre class="brush:csharp; gutter: false">x</pre>', 'csharp'],
    ['<pre><code class="language-python">x</code></pre>', 'python'],
    ['<pre class="prettyprint lang-rb">x</pre>', 'rb'],
    ['<pre lang="php">x</pre>', 'php'],
    ['<pre lang="en">x</pre>', ''],
    ['<pre data-lang="go">x</pre>', 'go'],
    ['<pre name="code" class="java:nogutter">x</pre>', 'java'],
    ['<div class="highlight-source-shell"><pre>x</pre></div>', 'sh'],
    ['<pre class="brush: plain">x</pre>', ''],
  ])('%s → ```%s', (html, language) => {
    expect(md(html)).toBe(`\`\`\`${language}\nx\n\`\`\`\n`);
  });

  it('keeps every line of a <pre> with <br> lines and highlighter spans', () => {
    expect(md('<pre><code><span class="k">if</span> x:<br>    y()<br><br>z</code></pre>')).toBe(
      '```\nif x:\n    y()\n\nz\n```\n',
    );
  });

  it('makes the fence longer than any backtick run in the code', () => {
    expect(md('<pre>a ``` b ```` c</pre>')).toBe('`````\na ``` b ```` c\n`````\n');
  });

  it('keeps code text verbatim (no escaping inside code)', () => {
    expect(md('<pre>*a* &lt;b&gt; \\n</pre><p><code>*a* &lt;b&gt;</code></p>')).toBe(
      '```\n*a* <b> \\n\n```\n\n`*a* <b>`\n',
    );
  });
});

describe('htmlToMarkdown: jump break', () => {
  it.each([
    ['<p>intro</p><a name="more"></a><p>rest</p>', 'intro\n\n<!--more-->\n\nrest\n'],
    ['intro<!-- more -->rest', 'intro\n\n<!--more-->\n\nrest\n'],
    ['<b>intro<a name="more"></a>rest</b>', '**intro**\n\n<!--more-->\n\n**rest**\n'],
  ])('%s', (html, expected) => {
    expect(md(html)).toBe(expected);
  });
});

describe('htmlToMarkdown: embeds and sanitising', () => {
  it('keeps an iframe as a raw HTML block, without event handlers', () => {
    expect(md('<p>x</p><iframe src="https://www.youtube.com/embed/a" onload="evil()" srcdoc="y" width="560"></iframe>')).toBe(
      'x\n\n<iframe src="https://www.youtube.com/embed/a" width="560"></iframe>\n',
    );
  });

  it('keeps gist and tweet embeds with their loader scripts', () => {
    const out = md(
      '<script src="https://gist.github.com/u/abc.js"></script><blockquote class="twitter-tweet"><p>Hi</p><a href="https://twitter.com/u/status/1">date</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script>',
    );
    expect(out).toBe(
      '<script src="https://gist.github.com/u/abc.js"></script>\n\n<blockquote class="twitter-tweet"><p>Hi</p><a href="https://twitter.com/u/status/1">date</a></blockquote>\n\n<script async="" src="https://platform.twitter.com/widgets.js"></script>\n',
    );
  });

  it('removes unknown scripts, styles, noscript, handlers and script URLs, and counts them', () => {
    const { markdown, warnings } = htmlToMarkdown(
      '<style>p{}</style><script>a()</script><script src="https://evil.example/x.js"></script><noscript>n</noscript>' +
        '<p onclick="x()" onmouseover="y()">Go <a href="javascript:void(0)">here</a></p><iframe src="javascript:x"></iframe>',
    );
    expect(markdown).toBe('Go here\n');
    expect(Object.fromEntries(warnings.map((w) => [w.code, w.message]))).toEqual({
      STYLE_REMOVED: '1 style element(s) removed',
      SCRIPT_REMOVED: '2 script element(s) removed (not a known embed)',
      NOSCRIPT_REMOVED: '1 noscript element(s) removed (fallback content for browsers without JavaScript)',
      EVENT_HANDLER_REMOVED: '2 on* event handler attribute(s) removed',
      JAVASCRIPT_URL_REMOVED: '2 javascript:/vbscript:/data: URL(s) removed (link text kept)',
      EMBED_REMOVED: '1 embed(s) removed: no safe http(s) source, or obsolete plugin content',
    });
  });

  it('writes <video> as a block whose start tag stands alone on its line', () => {
    expect(md('<video controls>\n  <source src="https://e.example/a.mp4" onerror="x()">\n  Get <a href="https://e.example/a.mp4">it</a>\n</video>')).toBe(
      '<video controls="">\n<source src="https://e.example/a.mp4"> Get <a href="https://e.example/a.mp4">it</a>\n</video>\n',
    );
  });

  it('empties iframes and drops parameters and sources that could run script', () => {
    expect(
      md('<iframe src="https://e.example/v"><p onclick="x()">fallback</p></iframe><object data="https://e.example/f.swf"><param name="movie" value="javascript:x"><param name="allowScriptAccess" value="always"></object>'),
    ).toBe('<iframe src="https://e.example/v"></iframe>\n\n<object data="https://e.example/f.swf">\n</object>\n');
  });

  it('cannot be tricked into writing a marker from the input', () => {
    expect(md('<hr data-blogport-marker="embed" data-blogport-html="<script>x()</script>">')).toBe('---\n');
  });
});

describe('htmlToMarkdown: structure', () => {
  it('keeps data: images, nested lists and list start numbers', () => {
    expect(md('<img src="data:image/gif;base64,R0lGOD=="><ol start="3"><li>a<ul><li>b</li></ul></li><li>c</li></ol>')).toBe(
      '![](data:image/gif;base64,R0lGOD==)\n\n3. a\n   - b\n4. c\n',
    );
  });

  it('writes simple tables as GFM, expanding spans and flattening cells', () => {
    expect(md('<table><tr><th>a</th><th>b</th></tr><tr><td colspan="2">x<br>y</td></tr><tr><td><p>p</p><ul><li>l</li></ul></td><td>|</td></tr></table>')).toBe(
      '| a | b |\n| --- | --- |\n| x y |   |\n| p l | \\| |\n',
    );
  });

  it.each([
    ['<h1>a<br>b</h1>', '# a b'],
    ['<h3><b>Bold</b> title</h3>', '### Bold title'],
    ['<h2>Issue #</h2>', '## Issue \\#'],
    ['<blockquote>a<br><br>b</blockquote>', '> a\n>\n> b'],
    ['<hr>', '---'],
    ['x<sup>2</sup> H<sub>2</sub>O', 'x2 H2O'],
    ['<del>a</del> <s>b</s> <strike>c</strike>', '~~a~~ ~~b~~ ~~c~~'],
    ['<dl><dt>T</dt><dd>D</dd></dl>', 'T\n\nD'],
  ])('%s → %s', (html, expected) => {
    expect(md(html)).toBe(`${expected}\n`);
  });

  it('resolves relative URLs against baseUrl, and keeps them relative without one', () => {
    const html = '<a href="/p/x.html">x</a> <img src="img/y.png"> <a href="#top">top</a>';
    expect(md(html, { baseUrl: 'https://b.example/2020/01/post.html' })).toBe(
      '[x](https://b.example/p/x.html) ![](https://b.example/2020/01/img/y.png) [top](#top)\n',
    );
    expect(md(html)).toBe('[x](/p/x.html) ![](img/y.png) [top](#top)\n');
  });

  it.each([
    ['<ul><li>x<ul><li>y</li></ul>z</li></ul>', '- x\n\n  - y\n\n  z'],
    ['<ul><li><hr>text</li></ul>', '- ***\n\n  text'],
    ['<li>stray</li><li>items</li>', '- stray\n- items'],
    ['<ul><li><p>one paragraph</p></li><li>x</li></ul>', '- one paragraph\n- x'],
    ['<table><caption>Cap</caption><tr><td>a</td><td>b</td></tr></table>', 'Cap\n\n|     |     |\n| --- | --- |\n| a | b |'],
    ['<table><tr><td>only cell</td></tr></table>', 'only cell'],
    ['<pre>see <a href="https://e.example/">this</a>\n  and that</pre>', 'see [this](https://e.example/)\\\nand that'],
    ['<p>x <code>a</code><b><code>b</code></b> y</p>', 'x `a`**`b`** y'],
    ['<p><em><code>a</code></em><code>b</code>c</p>', '_`a`_`b`c'],
  ])('%s', (html, expected) => {
    expect(md(html)).toBe(`${expected}\n`);
  });

  it.each([
    ['<table><td>a</td><td>b</td><tr><td>c</td><td>d</td></tr></table>', '|     |     |\n| --- | --- |\n| a | b |\n| c | d |'],
    ['<table>before<tr><td>a</td><td>b</td></tr><div>between</div></table>', 'before\n\nbetween\n\n|     |     |\n| --- | --- |\n| a | b |'],
    ['<table><form><tr><td>a</td><td>b</td></tr></form></table>', '|     |     |\n| --- | --- |\n| a | b |'],
    ['<td>stray</td> cell <tr><th>row</th></tr>', 'stray cell row'],
  ])('builds tables as a browser would: %s', (html, expected) => {
    expect(md(html)).toBe(`${expected}\n`);
  });

  it('ends a link where a link inside it starts, keeping both targets', () => {
    expect(md('<a href="https://e.example/x">out <a href="https://e.example/y">in</a> more</a>')).toBe(
      '[out](https://e.example/x) [in](https://e.example/y) [more](https://e.example/x)\n',
    );
  });

  it('reads CR and CRLF line ends as LF and drops NUL, as HTML parsers do', () => {
    expect(md('<pre>a\r\nb\rc</pre><p>x\u0000y</p>')).toBe('```\na\nb\nc\n```\n\nxy\n');
  });

  it('converts typed newlines to breaks only with convertLineBreaks', () => {
    expect(md('a\nb\n\nc')).toBe('a b c\n');
    expect(md('a\nb\n\nc', { convertLineBreaks: true })).toBe('a\\\nb\n\nc\n');
  });
});

describe('htmlToMarkdown: literal text stays text', () => {
  it.each([
    '1. not a list',
    '1) not a list',
    '# not a heading',
    '#',
    '- not a bullet',
    '-',
    '+ nor this',
    '> not a quote',
    '---',
    '===',
    '***',
    '___',
    '*a* _b_ **c** __d__ `e` ~~f~~ ~g~',
    '[a](b) ![c](d) [e]: /f',
    '<b> </p> <!-- x --> <http://a.b> <a@b.co> <?php ?> <![CDATA[ x ]]>',
    '&amp; &copy; &#42; &#x2A; AT&T a < b > c',
    'snake_case a\\b C:\\dir\\ trailing\\',
    '| a | b |',
    'Wow!',
  ])('%s', (text) => {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(shown(md(`<p>${escaped}</p>`))).toBe(text);
  });

  it('keeps a "!" before a link from turning the link into an image', () => {
    const out = md('Wow!<a href="https://e.example/">link</a>');
    expect(out).toBe('Wow\\![link](https://e.example/)\n');
    expect(shown(out)).toBe('Wow!link');
  });
});

describe('htmlToMarkdown: rule tables', () => {
  it('runs the cleanup rules in this order, each named once and with a why', () => {
    expect(cleanupRules.map((r) => r.name)).toEqual([
      'sanitize',
      'tableStructure',
      'jumpBreak',
      'captionTable',
      'separatorImage',
      'floatedImageAnchor',
      'thumbnailLink',
      'normalWeightWrapper',
      'styledEmphasis',
      'keepEmbeds',
      'codeBlock',
      'codeWithBreaks',
      'inlineCode',
      'retagElements',
      'inlineOverBlocks',
      'nestedLinks',
      'listChildren',
      'convertLineBreaks',
      'nbspToSpace',
      'tableCaption',
      'layoutTable',
      'tableGrid',
      'tableCellInline',
      'headingInline',
      'breakOutOfEmphasis',
      'removeEmpty',
      'mergeEmphasis',
      'paragraphsFromBreaks',
      'bangBeforeLink',
    ]);
    for (const rule of cleanupRules) expect(rule.why.length).toBeGreaterThan(10);
  });

  it('names each Markdown rule once, each with a why', () => {
    const names = markdownRules.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of markdownRules) expect(rule.why.length).toBeGreaterThan(10);
  });

  it('replaces and removes rules by name', () => {
    const cleanup = withCleanupRules({ thumbnailLink: null, jumpBreak: { name: 'jumpBreak', why: 'test: keep it', apply: () => {} } });
    expect(cleanup.map((r) => r.name)).not.toContain('thumbnailLink');
    expect(cleanup.find((r) => r.name === 'jumpBreak')?.why).toBe('test: keep it');

    const strongAsUnderscores: MarkdownRule = {
      name: 'strong',
      why: 'test: __strong__',
      filter: ['strong', 'b'],
      replacement: (content) => `__${content}__`,
    };
    const write = markdownWriter(withMarkdownRules({ strong: strongAsUnderscores }));
    expect(write(parseHtml('<p>a <strong>b</strong></p>'))).toBe('a __b__');
    expect(markdownWriter()(parseHtml('<p>a <strong>b</strong></p>'))).toBe('a **b**');
  });

  it('a rule that declares the line breaks around its content writes what its replacement writes', () => {
    for (const rule of markdownRules.filter((r) => r.lineBreaksAround)) {
      const [before, after] = rule.lineBreaksAround!(parseHtml('<p>x</p>').children[0] as never);
      for (const content of ['', 'a', '\n\na\n', 'a\n\nb']) {
        expect(rule.replacement(content, undefined as never, undefined as never), rule.name).toBe('\n'.repeat(before) + content + '\n'.repeat(after));
      }
    }
    // The writer joins such content without the replacement: the same Markdown as through it.
    const throughReplacement = markdownWriter(markdownRules.map(({ lineBreaksAround: _joinedDirectly, ...rule }) => rule));
    const nested = '<div>\n<p>a</p><div><p>b<br>c</p>\n\n<p></p></div>x<div></div><table><tbody><tr><td>1</td></tr></tbody></table></div>';
    for (const html of [nested, ...CASES.map((name) => readCase(name).html)]) {
      expect(markdownWriter()(parseHtml(html))).toBe(throughReplacement(parseHtml(html)));
    }
  });

  it('a rule that declares the line breaks at its edges writes what the writer reading them writes', () => {
    // Declared: none for links, images and code spans; the content's for emphasis.
    expect(markdownRules.filter((r) => r.edgeLineBreaks).map((r) => `${r.name}:${r.edgeLineBreaks}`)).toEqual([
      'strong:content', 'emphasis:content', 'strikethrough:content', 'inlineCode:none', 'link:none', 'image:none',
    ]);
    const reading = markdownWriter(markdownRules.map(({ edgeLineBreaks: _declared, ...rule }) => rule));
    const inline = '<p>a <b> x </b><i>y</i> <a href="u"> <b>z</b> </a><code>c\nd</code><s></s><img src="i"><b><img src="j"></b>!</p>';
    for (const html of [inline, ...CASES.map((name) => readCase(name).html)]) {
      expect(markdownWriter()(parseHtml(html))).toBe(reading(parseHtml(html)));
    }
  });
});
