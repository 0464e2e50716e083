/**
 * Which Markdown parser will read the output. blogport writes CommonMark (with GFM tables and
 * strikethrough) that renders back to the source's words; `kramdown` — Jekyll's default parser,
 * with its GFM input — reads more than that, so its output escapes more:
 *
 * - `|` anywhere on a line makes the line a table row (a link across it falls apart);
 * - `$$` opens math;
 * - `{:` is an attribute list or extension (and swallows the text), `{#` a header id;
 * - `\&` is not an escape (the backslash shows), so an `&` that would read as an entity is
 *   written `&amp;` instead.
 *
 * (A line starting with `: ` is a definition to kramdown and to Hugo's Goldmark alike: that one
 * is escaped in every dialect.) Every escape used for kramdown renders the same under CommonMark.
 */
export type MarkdownDialect = 'commonmark' | 'kramdown';
