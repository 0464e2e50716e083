/**
 * What an extractor finds on a page, before it becomes a `Post`: facts as the page shows them,
 * and the element that holds the body. Shared helpers for reading those facts (dates in the
 * forms pages print them, tag links) live here so every extractor reads them the same way.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { PostDate } from '../../model/post.js';
import { parseAtomDate } from '../blogger/dates.js';
import { matchDateHeader, parseTimeOfDay, resolveHeader, type DateOrder } from '../common/dateHeader.js';
import { normaliseSpace, textOf } from './page.js';

export interface FoundComment {
  id?: string;
  author?: string;
  authorUrl?: string;
  date?: PostDate;
  /** The comment's body element (its inner HTML becomes the comment body). */
  body: Element;
  /** Index (in the same list) of the comment this one answers. */
  replyTo?: number;
}

export interface FoundPost {
  /** Which evidence found it: an engine (`blogger`, `wordpress`) or a structured format (`h-entry`, `json-ld` …). */
  evidence: string;
  title?: string;
  date?: PostDate;
  updated?: PostDate;
  author?: string;
  authorUrl?: string;
  tags: string[];
  categories: string[];
  /** Permalink, absolute. */
  url?: string;
  /** The element whose content is the post body; chrome inside it is removed by the caller's rules. */
  body?: Element;
  /** Body as HTML when it does not live in one element (a fallback segment). */
  bodyHtml?: string;
  /** The page shows only a summary of the post ("read more"). */
  excerpt: boolean;
  comments: FoundComment[];
  /** Comments the page showed but that are not kept (deleted), for the skip counts. */
  deletedComments?: number;
  image?: string;
  description?: string;
  /** Problems worth a warning on this post. */
  notes: { code: string; message: string }[];
}

export function emptyPost(evidence: string): FoundPost {
  return { evidence, tags: [], categories: [], excerpt: false, comments: [], notes: [] };
}

/** An ISO 8601 / RFC 3339 date (`2013-10-12T11:04:00+02:00`, `2017-03-09`), or undefined. */
export function isoDate(text: string | undefined): PostDate | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  const parsed = parseAtomDate(trimmed);
  if (parsed) return parsed;
  // 2017-03-09T23:16:02.000+0000 and other near-ISO forms
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  return m ? parseAtomDate(`${m[1]}T${m[2]}${m[3] ?? ''}`) : undefined;
}

// Words between a date and its time ("March 10, 2017 at 12:20 AM", "12. März 2015 um 10:34").
const CONNECTIVES = /\s+(?:at|um|à|a las|a la|às|alle|om|kl\.?|в|-|–|—|,)\s+/giu;
/** The same words left dangling at the end once the time after them is taken out. */
const TRAILING_CONNECTIVE = /\s+(?:at|um|à|a las|a la|às|alle|om|kl\.?|в|,)\s*$/iu;
const TIME_IN_TEXT = /(\d{1,2})\s?[:.h]\s?(\d{2})(?:[:.](\d{2}))?\s?(?:([ap])\.?\s?m\.?|uhr|h)?/iu;

/**
 * A date as a page prints it for people, with or without a time: "Saturday, February 25, 2006",
 * "March 10, 2017 at 12:20 AM", "sábado, 12 de octubre de 2013 11:04", "17 февраля 2016".
 * Machine dates (ISO) are accepted too. Undefined when no date can be read.
 */
export function humanDate(text: string | undefined, order: DateOrder = 'mdy'): PostDate | undefined {
  if (!text) return undefined;
  const clean = normaliseSpace(text);
  if (clean.length === 0 || clean.length > 120) return undefined;
  const iso = isoDate(clean);
  if (iso) return iso;
  let time: string | undefined;
  let rest = clean;
  const t = TIME_IN_TEXT.exec(clean);
  if (t && /\d{4}/.test(clean.replace(t[0], ''))) {
    time = parseTimeOfDay(t[0]);
    if (time) rest = (clean.slice(0, t.index) + ' ' + clean.slice(t.index + t[0].length)).trim();
  }
  // Drop a trailing zone name ("CEST", "GMT+2") and connectives left around the removed time.
  rest = rest
    .replace(/\s+(?:[A-Z]{2,5}|GMT[+-]\d{1,2}|UTC[+-]?\d{0,2})$/u, '')
    .replace(CONNECTIVES, ' ')
    .replace(TRAILING_CONNECTIVE, '')
    .replace(/[\s,;:–—-]+$/u, '')
    .trim();
  const match = matchDateHeader(rest);
  if (!match) return undefined;
  const resolved = resolveHeader(match, order);
  if (!resolved.ok) return undefined;
  return time ? { precision: 'local', date: resolved.date, time } : { precision: 'day', date: resolved.date };
}

/** A day-only date joined with a time of day. */
export function atTime(day: PostDate | undefined, time: string | undefined): PostDate | undefined {
  if (!day || !time || day.precision !== 'day') return day;
  return { precision: 'local', date: day.date, time };
}

/** Unique, trimmed, non-empty, first spelling kept. */
export function uniqueList(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = normaliseSpace(raw);
    const key = value.toLowerCase();
    if (!value || seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

/** Attribute or text of the first element matching one of the selectors, in selector order. */
export function firstText($: CheerioAPI, scope: Element, selectors: readonly string[]): string | undefined {
  for (const selector of selectors) {
    const el = $(scope).find(selector).first();
    if (el.length === 0) continue;
    const text = textOf(el[0]!);
    if (text) return text;
  }
  return undefined;
}

/** The first element matching one of the selectors, in selector order. */
export function firstElement($: CheerioAPI, scope: Element, selectors: readonly string[]): Element | undefined {
  for (const selector of selectors) {
    const el = $(scope).find(selector).first()[0];
    if (el) return el as Element;
  }
  return undefined;
}

/** Date from the first element that carries one, in `datetime`, `title`, `content` or its text. */
export function firstDate($: CheerioAPI, scope: Element, selectors: readonly string[], order?: DateOrder): PostDate | undefined {
  for (const selector of selectors) {
    for (const el of $(scope).find(selector).toArray() as Element[]) {
      const a = el.attribs;
      const date = isoDate(a.datetime) ?? isoDate(a.content) ?? isoDate(a.title) ?? humanDate(a.title, order) ?? humanDate(textOf(el), order);
      if (date) return date;
    }
  }
  return undefined;
}

/** Elements matching `selector` inside `scope` that are not inside another match (outermost only). */
export function outermost($: CheerioAPI, scope: Element | CheerioAPI, selector: string): Element[] {
  const all = (typeof scope === 'function' ? scope(selector) : $(scope).find(selector)).toArray() as Element[];
  const set = new Set(all);
  return all.filter((el) => {
    for (let p = el.parent; p; p = p.parent) if (set.has(p as Element)) return false;
    return true;
  });
}
