/**
 * Formatting a PostDate for output: ISO 8601 for front matter, date parts for paths.
 *
 * Expected shapes (what readers produce): `date` is `YYYY-MM-DD`; `time` is `HH:MM` or
 * `HH:MM:SS` with optional fraction (`HH:MM:SS.fff`); `offset` is `+HH:MM` / `-HH:MM`, and `Z`,
 * `+HHMM` and `+HH` are accepted and normalised to `+HH:MM`. Anything else is a reader bug and
 * throws a TypeError (not a BlogportError: the user cannot fix it).
 */
import { BlogportError } from './errors.js';
import type { PostDate } from './post.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})?$/;

/**
 * ISO 8601 for front matter.
 * - `day` → `2015-03-01` (never turned into a midnight);
 * - `local` → `2015-03-01T22:34:00`, or with `timezone` (IANA) the offset that zone had at that
 *   wall-clock time: `2015-03-01T22:34:00+00:00`, in summer `+01:00` (see {@link offsetAt});
 * - `offset` → kept as given, `2015-03-01T22:34:00-08:00`; never converted to UTC, and
 *   `timezone` does not apply (the source already said which offset it meant).
 */
export function formatPostDate(d: PostDate, options: { timezone?: string } = {}): string {
  const date = checkDate(d.date);
  if (d.precision === 'day') return date;
  const time = normaliseTime(d.time);
  if (d.precision === 'offset') return `${date}T${time}${normaliseOffset(d.offset)}`;
  if (options.timezone === undefined) return `${date}T${time}`;
  return `${date}T${time}${offsetAt(options.timezone, date, time)}`;
}

/** The year/month/day parts of the date as written (the wall-clock day, no zone conversion), for paths. */
export function dayOf(d: PostDate): { year: string; month: string; day: string } {
  const m = DATE_RE.exec(d.date);
  if (!m) throw new TypeError(`Malformed PostDate date ${JSON.stringify(d.date)} (expected YYYY-MM-DD)`);
  return { year: m[1]!, month: m[2]!, day: m[3]! };
}

/**
 * Validate an IANA zone name (as far as this Node's Intl knows it). Names are matched
 * case-insensitively by Intl; aliases such as `UTC` or `EST` are accepted.
 * @throws BlogportError('BAD_OPTION') for an unknown name.
 */
export function assertTimezone(tz: string): void {
  formatterFor(tz);
}

/**
 * The UTC offset (`+05:30`, `-08:00`, `+00:00`) that `timezone` had at the wall-clock local
 * `date` (`YYYY-MM-DD`) and `time` (`HH:MM[:SS[.fff]]`).
 *
 * Wall-clock times around a DST change are resolved deterministically by taking the offset in
 * force just BEFORE the change (what Temporal calls 'compatible'):
 * - in an overlap (autumn, the hour happens twice) that is the first, earlier occurrence
 *   (London 2015-10-25 01:30 → `+01:00`);
 * - in a gap (spring, the hour never happened) that is the pre-change offset, i.e. the time is
 *   read as if the clocks had not yet moved (New York 2021-03-14 02:30 → `-05:00`).
 *
 * Historical offsets with seconds (local mean time before ~1900) are rounded to the minute,
 * since ISO 8601/YAML timestamps cannot carry seconds in an offset.
 */
export function offsetAt(timezone: string, date: string, time: string): string {
  const fmt = formatterFor(timezone);
  const wall = wallClockAsUtc(checkDate(date), normaliseTime(time));
  const DAY = 86_400_000;
  const before = offsetMinutesAt(fmt, wall - DAY);
  const after = offsetMinutesAt(fmt, wall + DAY);
  let chosen: number;
  if (before === after) {
    // No change within a day either side (the wall time maps to exactly one instant) — but check
    // the instant itself in case of two changes within 48 hours.
    const at = offsetMinutesAt(fmt, wall - before * 60_000);
    chosen = at === before ? before : offsetMinutesAt(fmt, wall);
  } else {
    const beforeValid = offsetMinutesAt(fmt, wall - before * 60_000) === before;
    const afterValid = offsetMinutesAt(fmt, wall - after * 60_000) === after;
    // Overlap (both valid) and gap (neither valid) → the offset before the change.
    chosen = beforeValid || !afterValid ? before : after;
  }
  return formatOffset(chosen);
}

// ---------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timezone);
  if (fmt) return fmt;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
  } catch {
    throw new BlogportError(
      'BAD_OPTION',
      `unknown time zone ${JSON.stringify(timezone)}`,
      undefined,
      'use an IANA name such as Europe/London, America/New_York or UTC',
    );
  }
  formatters.set(timezone, fmt);
  return fmt;
}

/** Offset of the zone at an instant, in whole minutes east of UTC. */
function offsetMinutesAt(fmt: Intl.DateTimeFormat, epochMs: number): number {
  const name = fmt.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
  // "GMT+05:30", "GMT-08:00", "GMT" (zero in some ICU versions), "GMT-00:01:15" (LMT).
  const m = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(name);
  if (!m) throw new Error(`Unexpected time zone name from Intl: ${JSON.stringify(name)}`);
  if (!m[1]) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return (m[1] === '-' ? -1 : 1) * Math.round(seconds / 60);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall-clock date/time read as if it were UTC, in epoch milliseconds. */
function wallClockAsUtc(date: string, time: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const t = TIME_RE.exec(time)!;
  const ms = t[4] ? Math.round(Number(t[4]) * 1000) : 0;
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(Number(t[1]), Number(t[2]), Number(t[3] ?? 0), ms);
  return at.getTime();
}

function checkDate(date: string): string {
  const m = DATE_RE.exec(date);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
    throw new TypeError(`Malformed PostDate date ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  }
  return date;
}

/** `HH:MM` → `HH:MM:SS`; seconds and fractions kept as given. */
function normaliseTime(time: string): string {
  const m = TIME_RE.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 60) {
    throw new TypeError(`Malformed PostDate time ${JSON.stringify(time)} (expected HH:MM[:SS])`);
  }
  // A leap second (`:60`, which a damaged or hand-edited export can hold) is written as `:59`: Go's
  // time parser, and so Hugo, refuses second 60 and the site would not build.
  if (m[3] === '60') return `${m[1]}:${m[2]}:59${m[4] ?? ''}`;
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}${m[4] ?? ''}`;
}

/** `Z` → `+00:00`, `+0100` / `+01` → `+01:00`. */
function normaliseOffset(offset: string): string {
  if (offset === 'Z' || offset === 'z') return '+00:00';
  const m = OFFSET_RE.exec(offset);
  if (!m || Number(m[2]) > 23 || Number(m[3] ?? 0) > 59) {
    throw new TypeError(`Malformed PostDate offset ${JSON.stringify(offset)} (expected +HH:MM)`);
  }
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
