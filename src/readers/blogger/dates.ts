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

/** Milliseconds since the epoch, for ordering and comparisons only (NaN when unknown). */
export function instantOf(text: string | undefined): number {
  return text ? Date.parse(text.trim()) : Number.NaN;
}

function normaliseOffset(zone: string): string {
  if (zone === 'Z' || zone === 'z') return '+00:00';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}
