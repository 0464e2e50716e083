import type { PostDate } from '../../model/post.js';

const ATOM_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An Atom (RFC 3339) date as a PostDate, keeping the offset the export wrote (`-07:00` stays
 * `-07:00`, `Z` becomes `+00:00`): the blog's own wall-clock time is what its readers saw.
 * Blogger's milliseconds (`.000`, or a counter like `.006` that orders posts saved in the same
 * second) are dropped; the seconds are kept. Undefined when the text is not such a date.
 */
export function parseAtomDate(text: string | undefined): PostDate | undefined {
  if (!text) return undefined;
  const quick = exactAtomDate(text);
  if (quick !== null) return quick;
  const m = ATOM_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const date = `${y}-${mo}-${d}`;
  if (!validDay(Number(y), Number(mo), Number(d))) return undefined;
  if (h === undefined) return { precision: 'day', date };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 60) return undefined;
  const time = `${h}:${mi}:${s ?? '00'}`;
  if (zone === undefined) return { precision: 'local', date, time };
  const offset = normaliseOffset(zone);
  // RFC 3339 offsets run to ±23:59; a damaged `+25:00` is no date (the post falls back to another).
  if (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59) return undefined;
  return { precision: 'offset', date, time, offset };
}

/**
 * The shape Blogger always writes (`2019-05-04T10:20:30.123-07:00`, or `Z`), read by position
 * without the regular expression: an export has two or three dates per entry. Gives what the
 * general path gives for that shape; null (not undefined) means "not this shape, use the
 * general path" — also for years before 100, which `validDay` reads as 19xx.
 */
function exactAtomDate(text: string): PostDate | undefined | null {
  const n = text.length;
  if (n < 20 || !digitsAt(text, 0, 4) || text.charCodeAt(4) !== 0x2d || !digitsAt(text, 5, 2) || text.charCodeAt(7) !== 0x2d || !digitsAt(text, 8, 2)) return null;
  if (text.charCodeAt(10) !== 0x54 /* T */ || !digitsAt(text, 11, 2) || text.charCodeAt(13) !== 0x3a || !digitsAt(text, 14, 2) || text.charCodeAt(16) !== 0x3a || !digitsAt(text, 17, 2)) return null;
  let at = 19;
  if (text.charCodeAt(at) === 0x2e /* . */) {
    at++;
    const digits = at;
    while (at < n && isDigit(text.charCodeAt(at))) at++;
    if (at === digits) return null;
  }
  let offset: string;
  const sign = text.charCodeAt(at);
  if (sign === 0x5a /* Z */ && at + 1 === n) offset = '+00:00';
  else if ((sign === 0x2b || sign === 0x2d) && at + 6 === n && digitsAt(text, at + 1, 2) && text.charCodeAt(at + 3) === 0x3a && digitsAt(text, at + 4, 2)) offset = text.slice(at);
  else return null;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  if (year < 100) return null;
  if (!validDay(year, twoDigits(text, 5), twoDigits(text, 8))) return undefined;
  if (twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 60) return undefined;
  if (sign !== 0x5a && (twoDigits(text, at + 1) > 23 || twoDigits(text, at + 4) > 59)) return undefined;
  return { precision: 'offset', date: text.slice(0, 10), time: text.slice(11, 19), offset };
}

/** The number written by the two digits at `at` (checked to be digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 0x30) * 10 + text.charCodeAt(at + 1) - 0x30;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function digitsAt(text: string, at: number, count: number): boolean {
  for (let i = at; i < at + count; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Milliseconds since the epoch, for ordering and comparisons only (NaN when unknown). */
export function instantOf(text: string | undefined): number {
  return text ? Date.parse(text.trim()) : Number.NaN;
}

function normaliseOffset(zone: string): string {
  if (zone === 'Z' || zone === 'z') return '+00:00';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // As Date.UTC reads it: years 0–99 are 1900–1999.
  const y = year <= 99 ? year + 1900 : year;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!);
}
