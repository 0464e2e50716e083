/**
 * Putting local links into a rendered document: each reference's span is replaced by the new
 * link, written in the syntax the span was in (a Markdown destination, an HTML attribute value,
 * a YAML scalar). Nothing else of the document changes.
 */
import { stringify } from 'yaml';
import { escapeDestination } from '../../convert/html/escape.js';
import type { AssetReference } from './collect.js';

export interface Replacement {
  ref: AssetReference;
  /** The link to the local copy (a site URL or a relative path, already URL-encoded). */
  link: string;
}

export function rewriteDocument(document: string, replacements: readonly Replacement[]): string {
  const sorted = [...replacements].sort((a, b) => b.ref.start - a.ref.start);
  let out = document;
  let limit = Number.POSITIVE_INFINITY;
  for (const { ref, link } of sorted) {
    // Spans never overlap; if they did, the later one would be left alone rather than garbled.
    if (ref.end > limit) continue;
    out = out.slice(0, ref.start) + written(ref, link) + out.slice(ref.end);
    limit = ref.start;
  }
  return out;
}

function written(ref: AssetReference, link: string): string {
  switch (ref.syntax) {
    case 'markdown':
      return escapeDestination(link);
    case 'html-attribute':
      return escapeAttribute(ref.kind === 'srcset' && ref.descriptor ? `${link} ${ref.descriptor}` : link);
    case 'yaml':
      // The yaml library decides the quoting; a link is one line.
      return stringify(link, { lineWidth: 0 }).trimEnd();
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
