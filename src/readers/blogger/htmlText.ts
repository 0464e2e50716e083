/**
 * Just enough HTML reading for the reader's own needs — the words of a body (to title an
 * untitled post) and its first image. Converting bodies to Markdown is convert/'s job.
 */
import { lookupTable } from '../../model/table.js';

/** Elements whose content is not prose. */
const HIDDEN = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
/** Inline elements join their text to the neighbours'; every other tag separates words. */
const INLINE_TAG = /<\/?(?:a|abbr|b|bdi|bdo|big|cite|code|data|dfn|em|font|i|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var)\b[^>]*>/gi;
const ANY_TAG = /<[^>]*>/g;

const NAMED_ENTITIES: Record<string, string> = lookupTable({
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', middot: '·',
  bull: '•', times: '×', divide: '÷', shy: '', iexcl: '¡', iquest: '¿', szlig: 'ß', sect: '§', para: '¶',
});
/** Accented Latin letters by their entity names: `&eacute;` → é, `&Ouml;` → Ö, `&ccedil;` → ç. */
const ACCENTS: Record<string, string> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', tilde: '\u0303', uml: '\u0308', ring: '\u030a', cedil: '\u0327' };
const LIGATURES: Record<string, string> = lookupTable({ aelig: 'æ', AElig: 'Æ', oslash: 'ø', Oslash: 'Ø', eth: 'ð', ETH: 'Ð', thorn: 'þ', THORN: 'Þ' });

function decodeHtmlEntity(name: string): string | undefined {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  const named = NAMED_ENTITIES[name] ?? LIGATURES[name];
  if (named !== undefined) return named;
  const accent = /^([A-Za-z])(acute|grave|circ|tilde|uml|ring|cedil)$/.exec(name);
  return accent ? (accent[1]! + ACCENTS[accent[2]!]!).normalize('NFC') : undefined;
}

/** The visible words of an HTML fragment, white space collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(HIDDEN, ' ')
    .replace(COMMENT, ' ')
    .replace(INLINE_TAG, '')
    .replace(ANY_TAG, ' ')
    .replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, name: string) => decodeHtmlEntity(name) ?? whole)
    .replace(/\s+/g, ' ')
    .trim();
}

const IMG_SRC = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/** The `src` of the first `<img>`, with HTML's `&amp;` undone; undefined when there is none. */
export function firstImage(html: string): string | undefined {
  const m = IMG_SRC.exec(html);
  const src = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim();
  return src ? src.replace(/&amp;/g, '&') : undefined;
}
