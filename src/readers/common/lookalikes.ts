/**
 * Blog exports blogport has no reader for (yet), recognised from an input's first bytes, so that
 * a user who gives one hears what it is, not "not a format blogport can read" or a text-dump
 * complaint about missing date headers.
 */
import { decodeSample } from './decode.js';

/** Field names that open a Movable Type export entry (also TypePad's and Hatena Blog's format). */
const MT_FIELD = /^(?:AUTHOR|TITLE|BASENAME|STATUS|ALLOW COMMENTS|ALLOW PINGS|CONVERT BREAKS|DATE|PRIMARY CATEGORY|CATEGORY|TAGS|IMAGE):/gm;
/** Its section markers: five dashes close the header, eight close an entry. */
const MT_SECTION = /^(?:-{5}|-{8})\r?$/m;
const MT_BODY = /^(?:BODY|EXTENDED BODY|EXCERPT|COMMENT):\r?$/m;

/** XML prolog and anything allowed before the root element. */
const PROLOG = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i;
const ROOT = /^<(?:([\w.-]+):)?([\w.-]+)[\s/>]/;

/**
 * What the sample is, as a phrase ("a WordPress export (WXR)"), when it is a blog export or feed
 * format no reader takes; undefined otherwise.
 */
export function lookalikeOf(sample: Uint8Array): string | undefined {
  const text = decodeSample(sample);
  const rest = text.slice(PROLOG.exec(text)![0].length);
  const root = ROOT.exec(rest);
  if (root) {
    const name = root[2]!.toLowerCase();
    if (name === 'rss') {
      return /wordpress\.(?:org|com)\/export\//.test(text) ? 'a WordPress export (WXR)' : 'an RSS feed';
    }
    if (name === 'rdf' && root[1]?.toLowerCase() === 'rdf') return 'an RSS 1.0 (RDF) feed';
    if (name === 'feed' && text.includes('http://www.w3.org/2005/Atom')) return 'an Atom feed';
    return undefined;
  }
  const fields = new Set((text.slice(0, 4000).match(MT_FIELD) ?? []).map((field) => field.toUpperCase()));
  if (fields.size >= 2 && MT_SECTION.test(text) && MT_BODY.test(text)) {
    return 'a Movable Type export (the format of Movable Type, TypePad and Hatena Blog)';
  }
  const json = rest.trimStart();
  if (json.startsWith('{') && /"db"\s*:\s*\[/.test(json) && json.includes('"posts"')) return 'a Ghost export (JSON)';
  return undefined;
}
