/**
 * Sanitising: post bodies are untrusted input (comments, pasted widgets, imported spam). One
 * walk over the DOM drops what must not reach the Markdown, neutralises what could run script,
 * and resolves relative URLs. Everything dropped is listed here as data.
 */
import type { ChildNode, Element, ParentNode } from 'domhandler';
import type { CleanupContext, CleanupRule, RemovalCode } from './cleanup.js';
import { remove, replaceWith } from './dom.js';
import { isKnownEmbedScript } from './embeds.js';
import { BANG_BEFORE_LINK } from './escape.js';
import { createMarker } from './markers.js';
import { resolveUrl, urlProblem } from './urls.js';
import { lookupTable } from '../../model/table.js';

interface Dropped {
  readonly why: string;
  /** Reported removals get a warning code; the others carry nothing a reader would miss. */
  readonly warning?: RemovalCode;
}

/** Elements removed with everything inside them. (`<script>` is decided in `embeds.ts`.) */
export const DROPPED_ELEMENTS: Readonly<Record<string, Dropped>> = lookupTable({
  style: { why: 'CSS from an old theme or a paste; it could restyle the new site', warning: 'STYLE_REMOVED' },
  noscript: {
    why: 'fallback for browsers without JavaScript (tracking pixels, "enable JavaScript"); embeds show the real thing',
    warning: 'NOSCRIPT_REMOVED',
  },
  applet: { why: 'Java applet: obsolete active content with no safe form', warning: 'EMBED_REMOVED' },
  frame: { why: 'frameset page pasted into a post; no content of its own', warning: 'EMBED_REMOVED' },
  frameset: { why: 'frameset page pasted into a post; no content of its own', warning: 'EMBED_REMOVED' },
  template: { why: 'inert markup a browser never shows' },
  noembed: { why: 'fallback for browsers without plugins; never shown' },
  noframes: { why: 'fallback for browsers without frames; never shown' },
  head: { why: 'document metadata pasted into a post body (Word, web clips)' },
  title: { why: 'document metadata pasted into a post body (Word, web clips)' },
  meta: { why: 'document metadata pasted into a post body (Word, web clips)' },
  link: { why: 'stylesheet links pasted from Word or a web page' },
  base: { why: 'would silently re-point every relative link of the page that shows the post' },
  xml: { why: "Word's XML data islands (`<xml><w:WordDocument>`)" },
  input: { why: 'form field (newsletter widgets); no text of its own' },
  select: { why: 'form field; its options are choices, not prose' },
  datalist: { why: 'form field options; never shown as text' },
  svg: { why: 'inline drawing; no Markdown form' },
  canvas: { why: 'drawn by script, empty without it' },
  area: { why: 'image-map hotspot; no Markdown form' },
});

/** Attributes holding a URL that reaches the output, per element. */
const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = lookupTable({
  a: ['href'],
  img: ['src'],
  iframe: ['src'],
  embed: ['src'],
  object: ['data'],
  video: ['src', 'poster'],
  audio: ['src'],
  source: ['src'],
  track: ['src'],
  script: ['src'],
});

/** `<!-- more -->`, `<!--more-->`: the jump break as WordPress and some Blogger templates write it. */
const MORE_COMMENT = /^\s*more\s*$/i;

function sanitizeElement(el: Element, ctx: CleanupContext): boolean {
  const dropped = DROPPED_ELEMENTS[el.name];
  if (dropped) {
    remove(el);
    if (dropped.warning) ctx.note(dropped.warning);
    return false;
  }
  if (el.name === 'script' && !isKnownEmbedScript(el.attribs.src)) {
    remove(el);
    ctx.note('SCRIPT_REMOVED');
    return false;
  }
  for (const attr in el.attribs) {
    // Only names starting with o or d can be dropped below: the others skip the lower-casing.
    const first = attr.charCodeAt(0) | 0x20;
    if (first !== 0x6f && first !== 0x64) continue;
    const lower = attr.toLowerCase();
    if (lower.startsWith('on')) {
      delete el.attribs[attr];
      ctx.note('EVENT_HANDLER_REMOVED');
    } else if (lower.startsWith('data-blogport')) {
      delete el.attribs[attr]; // only the cleanup pass may write markers
    }
  }
  const urlAttributes = URL_ATTRIBUTES[el.name];
  if (urlAttributes) {
    for (const attr of urlAttributes) {
      const value = el.attribs[attr];
      if (value === undefined) continue;
      const problem = urlProblem(value, el.name === 'img' || attr === 'poster');
      if (problem) {
        delete el.attribs[attr];
        ctx.note(problem === 'local' ? 'LOCAL_FILE_URL_REMOVED' : 'JAVASCRIPT_URL_REMOVED');
        if (el.name === 'img') {
          remove(el); // an image without a source shows nothing
          return false;
        }
      } else {
        el.attribs[attr] = resolveUrl(value, ctx.baseUrl);
      }
    }
  }
  return true;
}

/** `sentinel`: whether a text may hold the sentinel (most bodies are known not to: `TextNotes`). */
function sanitizeChildren(parent: ParentNode, ctx: CleanupContext, sentinel: boolean): void {
  // A live walk: a removed node leaves its index to the next one; a replaced one is stepped over.
  const kids = parent.children;
  for (let i = 0; i < kids.length; ) {
    const node = kids[i] as ChildNode;
    switch (node.type) {
      case 'text':
        if (sentinel && node.data.includes(BANG_BEFORE_LINK)) node.data = node.data.replaceAll(BANG_BEFORE_LINK, '\ufffd');
        i++;
        break;
      case 'comment':
        if (MORE_COMMENT.test(node.data)) {
          replaceWith(node, [createMarker('more')]);
          i++;
        } else {
          remove(node); // editor notes, Word's conditional comments
        }
        break;
      case 'tag':
      case 'script':
      case 'style':
        if (sanitizeElement(node, ctx)) {
          if (node.children.length > 0) sanitizeChildren(node, ctx, sentinel);
          i++;
        }
        break;
      default:
        remove(node); // CDATA, processing instructions
    }
  }
}

export const sanitizeRules: readonly CleanupRule[] = [
  {
    name: 'sanitize',
    why: 'post bodies are untrusted: drop scripts, styles, event handlers and script URLs; resolve relative URLs',
    creates: ['hr'], // markers for <!-- more --> comments
    apply: (ctx) => sanitizeChildren(ctx.root, ctx, ctx.textsHold?.sentinel !== false),
  },
];
