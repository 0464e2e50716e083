/**
 * Render Markdown with real renderers and read back the text a reader would see, so tests can
 * check that Markdown "says" what its source said.
 *
 * - `commonmark`: the reference implementation (raw HTML passes through, like `html: true`).
 * - `markdown-it`: default preset (tables, strikethrough) with `html: true`, so anything left
 *   unescaped that forms HTML shows up as HTML and is stripped from the text.
 * - `markdown-it+linkify`: the same with `linkify: true`.
 */
import { HtmlRenderer, Parser } from 'commonmark';
import MarkdownIt from 'markdown-it';

export type RendererName = 'commonmark' | 'markdown-it' | 'markdown-it+linkify';

export const RENDERER_NAMES: readonly RendererName[] = [
  'commonmark',
  'markdown-it',
  'markdown-it+linkify',
];

const commonmarkParser = new Parser();
const commonmarkRenderer = new HtmlRenderer();
const markdownIt = new MarkdownIt({ html: true });
const markdownItLinkify = new MarkdownIt({ html: true, linkify: true });

/** Markdown → HTML with the named renderer. */
export function renderHtml(markdown: string, renderer: RendererName): string {
  switch (renderer) {
    case 'commonmark':
      return commonmarkRenderer.render(commonmarkParser.parse(markdown));
    case 'markdown-it':
      return markdownIt.render(markdown);
    case 'markdown-it+linkify':
      return markdownItLinkify.render(markdown);
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const TAG = /<[^>]*>/g;
const ENTITY = /&(?:#[xX]([0-9A-Fa-f]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));/g;

/**
 * Text content of rendered HTML: tags removed, entities decoded. The renderers only ever write
 * `&amp; &lt; &gt; &quot;` and numeric references into text; an unknown named entity can only
 * come from raw HTML that slipped through, so it is left as it is (and the comparison fails).
 */
export function htmlToText(html: string): string {
  return html.replace(TAG, '').replace(ENTITY, (whole, hex?: string, dec?: string, name?: string) => {
    const code = hex !== undefined ? Number.parseInt(hex, 16) : dec !== undefined ? Number(dec) : -1;
    if (code >= 0) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return (name !== undefined && NAMED_ENTITIES[name]) || whole;
  });
}

/** Runs of whitespace → one space, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** What a reader sees when `markdown` is rendered by `renderer`, whitespace collapsed. */
export function renderedText(markdown: string, renderer: RendererName): string {
  return collapseWhitespace(htmlToText(renderHtml(markdown, renderer)));
}

/**
 * The collapsed rendered text per renderer, for `expect(...).toEqual(...)` against
 * `sameTextEverywhere(source)`: a failure shows which renderer disagrees.
 */
export function renderedTexts(
  markdown: string,
  renderers: readonly RendererName[] = RENDERER_NAMES,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const renderer of renderers) out[renderer] = renderedText(markdown, renderer);
  return out;
}

/** `source` collapsed, keyed like `renderedTexts`. */
export function sameTextEverywhere(
  source: string,
  renderers: readonly RendererName[] = RENDERER_NAMES,
): Record<string, string> {
  const expected = collapseWhitespace(source);
  const out: Record<string, string> = {};
  for (const renderer of renderers) out[renderer] = expected;
  return out;
}
