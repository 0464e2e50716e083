/**
 * Blogger's quirks: what its compose editor (old and new), its image uploader and its jump break
 * write into post bodies, and the styling that pastes from Word and Google Docs leave behind.
 */
import type { ChildNode, Element } from 'domhandler';
import type { CleanupContext, CleanupRule } from './cleanup.js';
import {
  ancestorNamed,
  append,
  hasClass,
  createElement,
  descendants,
  descendantsNamed,
  HEADINGS,
  insertBefore,
  isElement,
  isMeaningful,
  remove,
  replaceWith,
  rowCells,
  styleOf,
  tableRows,
  unwrap,
  wrapChildren,
} from './dom.js';
import { createMarker, isMarker } from './markers.js';
import { bloggerOriginal } from './urls.js';

/** `<a name="more"></a>` → jump-break marker; only the first break of a post counts. */
function markJumpBreak(ctx: CleanupContext): void {
  for (const a of descendants(ctx.root, 'a')) {
    const name = a.attribs.name;
    if (name === undefined || name.trim().toLowerCase() !== 'more') continue;
    insertBefore(a, [createMarker('more')]);
    delete a.attribs.name;
    if (a.attribs.href === undefined) unwrap(a);
  }
  let seen = false;
  for (const hr of descendants(ctx.root, 'hr')) {
    if (!isMarker(hr, 'more')) continue;
    if (seen) remove(hr);
    seen = true;
  }
}

/**
 * `<table class="tr-caption-container">`: the image in one row, `<td class="tr-caption">` in
 * the next. Becomes the image, then the caption as an emphasised paragraph of its own.
 */
function unwrapCaptionTables(ctx: CleanupContext): void {
  for (const table of descendants(ctx.root, 'table')) {
    if (!hasClass(table, 'tr-caption-container') || !table.parent) continue;
    const parts: ChildNode[] = [];
    for (const row of tableRows(table)) {
      for (const cell of rowCells(row)) {
        if (!isMeaningful(cell)) continue;
        if (hasClass(cell, 'tr-caption')) {
          const p = createElement('p');
          const em = createElement('em');
          append(em, [...cell.children]);
          append(p, [em]);
          parts.push(p);
        } else {
          const div = createElement('div');
          append(div, [...cell.children]);
          parts.push(div);
        }
      }
    }
    replaceWith(table, parts);
  }
}

const SPACE_ONLY = /^[\s\u00a0]*$/;

/** Whether `el` is a link around nothing but one image. */
function isImageLink(el: ChildNode): el is Element {
  if (!isElement(el) || el.name !== 'a') return false;
  const shown = el.children.filter((c) => !(c.type === 'text' && SPACE_ONLY.test(c.data)));
  return shown.length === 1 && isElement(shown[0]) && shown[0].name === 'img';
}

/**
 * `<div class="separator"><a imageanchor="1" href=FULL><img src=THUMB></a></div>`: Blogger's
 * wrapper for every uploaded image, centred and cleared with inline CSS. In Markdown it is a
 * paragraph of its own holding `[![alt](THUMB)](FULL)`; the styling goes.
 */
function plainSeparators(ctx: CleanupContext): void {
  for (const div of descendants(ctx.root, 'div')) {
    if (hasClass(div, 'separator') && div.children.some(isImageLink)) div.attribs = {};
  }
}

/**
 * `<a imageanchor="1" style="float: left">` in the middle of text: Markdown cannot float an
 * image, so it becomes a paragraph of its own where it stood.
 */
function blockFloatedImages(ctx: CleanupContext): void {
  for (const a of descendants(ctx.root, 'a')) {
    if (a.attribs.imageanchor === undefined || !isImageLink(a) || !a.parent) continue;
    const siblings = a.parent.children;
    const alone = siblings.every((s: ChildNode) => s === a || !isMeaningful(s) || isImageLink(s));
    if (alone) continue;
    const div = createElement('div');
    replaceWith(a, [div]);
    append(div, [a]);
  }
}

/**
 * A thumbnail (`/s320/`, `=w400-h300`…) that is not inside a link gets linked to its full-size
 * original, as Blogger's own image links do. The `src` itself is never rewritten.
 */
function linkThumbnails(ctx: CleanupContext): void {
  for (const img of descendants(ctx.root, 'img')) {
    const src = img.attribs.src;
    if (!src || ancestorNamed(img, 'a')) continue;
    const original = bloggerOriginal(src);
    if (!original) continue;
    const a = createElement('a', { href: original });
    replaceWith(img, [a]);
    append(a, [img]);
  }
}

/**
 * Whether `el`'s style attribute could declare a property `property` matches (case-insensitive):
 * most styles (alignment, margins, fonts) name none of the emphasis properties, and parsing
 * them would be wasted.
 */
function styleMentions(el: Element, property: RegExp): boolean {
  const style = el.attribs.style;
  return style !== undefined && property.test(style);
}
const FONT_WEIGHT = /font-weight/i;
const FONT_STYLE = /font-style/i;
const EMPHASIS_PROPERTY = /font-weight|font-style|text-decoration/i;

const NOT_BOLD = /^(?:normal|lighter|[1-5]00)$/;
const BOLD = /^(?:bold|bolder|[6-9]00)$/;

/**
 * `<b style="font-weight:normal" id="docs-internal-guid-…">` wraps whole Google Docs pastes; an
 * `<i style="font-style:normal">` does the same for italics. Neither is emphasis.
 */
function unwrapNormalWeight(ctx: CleanupContext): void {
  for (const el of descendantsNamed(ctx.root, EMPHASIS_ELEMENTS)) {
    if (el.name === 'b' || el.name === 'strong') {
      const weight = styleMentions(el, FONT_WEIGHT) ? styleOf(el).get('font-weight') : undefined;
      const docsWrapper = (el.attribs.id ?? '').startsWith('docs-internal-guid');
      if ((weight !== undefined && NOT_BOLD.test(weight)) || docsWrapper) unwrap(el);
    } else if (el.name === 'i' || el.name === 'em') {
      if (styleMentions(el, FONT_STYLE) && styleOf(el).get('font-style') === 'normal') unwrap(el);
    }
  }
}

const EMPHASIS_ELEMENTS: ReadonlySet<string> = new Set(['b', 'strong', 'i', 'em']);

const SKIP_STYLES = new Set(['pre', 'code', 'tt', 'kbd', 'samp', 'textarea', 'hr', 'img', 'br']);

/**
 * The old editor (and Word, and Google Docs) wrote emphasis as CSS:
 * `<span style="font-weight: bold">`, `font-style: italic`, `text-decoration: line-through`.
 * Underline has no Markdown form and is dropped (the text stays).
 */
function styleToEmphasis(ctx: CleanupContext): void {
  for (const el of descendants(ctx.root)) {
    if (!el.attribs.style || SKIP_STYLES.has(el.name) || !EMPHASIS_PROPERTY.test(el.attribs.style)) continue;
    const style = styleOf(el);
    const weight = style.get('font-weight');
    const fontStyle = style.get('font-style');
    const decoration = `${style.get('text-decoration') ?? ''} ${style.get('text-decoration-line') ?? ''}`;
    if (decoration.includes('line-through') && !['del', 's', 'strike'].includes(el.name)) {
      wrapChildren(el, 'del');
    }
    if ((fontStyle === 'italic' || fontStyle === 'oblique') && el.name !== 'i' && el.name !== 'em') {
      wrapChildren(el, 'em');
    }
    const bold = weight !== undefined && BOLD.test(weight);
    if (bold && el.name !== 'b' && el.name !== 'strong' && !HEADINGS.has(el.name)) {
      wrapChildren(el, 'strong');
    }
  }
}

export const bloggerRules: readonly CleanupRule[] = [
  {
    name: 'jumpBreak',
    why: 'Blogger marks the end of the summary with <a name="more"></a>; static sites use <!--more-->',
    onlyWith: ['a', 'hr'],
    creates: ['hr'],
    apply: markJumpBreak,
  },
  {
    name: 'captionTable',
    why: 'Blogger captions images with a table.tr-caption-container; the caption text must survive as text',
    onlyWith: ['table'],
    creates: ['p', 'em', 'div'],
    apply: unwrapCaptionTables,
  },
  {
    name: 'separatorImage',
    why: 'Blogger wraps each image in div.separator > a[imageanchor] > img, the link pointing at the original',
    onlyWith: ['img'],
    creates: [],
    apply: plainSeparators,
  },
  {
    name: 'floatedImageAnchor',
    why: 'images floated into the middle of a paragraph cannot float in Markdown',
    onlyWith: ['img'],
    creates: ['div'],
    apply: blockFloatedImages,
  },
  {
    name: 'thumbnailLink',
    why: 'Blogger serves resized thumbnails (/s320/, =w400-h300); keep a link to the full-size original',
    onlyWith: ['img'],
    creates: ['a'],
    apply: linkThumbnails,
  },
  {
    name: 'normalWeightWrapper',
    why: 'Google Docs pastes wrap everything in <b style="font-weight:normal">, which is not bold',
    onlyWith: ['b', 'strong', 'i', 'em'],
    creates: [],
    apply: unwrapNormalWeight,
  },
  {
    name: 'styledEmphasis',
    why: 'the old editor wrote bold/italic/strikethrough as inline CSS on spans',
    onlyWith: ['[style]'],
    creates: ['del', 'em', 'strong'],
    apply: styleToEmphasis,
  },
];

