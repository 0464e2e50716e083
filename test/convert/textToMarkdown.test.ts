import { describe, expect, it } from 'vitest';
import { textToMarkdown } from '../../src/convert/textToMarkdown.js';
import {
  RENDERER_NAMES,
  type RendererName,
  renderHtml,
  renderedTexts,
  sameTextEverywhere,
} from '../helpers/renderText.js';

/** Converted Markdown must render back to the source text with every renderer. */
function expectRoundTrip(
  source: string,
  markdown: string,
  renderers: readonly RendererName[] = RENDERER_NAMES,
): void {
  expect(renderedTexts(markdown, renderers)).toEqual(sameTextEverywhere(source, renderers));
}

/** Convert without code detection, check the round trip, return the Markdown sans final "\n". */
function prose(source: string): string {
  const markdown = textToMarkdown(source, { detectCode: false });
  expectRoundTrip(source, markdown);
  return markdown.replace(/\n$/, '');
}

describe('renderText helper (the round-trip check has teeth)', () => {
  const MARKDOWN_IT: readonly RendererName[] = ['markdown-it', 'markdown-it+linkify'];
  it.each([
    ['*emphasis*', 'emphasis', RENDERER_NAMES],
    ['a <b>raw</b> tag', 'a raw tag', RENDERER_NAMES],
    ['&copy; &amp; &#65;', '© & A', RENDERER_NAMES],
    ['# heading\n\n- item', 'heading item', RENDERER_NAMES],
    ['[link](http://x)', 'link', RENDERER_NAMES],
    ['a | b\n--|--', 'a b', MARKDOWN_IT],
    ['~~gone~~', 'gone', MARKDOWN_IT],
  ])('%j renders as %j', (markdown, text, renderers) => {
    for (const renderer of renderers) {
      expect(renderedTexts(markdown, [renderer])[renderer]).toBe(text);
    }
  });
});

describe('textToMarkdown: prose stays readable', () => {
  it.each([
    'It was working on the 3.16 kernel, 3.8, 3.4 and then onto RH5.6 (2.6.18).',
    'Much of the last 2 weeks was on the execve() system call.',
    'Along the way I had an issue with the "old_rsp" symbol.',
    'I have an issue with x_call.c. Either I use the native smp_call_function() interface -',
    'looks like a 1:N chance of seeing output (where N is the number of cpus you have).',
    'I tried memory addresses: 0x00..00f, 0x00..0f0, 0x00..f00, ... in order',
    '(The worst I have seen is 30+GB to compile a C++ piece of code - not',
    'UPDATE: 20150215',
    'Q&A with AT&T, 50% off, a < b, x <= y, 2 * 3 = 6, a -> b, #1 fan, #include',
    'C:\\Users\\me and \\n stay as they are',
    'see [1] and [the manual], ~/bin, ~200 words, a | b, foo_ or _bar',
    'one_underscore_run_per_word _is fine',
    'the `quote\' style of old',
    'http://example.com/a_b?x=1&y=2 and www.example.com',
    'Ünïcödé – “quotes” — 日本語のテキスト。',
  ])('%s', (source) => {
    expect(prose(source)).toBe(source);
  });

  it('keeps the lines of a paragraph and the paragraphs', () => {
    const source = 'First line of a\nhard-wrapped paragraph.\n\nSecond paragraph.';
    expect(prose(source)).toBe(source);
  });
});

describe('textToMarkdown: escapes what would become markup', () => {
  it.each([
    // emphasis and strong
    ['*dont*', '\\*dont\\*'],
    ['some *emphasis* and **strong** here', 'some \\*emphasis\\* and \\*\\*strong\\*\\* here'],
    ['a*b and c*d', 'a\\*b and c\\*d'],
    ['_a_', '\\_a\\_'],
    ['__init__', '\\_\\_init\\_\\_'],
    ['call __init__ and x_call.c', 'call \\_\\_init\\_\\_ and x_call.c'],
    ['a lone *star and a lone _underscore', 'a lone *star and a lone _underscore'],
    // strikethrough
    ['~~gone~~', '\\~\\~gone\\~\\~'],
    ['~one~ (GFM)', '\\~one\\~ (GFM)'],
    ['~/bin and ~/lib', '~/bin and ~/lib'],
    // code spans
    ['use `ls` here', 'use \\`ls\\` here'],
    ['``a`` and `', '\\`\\`a\\`\\` and \\`'],
    // links, images, reference definitions
    ['[a](b)', '[a\\](b)'],
    ['![alt](img.png)', '![alt\\](img.png)'],
    ['[x]: /url', '[x\\]: /url'],
    // HTML and autolinks
    ['<div>', '\\<div>'],
    ['a <b>bold</b> move', 'a \\<b>bold\\</b> move'],
    ['<!-- comment -->', '\\<!-- comment -->'],
    ['<?php echo 1; ?>', '\\<?php echo 1; ?>'],
    ['<http://example.com>', '\\<http://example.com>'],
    ['<me@example.com>', '\\<me@example.com>'],
    ['<1@x.io>', '\\<1@x.io>'],
    // entities
    ['&amp; &#123; &#x41; &copy;', '\\&amp; \\&#123; \\&#x41; \\&copy;'],
    // backslashes
    ['\\*', '\\\\*'],
    ['a\\*b', 'a\\\\*b'],
    ['ends with \\\nnext', 'ends with \\\\\nnext'],
    ['\\\\', '\\\\\\\\'],
    // block starts
    ['# Heading', '\\# Heading'],
    ['###### six', '\\###### six'],
    ['####### seven is not a heading', '####### seven is not a heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['* item', '\\* item'],
    ['-', '\\-'],
    ['1. first', '1\\. first'],
    ['1) first', '1\\) first'],
    ['1234567890. too long to be a list', '1234567890. too long to be a list'],
    ['in\n1984. Then', 'in\n1984. Then'],
    ['in\n1. Then', 'in\n1\\. Then'],
    ['> quote', '\\> quote'],
    ['Title\n=====', 'Title\n\\====='],
    ['Title\n---', 'Title\n\\---'],
    ['***', '\\*\\*\\*'],
    ['* * *', '\\* * *'],
    ['___', '\\_\\_\\_'],
    ['- - -', '\\- - -'],
    ['```js', '\\`\\`\\`js'],
    ['~~~', '\\~\\~\\~'],
    // GFM tables: only the delimiter row needs neutralising
    ['a | b\n--|--\n1 | 2', 'a | b\n\\--|--\n1 | 2'],
    ['| a | b |\n|---|:-:|', '| a | b |\n\\|---|:-:|'],
    ['a | b\n:-- | --:', 'a | b\n\\:-- | --:'],
  ])('%j → %j', (source, expected) => {
    expect(prose(source)).toBe(expected);
  });
});

describe('textToMarkdown: bare URLs and markdown-it linkify', () => {
  it('escapes `<` after a URL as an entity, so linkify cannot leave raw HTML behind', () => {
    const source = 'see http://a.b/x<b>bold</b>';
    const markdown = textToMarkdown(source);
    expect(markdown).toBe('see http://a.b/x&lt;b>bold&lt;/b>\n');
    expectRoundTrip(source, markdown, ['commonmark', 'markdown-it']);
    expect(renderHtml(markdown, 'markdown-it+linkify')).not.toContain('<b>');
  });

  it('known limit: linkify shows escapes that sit inside a bare URL', () => {
    const source = 'http://a.b/*x* and *y*';
    const markdown = textToMarkdown(source);
    expect(markdown).toBe('http://a.b/\\*x\\* and \\*y\\*\n');
    expectRoundTrip(source, markdown, ['commonmark', 'markdown-it']);
    expect(renderedTexts(markdown, ['markdown-it+linkify'])).toEqual({
      'markdown-it+linkify': 'http://a.b/\\*x\\* and *y*',
    });
  });
});

describe('textToMarkdown: whitespace and structure', () => {
  it.each([
    ['', ''],
    ['   \n\n \t \n', ''],
    ['a', 'a\n'],
    ['a\n\n\n\nb', 'a\n\nb\n'],
    ['\n\na\n\n', 'a\n'],
    ['a  \nb\t', 'a\nb\n'],
    ['a\r\nb\r\rc', 'a\nb\n\nc\n'],
    ['    indented prose\n\tand a tab', 'indented prose\nand a tab\n'],
    ['  - indented item', '\\- indented item\n'],
  ])('%j → %j', (source, expected) => {
    const markdown = textToMarkdown(source, { detectCode: false });
    expect(markdown).toBe(expected);
    expectRoundTrip(source, markdown);
  });
});

const D_SCRIPT = `build/dtrace -n '
cnt = 0;
tstart = timestamp;
syscall::: {
this->pid = pid;
this->ppid = ppid;
this->execname = execname;
this->arg0 = stringof(arg0);
this->arg1 = stringof(arg1);
this->arg2 = stringof(arg2);
tick-1s { printf("count so far: %d", cnt); }
tick-500s { exit(0); }`;

describe('textToMarkdown: code detection', () => {
  it('fences a scraped D script between prose paragraphs, verbatim', () => {
    const before =
      'DTrace handles this and stubs out the offending memory access. Heres\na script';
    const after =
      'This script will examine all syscalls and try and access the string\n' +
      'for arg0/1/2 - and for most syscalls, there isnt one. So we end up\n' +
      'dereferencing a bad pointer.';
    const source = `${before}\n\n${D_SCRIPT}\n\n${after}`;
    const markdown = textToMarkdown(source);
    expect(markdown).toBe(`${before}\n\n\`\`\`\n${D_SCRIPT}\n\`\`\`\n\n${after}\n`);
    expectRoundTrip(source, markdown);
  });

  it.each([
    [
      'a C program',
      '#include <stdio.h>\n\nint main(int argc, char **argv)\n{\n    printf("hello, *world*\\n");\n    return 0;\n}',
      'c',
    ],
    ['a shell session', '$ ./configure --prefix=/usr\n$ make\n$ sudo make install', 'console'],
    ['a shell script', '#!/bin/sh\nset -e\nexec make "$@"', 'sh'],
    [
      'a Python module',
      'import os\n\ndef main():\n    print(os.getcwd())\n    return 0',
      'python',
    ],
    ['a single statement', 'cnt = 0;', ''],
    ['a C fragment', 'if (x == NULL) {\n    return -1;\n}', ''],
    ['a listing split by blank lines', 'x = 1;\ny = 2;\n\n\nz = x + y;\n\nreturn z;', ''],
  ])('fences %s (language %j)', (_name, source, language) => {
    const markdown = textToMarkdown(source);
    expect(markdown).toBe(`\`\`\`${language}\n${source}\n\`\`\`\n`);
    expectRoundTrip(source, markdown);
  });

  it('uses a fence longer than any backtick run inside', () => {
    const source = 'x = "```";\ny = "````";';
    const markdown = textToMarkdown(source);
    expect(markdown).toBe(`\`\`\`\`\`\n${source}\n\`\`\`\`\`\n`);
    expectRoundTrip(source, markdown);
  });

  it.each([
    ['a sentence with a call', 'Call f() to start:'],
    ['a label', 'UPDATE: 20150215'],
    ['a short clause ending in a semicolon', 'This is painful;'],
    ['a sentence with an assignment', 'x = 5 is the answer here.'],
    ['an underlined title', 'My Title\n========'],
    ['a bare URL', 'http://example.com/?a=1&b=2;'],
    ['a list of items', '- one\n- two\n- three'],
    [
      'prose about syscalls',
      'the script above to only do syscall::chdir: which means I can manually\n' +
        'test via a shell, doing a "cd" command. On my 3-cpu VM, I lose one of the',
    ],
    ['prose quoting one statement', 'To fix it, add\nx = 1;\nto the config.'],
    ['Japanese prose', 'スケジュール管理下手だよなーと思って、自分用にアプリを作りました。'],
  ])('does not fence %s', (_name, source) => {
    const markdown = textToMarkdown(source);
    expect(markdown).not.toContain('```');
    expect(markdown).toBe(textToMarkdown(source, { detectCode: false }));
    expectRoundTrip(source, markdown);
  });

  it('never fences with detectCode: false', () => {
    const markdown = textToMarkdown(D_SCRIPT, { detectCode: false });
    expect(markdown).not.toContain('```');
    expect(markdown).toContain('\nthis->pid = pid;\n');
    expectRoundTrip(D_SCRIPT, markdown);
  });
});

describe('textToMarkdown: scale', () => {
  it('stays linear on large, markup-dense input', () => {
    const chunk = '*a* _b_ `c` [d](e) <f> &amp; ~~g~~ \\h | # - 1. > <<<<&&&&[[[[****____\n';
    const source = Array.from({ length: 4000 }, (_, i) =>
      i % 7 === 6 ? '' : `${'x = y;'.repeat(i % 3)}${chunk}`,
    ).join('');
    const started = performance.now();
    const markdown = textToMarkdown(source);
    const elapsed = performance.now() - started;
    expect(markdown.length).toBeGreaterThan(source.length);
    expect(elapsed).toBeLessThan(2000);
  });
});
