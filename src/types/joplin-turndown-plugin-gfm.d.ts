/** @joplin/turndown-plugin-gfm ships no types: the plugins it exports, as turndown sees them. */
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';

  /** All of the below. */
  export const gfm: TurndownService.Plugin;
  /** GFM pipe tables (keeps tables it cannot write as HTML). */
  export const tables: TurndownService.Plugin;
  /** `<del>`, `<s>`, `<strike>` → `~~text~~`. */
  export const strikethrough: TurndownService.Plugin;
  /** `<div class="highlight-source-x"><pre>` → fenced code. */
  export const highlightedCodeBlock: TurndownService.Plugin;
  /** Checkbox inputs in list items → `[ ]` / `[x]`. */
  export const taskListItems: TurndownService.Plugin;
}
