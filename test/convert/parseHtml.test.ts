import type { AnyNode } from 'domhandler';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseHtml, type TextNotes } from '../../src/convert/html/parse.js';
import { htmlToMarkdown } from '../../src/convert/htmlToMarkdown.js';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Every node of a tree with what it holds, exactly (no re-encoding, unlike serialising to HTML). */
function shape(node: AnyNode): unknown {
  if (node.type === 'text' || node.type === 'comment') return [node.type, node.data];
  if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
    return [node.name, Object.entries(node.attribs), node.children.map(shape)];
  }
  if (node.type === 'root') return node.children.map(shape);
  return [node.type];
}

/** The tree htmlparser2 builds when its tokenizer decodes the references (what parseHtml did before). */
const tokenizerDecoded = (html: string) => shape(parseDocument(html));
const parsed = (html: string) => shape(parseHtml(html));

describe('parseHtml: character references decoded after tokenizing, by a tokenizer that searches with indexOf', () => {
  it.each([
    ['text and attribute values', '<p title="&quot;Tom &amp; Jerry&quot;">caf&eacute; &lt;b&gt; &#128512; &#x41;</p>'],
    ['legacy references without a semicolon', '<p>&copy 2010 &amp more &notit &notin.</p>'],
    ['in an attribute, a legacy reference before "=" or a letter stays as written', '<a href="/x?a=1&copy=2&notify=3&not">t</a>'],
    ['the attribute quirk of the decoder htmlparser2 uses ("&notin." is decoded)', '<a title="&notin. &notin#">t</a>'],
    ['a legacy reference cut short by the end of an attribute value', '<img alt="&notin"><img alt=&notin><img title=\'&amp\'>'],
    ['unquoted attribute values', '<img alt=a&amp;b src=/p.png?x=1&amp;y=2>'],
    ['a reference cut by a stray end tag stays as written', '<p>&am</b>p; and &#x4</i>1;</p>'],
    ['a reference at the very end', 'text &amp'],
    ['what an unfinished "</…", comment or declaration leaves at the end stays as written', 'a</&#x41;b'],
    ['an unfinished declaration at the end', 'x <!&amp;'],
    ['numeric references out of range or to controls', '<p>&#0; &#x110000; &#xD800; &#128; &#9999999999;</p>'],
    ['raw text is not decoded, <title> is', '<script>a &amp; b</script><style>a &amp; b</style><textarea>a &amp; b</textarea><xmp>a &amp; b</xmp><title>a &amp; b</title>'],
    ['a raw-text element closed by "/>" is not raw text', '<textarea/>a &amp; b</textarea><p>&amp;</p>'],
    ['duplicate attributes: the first one counts', '<a title="x" title="&amp;">t</a><a title="&amp;" title="y">u</a>'],
  ])('%s: the same tree as the tokenizer decoding them', (_case, html) => {
    expect(parsed(html)).toEqual(tokenizerDecoded(html));
  });

  it('decodes text and attribute values', () => {
    const root = parseHtml('<a title="Tom &amp; Jerry" href="/a?b=1&amp;c=2">caf&eacute;&nbsp;&lt;3</a>');
    expect(shape(root)).toEqual([['a', [['title', 'Tom & Jerry'], ['href', '/a?b=1&c=2']], [['text', 'café\u00a0<3']]]]);
  });

  const pieces = fc.constantFrom(
    '&', ';', '=', '#', 'x', 'a', '1', ' ', '\n', '"', "'", '<', '>', '/', 'é', '😀', '-', '-->', ']', ']]>',
    '&amp;', '&amp', '&lt', '&not', '&notin', '&notin;', '&copy', '&eacute', '&nbsp;', '&NotEqualTilde;',
    '&#', '&#x', '&#65', '&#x41;', '&#0;', '&#128', '&#x110000;', '&#xD800;',
    '<b>', '</b>', '</i>', '<p>', '</p>', '<br>', '</br>', '<!-- c &amp; -->', '<![CDATA[&amp;]]>',
    '<a href="', '<img alt=', '<p title=\'', '<br x=', '/>', '</', '<!', '<?', '<!--', ' y="&amp;"', ' z=&lt;',
    '<textarea>', '</textarea>', '<title>', '</title>', '<script>', '</script>', '<xmp>', '<svg>', '</svg>',
    '<SCRIPT>', '<Title x=&amp;>', '<style>', '</style>', '<!DOCTYPE html>', '<?xml ?>',
  );
  const html = fc.array(pieces, { maxLength: 24 }).map((parts) => parts.join(''));

  it('generated bodies: the same tree as the tokenizer decoding them (property)', () => {
    fc.assert(
      fc.property(html, (body) => {
        expect(parsed(body)).toEqual(tokenizerDecoded(body));
      }),
      { numRuns: NUM_RUNS * 10 },
    );
  });

  it('notes which bodies have a no-break space or the link sentinel in a text, as written or decoded', () => {
    const notes = (html: string) => {
      const holds: TextNotes = { nbsp: true, sentinel: true };
      parseHtml(html, undefined, holds);
      return holds;
    };
    expect(notes('<p title="&nbsp;">plain &amp; simple</p>')).toEqual({ nbsp: false, sentinel: false });
    expect(notes('<p>a\u00a0b</p>')).toEqual({ nbsp: true, sentinel: false });
    expect(notes('<p>a&nbsp;b</p>')).toEqual({ nbsp: true, sentinel: false });
    expect(notes('<p>a&#xFDD0;b</p>')).toEqual({ nbsp: false, sentinel: true });
    expect(notes('<p>a\ufdd0b</p>')).toEqual({ nbsp: false, sentinel: true });
    // Parsed again with the tokenizer decoding (raw text): nothing is known.
    expect(notes('<script>x</script><p>&amp;</p>')).toEqual({ nbsp: true, sentinel: true });
  });

  it('a body whose text brings the sentinel or a no-break space is still cleaned of them', () => {
    expect(htmlToMarkdown('<p>Wow&#xFDD0;<a href="https://e.example/">x</a> a&nbsp;b\u00a0c</p>').markdown).toBe(
      'Wow\ufffd[x](https://e.example/) a b c\n',
    );
  });
});
