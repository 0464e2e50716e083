import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { escapeHugoShortcodes, hasEleventyTemplateSyntax, hasLiquidSyntax } from '../../src/layouts/templateSyntax.js';
import { renderPost } from '../../src/layouts/toMarkdown.js';
import { makePost } from '../helpers/makePost.js';

const frontMatterOf = (document: string) => parse(document.split('---\n')[1]!) as Record<string, unknown>;
const bodyOf = (document: string) => document.slice(document.indexOf('\n---\n\n') + 6);

describe('Hugo shortcodes stay text', () => {
  // What Hugo shows for each escaped form was checked against Hugo 0.111 in the integration suite.
  it.each([
    ['x {{< youtube abc >}} y', 'x {{</* youtube abc */>}} y'],
    ['a {{% notice %}} b {{% /notice %}}', 'a {{%/* notice */%}} b {{%/* /notice */%}}'],
    ['m{{<int>}}', 'm{{</*int*/>}}'],
    ['a {{< a {{< b >}} c', 'a {{</* a {{< b */>}} c'],
    ['{{<  multi\nline >}}', '{{</*  multi\nline */>}}'],
    ['```\n{{< youtube abc >}}\n```', '```\n{{</* youtube abc */>}}\n```'],
    ['a {{</* x */>}} b', 'a {{</*/* x */*/>}} b'],
    ['{{ plain }} and {% liquid %}', '{{ plain }} and {% liquid %}'],
  ])('%j → %j', (markdown, escaped) => {
    expect(escapeHugoShortcodes(markdown)).toEqual({ markdown: escaped, unclosed: 0 });
  });

  it('writes an opener with no closer as an entity, and counts it', () => {
    expect(escapeHugoShortcodes('a {{< b and {{% c')).toEqual({ markdown: 'a {{&lt; b and {{&#37; c', unclosed: 2 });
  });

  it('hugo posts are escaped, and an unclosed opener is reported', () => {
    const post = makePost({ body: { format: 'html', value: '<p>Use {{&lt; figure src="a.png" &gt;}} or {{% x</p>' } });
    const rendered = renderPost(post, { layout: 'hugo' });
    expect(bodyOf(rendered.document)).toBe('Use {{</* figure src="a.png" */>}} or {{&#37; x\n');
    expect(rendered.warnings.map((w) => w.code)).toEqual(['HUGO_SHORTCODE_UNCLOSED']);
    expect(bodyOf(renderPost(post, { layout: 'plain' }).document)).toBe('Use {{< figure src="a.png" >}} or {{% x\n');
  });
});

describe('Liquid stays text', () => {
  it('detects Liquid (Jekyll) and Liquid or Nunjucks (Eleventy) syntax', () => {
    expect(hasLiquidSyntax('Hello {{ user.name }}')).toBe(true);
    expect(hasLiquidSyntax('{% if x %}')).toBe(true);
    expect(hasLiquidSyntax('{# comment #}')).toBe(false);
    expect(hasEleventyTemplateSyntax('{# comment #}')).toBe(true);
    expect(hasLiquidSyntax('a { b } c')).toBe(false);
  });

  it('jekyll turns Liquid off for a body that has its syntax, and only then', () => {
    const liquid = makePost({ body: { format: 'text', value: 'Write {{ name }} here.' } });
    expect(frontMatterOf(renderPost(liquid, { layout: 'jekyll' }).document)).toMatchObject({ render_with_liquid: false });
    expect(frontMatterOf(renderPost(makePost(), { layout: 'jekyll' }).document)).not.toHaveProperty('render_with_liquid');
  });

  it('eleventy renders such a body as Markdown only', () => {
    const liquid = makePost({ body: { format: 'text', value: 'Write {% raw %} here.' } });
    expect(frontMatterOf(renderPost(liquid, { layout: 'eleventy' }).document)).toMatchObject({ templateEngineOverride: 'md' });
    expect(frontMatterOf(renderPost(makePost(), { layout: 'eleventy' }).document)).not.toHaveProperty('templateEngineOverride');
  });

  it('leaves the body alone for generators without a template pass over Markdown', () => {
    const liquid = makePost({ body: { format: 'text', value: 'Write {{ name }} here.' } });
    for (const layout of ['astro', 'plain'] as const) {
      const { document } = renderPost(liquid, { layout });
      expect(bodyOf(document)).toBe('Write {{ name }} here.\n');
      expect(Object.keys(frontMatterOf(document))).not.toContain('render_with_liquid');
    }
  });
});
