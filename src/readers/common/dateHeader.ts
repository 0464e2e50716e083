import { CJK_WEEKDAYS, ENGLISH_MONTHS, foldText, MONTH_INDEX, WEEKDAY_INDEX } from './dateWords.js';

/**
 * Date header lines: a line that is only a date ("Sunday, 1 March 2015", "01.03.2015",
 * "2015年3月1日"). Plain-text blog dumps put each day's posts under one.
 *
 * Matching is shape-level and split from validation: `matchDateHeader` says "this line is meant
 * as a date", `resolveHeader` says whether that date exists. A slip like "31 February 2015" thus
 * still ends the previous post's body and gets a warning, instead of silently becoming body text.
 * Numbers that cannot be part of any date (day 45, day or month 0, 13/13) are not a date shape.
 *
 * `matchDateHeader` runs on every line of large files: lines that cannot be a header (too long or
 * short, not ending like a date, no four-digit year) are turned away before any folding or regex
 * work, and the regexes are compiled once, here.
 */

export type DateOrder = 'dmy' | 'mdy';

/** A line that has the shape of a date. Validity (31 February) is checked by resolveHeader. */
export type HeaderMatch =
  /** Month by name, or ISO/year-first numeric: order known. weekday 0=Sunday..6 when the line names one. */
  | { kind: 'named'; year: number; month: number; day: number; weekday?: number }
  /** 01/03/2015, 01.03.2015, 1-3-2015: day/month order unknown. */
  | { kind: 'numeric'; first: number; second: number; year: number; weekday?: number };

export type ResolvedHeader =
  /** weekdayMismatch is present (true) only when the line names a weekday the date does not fall on. */
  | { ok: true; date: string; weekdayMismatch?: boolean }
  | { ok: false; reason: string };

/** Untrimmed lines longer than this are prose (leaves room for indentation). */
const MAX_RAW_LENGTH = 160;
/** The longest real header ("quarta-feira, 30 de setembro de 2015") is under 40 characters. */
const MAX_LENGTH = 80;
/** The shortest header is "1/3/2015". */
const MIN_LENGTH = 8;
/** Every accepted format has a four-digit year (two-digit years are too ambiguous to be headers). */
const HAS_YEAR = /[0-9\uFF10-\uFF19]{4}/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// Pieces of the header regexes, applied to folded text (lower case, no accents). Runs of
// whitespace are matched with \s+ rather than collapsed first: a replace() on every candidate line
// costs more than all the regexes together.

/** Optional leading weekday ("sunday, ", "mi. ", "segunda-feira "); checked against the tables after matching. */
const WEEKDAY = String.raw`(?:(?<weekday>\p{L}[\p{L}-]*)\.?(?:\s*,\s*|\s+))?`;
/** Day of month with optional ordinal: 1st, 2nd, 1er (French), 1o/1° (Spanish/Portuguese 1º), "1." (German). */
const DAY = String.raw`(?<day>\d{1,2})(?:st|nd|rd|th|er|o|°)?\.?`;
/** Month name, abbreviation dot allowed ("Mar.", "févr."); checked against the tables after matching. */
const MONTH = String.raw`(?<month>\p{L}+)\.?`;
const YEAR = String.raw`(?<year>\d{4})`;
/** Between day-or-month and year: a comma or a space, so "March 1 2015" and "March 1, 2015" both work but "March 12015" does not split. */
const TO_YEAR = String.raw`(?:\s*,\s*|\s+)`;
/**
 * One trailing period is a sentence habit ("1 March 2015."), not part of the date; Russian writes
 * "г." (year) after the year ("17 февраля 2016 г.").
 */
const END = String.raw`(?:\s*г\.?)?\.?$`;

/**
 * "1 March 2015", "1st of March, 2015", "1. März 2015" / "1.März 2015", "1 de marzo de 2015", "1 de marzo del 2015".
 * Day and month are apart (a space, or the German dot), else "March 1st, 2015" would also read as
 * weekday "march", day 1, month "st".
 */
const DAY_MONTH_YEAR = new RegExp(
  String.raw`^${WEEKDAY}${DAY}(?:\s+|(?<=\.))(?:(?:of|de)\s+)?${MONTH}${TO_YEAR}(?:(?:de|del)\s+)?${YEAR}${END}`,
  'u',
);
/** "March 1, 2015", "March 1st 2015", and "Oktober 21, 2009" / "gennaio 12, 2007" as old Blogger templates print it in every language. */
const MONTH_DAY_YEAR = new RegExp(String.raw`^${WEEKDAY}${MONTH}\s+${DAY}${TO_YEAR}${YEAR}${END}`, 'u');
/** ISO and other year-first dates: 2015-03-01, 2015/03/01, 2015.03.01. Same separator twice, so "2015-03/01" is not a date. */
const YEAR_FIRST = new RegExp(
  String.raw`^${WEEKDAY}${YEAR}(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})${END}`,
  'u',
);
/** 01/03/2015, 01.03.2015, 1-3-2015: whether 01 is the day or the month is decided per archive. */
const NUMERIC = new RegExp(
  String.raw`^${WEEKDAY}(?<first>\d{1,2})(?<sep>[-/.])(?<second>\d{1,2})\k<sep>${YEAR}${END}`,
  'u',
);
/** Tried in this order; the shapes are disjoint except through the optional weekday. */
const NAMED_SHAPES = [YEAR_FIRST, DAY_MONTH_YEAR, MONTH_DAY_YEAR];

/**
 * Japanese/Chinese 2015年3月1日 with an optional weekday after it: (日), 日曜日, (日曜), 星期日, 周一.
 * Brackets are ASCII here: folding turns full-width （） into ().
 */
const CJK = new RegExp(
  String.raw`^${YEAR}\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*日` +
    String.raw`(?:\s*\(?\s*(?:星期|周|週|礼拜|禮拜)?(?<weekday>[日天月火水木金土一二三四五六])(?:曜日?)?\s*\)?)?$`,
  'u',
);

/** Recognise a whole line (leading/trailing whitespace ignored) as a date header, or undefined. */
export function matchDateHeader(line: string): HeaderMatch | undefined {
  if (line.length > MAX_RAW_LENGTH) return undefined;
  const trimmed = line.trim();
  if (trimmed.length > MAX_LENGTH || trimmed.length < MIN_LENGTH || !endsLikeDate(trimmed) || !HAS_YEAR.test(trimmed)) {
    return undefined;
  }
  const text = foldText(trimmed);

  let g: Record<string, string | undefined> | undefined;
  if (text.includes('年')) {
    g = CJK.exec(text)?.groups;
    return g && named(g, g.weekday === undefined ? undefined : CJK_WEEKDAYS[g.weekday], g.weekday !== undefined);
  }

  // A line can fit a regex and still fail the word lookups (a month named "st"); then the next shape gets its turn.
  for (const shape of NAMED_SHAPES) {
    g = shape.exec(text)?.groups;
    const m = g && named(g, lookupWeekday(g.weekday), g.weekday !== undefined);
    if (m) return m;
  }

  g = NUMERIC.exec(text)?.groups;
  if (g) {
    const year = Number(g.year);
    const first = Number(g.first);
    const second = Number(g.second);
    const weekday = lookupWeekday(g.weekday);
    if (g.weekday !== undefined && weekday === undefined) return undefined;
    if (!yearInRange(year) || !dayShaped(first) || !dayShaped(second)) return undefined;
    // Both fields above 12 (13/13/2015) reads as a date in neither order.
    if (first > 12 && second > 12) return undefined;
    return weekday === undefined
      ? { kind: 'numeric', first, second, year }
      : { kind: 'numeric', first, second, year, weekday };
  }
  return undefined;
}

/**
 * Cheap pre-check: Latin-script headers end in the year's last digit (maybe plus a period), CJK
 * ones in a non-ASCII character (日, a full-width digit or bracket) or ")". Prose that merely
 * mentions a year almost never ends that way, so it skips the regexes.
 */
function endsLikeDate(trimmed: string): boolean {
  let i = trimmed.length - 1;
  if (trimmed.charCodeAt(i) === 0x2e /* . */) i--;
  const c = trimmed.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || c === 0x29 /* ) */ || c > 0x7f;
}

/** Build a named match from regex groups; the month is a number (ISO, CJK) or a word. */
function named(g: Record<string, string | undefined>, weekday: number | undefined, hadWeekday: boolean): HeaderMatch | undefined {
  // A leading word that is not a weekday ("Posted 1 March 2015", "Updated: …") means prose.
  if (hadWeekday && weekday === undefined) return undefined;
  const year = Number(g.year);
  const day = Number(g.day);
  const monthText = g.month ?? '';
  const month = /^\d+$/.test(monthText) ? Number(monthText) : MONTH_INDEX.get(monthText);
  if (month === undefined || month < 1 || month > 12) return undefined;
  if (!yearInRange(year) || !dayShaped(day)) return undefined;
  // Two literals rather than a spread: this runs once per header line and spreads are slow.
  return weekday === undefined ? { kind: 'named', year, month, day } : { kind: 'named', year, month, day, weekday };
}

function lookupWeekday(word: string | undefined): number | undefined {
  return word === undefined ? undefined : WEEKDAY_INDEX.get(word);
}

function yearInRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** 1–31: could be a day in some month. */
function dayShaped(n: number): boolean {
  return n >= 1 && n <= 31;
}

/**
 * What a numeric match says about the archive's order: first > 12 → 'dmy', second > 12 → 'mdy',
 * else undefined (both readings possible). Named matches know their order → undefined.
 */
export function orderEvidence(m: HeaderMatch): DateOrder | undefined {
  if (m.kind !== 'numeric') return undefined;
  if (m.first > 12) return 'dmy';
  if (m.second > 12) return 'mdy';
  return undefined;
}

/**
 * Turn a match into an ISO day. Impossible dates (31 February, month 13, day 0) → ok:false with a
 * short reason. A weekday that does not fit the date is still ok (the date is more likely right
 * than the weekday, which templates compute but people type); `weekdayMismatch` flags it.
 */
export function resolveHeader(m: HeaderMatch, order: DateOrder): ResolvedHeader {
  const { year } = m;
  const [day, month] = m.kind === 'named' ? [m.day, m.month] : order === 'dmy' ? [m.first, m.second] : [m.second, m.first];
  // For numeric dates, say how the fields were read: the order may have been a guess.
  const reading =
    m.kind === 'numeric'
      ? ` (${pad2(m.first)}/${pad2(m.second)}/${year} read as ${order === 'dmy' ? 'day/month/year' : 'month/day/year'})`
      : '';

  if (!Number.isInteger(year) || year < 1 || year > 9999) return { ok: false, reason: `year ${year} is out of range` };
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    return { ok: false, reason: `there is no month ${month}${reading || ` (${year}-${pad2(month)}-${pad2(day)})`}` };
  }
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `${day} ${ENGLISH_MONTHS[month - 1]} ${year} is not a real date${reading}` };
  }

  const date = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (m.weekday !== undefined && m.weekday !== weekdayOf(year, month, day)) {
    return { ok: true, date, weekdayMismatch: true };
  }
  return { ok: true, date };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday. setUTCFullYear, not Date.UTC, because Date.UTC maps years 0–99 to 1900–1999. */
function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}

/**
 * A time of day as footers and headers print it: 10:34 PM, 10:34PM, 10:34 p.m., 22:34,
 * 22:34:05, 10.34, 22.34 Uhr, 22h34 / 22 h 34 (French). The separator may be `:`, `.` or `h`.
 */
const TIME = /^(?<hour>\d{1,2})\s?[:.h]\s?(?<minute>\d{2})(?:[:.](?<second>\d{2}))?\s?(?:(?<half>[ap])\.?\s?m\.?|uhr|h)?$/;

/** Time of day in a footer or header fragment → "HH:MM:SS", or undefined. The whole (trimmed) string must be a time. */
export function parseTimeOfDay(text: string): string | undefined {
  if (text.length > 40) return undefined;
  const g = TIME.exec(text.trim().toLowerCase().replace(/\s+/g, ' '))?.groups;
  if (!g) return undefined;
  let hour = Number(g.hour);
  const minute = Number(g.minute);
  const second = g.second === undefined ? 0 : Number(g.second);
  if (minute > 59 || second > 59) return undefined;
  if (g.half) {
    // 12-hour clock: 12 AM is midnight, 12 PM is noon; hour 0 or 13+ with AM/PM is not a time.
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (g.half === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  return `${pad2(hour)}:${pad2(minute)}:${pad2(second)}`;
}
