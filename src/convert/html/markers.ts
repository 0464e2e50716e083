/**
 * Markers: what the cleanup pass leaves in the DOM for the writer to write verbatim (the jump
 * break, kept embeds). A marker is an `<hr>`, a void block, and carries what it stands for in
 * attributes, so no state is shared between the two passes.
 * Input attributes with these names are stripped first, so a post cannot forge a marker.
 */
import type { Element } from 'domhandler';
import { createElement } from './dom.js';

export const MARKER_ATTR = 'data-blogport-marker';
export const MARKER_HTML_ATTR = 'data-blogport-html';

export type MarkerKind = 'more' | 'embed';

/** Where the post's summary ends (Blogger's jump break). */
export const MORE_HTML = '<!--more-->';

export function createMarker(kind: MarkerKind, html?: string): Element {
  const attribs: Record<string, string> = { [MARKER_ATTR]: kind };
  if (html !== undefined) attribs[MARKER_HTML_ATTR] = html;
  return createElement('hr', attribs);
}

export function isMarker(el: Element, kind?: MarkerKind): boolean {
  const value = el.attribs[MARKER_ATTR];
  return value !== undefined && (kind === undefined || value === kind);
}
