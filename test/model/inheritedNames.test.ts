import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../../src/convert/htmlToMarkdown.js';

// Element names, classes and attribute values come from the input; every table looked up with
// them must find nothing for the names `Object.prototype` carries.
const INHERITED = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

describe('names Object.prototype carries are ordinary text to the converter', () => {
  for (const name of INHERITED) {
    it(`<${name}> keeps its text`, () => {
      const { markdown } = htmlToMarkdown(`<p>before <${name}>kept words</${name}> after</p>`);
      expect(markdown).toContain('kept words');
      expect(markdown).toContain('before');
    });

    it(`a code block marked "brush: ${name}" keeps its code and gets no function for a language`, () => {
      const { markdown } = htmlToMarkdown(`<pre class="brush: ${name}">let x = 1;</pre>`);
      expect(markdown).toContain('let x = 1;');
      expect(markdown).not.toMatch(/function|native code|\[object/);
    });

    it(`a table cell aligned "${name}" is a plain column`, () => {
      const { markdown } = htmlToMarkdown(`<table><tr><th align="${name}">Head</th></tr><tr><td>cell</td></tr></table>`);
      expect(markdown).toContain('Head');
      expect(markdown).toContain('cell');
      expect(markdown).not.toMatch(/function|native code|\[object/);
    });
  }
});

describe('names Object.prototype carries are ordinary text to the readers', () => {
  it('an entity named like one (&constructor;) stays as written in a Blogger title', async () => {
    const { htmlToText } = await import('../../src/readers/blogger/htmlText.js');
    expect(htmlToText('Fish &constructor; chips &amp; &toString;')).toBe('Fish &constructor; chips & &toString;');
  });

  it('a page declaring charset="constructor" has an unknown charset (it used to throw)', async () => {
    const { normaliseCharset } = await import('../../src/readers/html/encoding.js');
    for (const name of INHERITED) expect(normaliseCharset(name)).toBeUndefined();
  });
});
