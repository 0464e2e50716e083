/**
 * A post body is text, never a template — but generators run some Markdown files through a
 * template engine first: Jekyll and Eleventy through Liquid (`{{ … }}`, `{% … %}`), Hugo through
 * its shortcodes (`{{< … >}}`, `{{% … %}}`), even inside code blocks. An old post about Angular,
 * Jinja or Hugo itself would lose words silently or fail the build. These helpers keep such a
 * body literal, each in its generator's own way.
 */

/** Liquid output or tag: what Jekyll and Eleventy would evaluate. */
const LIQUID = /\{\{|\{%/;
/** Also Nunjucks comments, for an Eleventy site that renders Markdown with Nunjucks. */
const ELEVENTY_TEMPLATE = /\{\{|\{%|\{#/;

/** Whether Jekyll would run Liquid over this body (then `render_with_liquid: false` keeps it text). */
export function hasLiquidSyntax(markdown: string): boolean {
  return LIQUID.test(markdown);
}

/** Whether Eleventy would (then `templateEngineOverride: md` keeps it text). */
export function hasEleventyTemplateSyntax(markdown: string): boolean {
  return ELEVENTY_TEMPLATE.test(markdown);
}

export interface HugoEscape {
  markdown: string;
  /** Openers with no closer after them: written with an entity, which only text shows as typed. */
  unclosed: number;
}

/** A shortcode opener, `{{<` or `{{%`. */
const SHORTCODE_OPEN = /\{\{([<%])/g;

/**
 * Hugo shortcode calls as text. Hugo's comment form — `{{</*` and `*\/>}}` around the call (or
 * `{{%/*` and `*\/%}}`) — shows the call exactly as written, in text and in code alike, so every
 * opener is wrapped together with the nearest closer after it (`>}}` or `%}}`). An opener with no closer cannot be: it becomes
 * `{{&lt;` / `{{&#37;`, which Hugo leaves alone and which reads `{{<` / `{{%` in text (inside code
 * the entity would show, which is why the caller warns).
 */
export function escapeHugoShortcodes(markdown: string): HugoEscape {
  if (!markdown.includes('{{<') && !markdown.includes('{{%')) return { markdown, unclosed: 0 };
  let out = '';
  let from = 0;
  let unclosed = 0;
  SHORTCODE_OPEN.lastIndex = 0;
  for (let m = SHORTCODE_OPEN.exec(markdown); m; m = SHORTCODE_OPEN.exec(markdown)) {
    const angle = m[1] === '<';
    const start = m.index;
    const innerStart = start + 3;
    const close = markdown.indexOf(angle ? '>}}' : '%}}', innerStart);
    out += markdown.slice(from, start);
    if (close === -1) {
      out += angle ? '{{&lt;' : '{{&#37;';
      from = innerStart;
      unclosed++;
      continue;
    }
    const inner = markdown.slice(innerStart, close);
    out += angle ? `{{</*${inner}*/>}}` : `{{%/*${inner}*/%}}`;
    from = close + 3;
    SHORTCODE_OPEN.lastIndex = from;
  }
  return { markdown: out + markdown.slice(from), unclosed };
}
