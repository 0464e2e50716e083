import { describe, expect, it } from 'vitest';
import { assertTimezone, dayOf, formatPostDate, offsetAt } from '../../src/model/dates.js';
import { BlogportError } from '../../src/model/errors.js';

describe('formatPostDate', () => {
  it('writes a day as a day, never a midnight', () => {
    expect(formatPostDate({ precision: 'day', date: '2015-03-01' })).toBe('2015-03-01');
    expect(formatPostDate({ precision: 'day', date: '2015-03-01' }, { timezone: 'Pacific/Kiritimati' })).toBe('2015-03-01');
  });

  it('writes a local time without offset when no zone is given', () => {
    expect(formatPostDate({ precision: 'local', date: '2015-03-01', time: '22:34:00' })).toBe('2015-03-01T22:34:00');
    expect(formatPostDate({ precision: 'local', date: '2015-03-01', time: '22:34' })).toBe('2015-03-01T22:34:00');
    expect(formatPostDate({ precision: 'local', date: '2015-03-01', time: '22:34:05.250' })).toBe('2015-03-01T22:34:05.250');
  });

  it("attaches the zone's offset at that wall-clock time", () => {
    const local = (date: string, time: string) => ({ precision: 'local' as const, date, time });
    expect(formatPostDate(local('2015-03-01', '22:34:00'), { timezone: 'Europe/London' })).toBe('2015-03-01T22:34:00+00:00');
    expect(formatPostDate(local('2015-07-01', '22:34:00'), { timezone: 'Europe/London' })).toBe('2015-07-01T22:34:00+01:00');
    expect(formatPostDate(local('2015-07-01', '09:00'), { timezone: 'America/Los_Angeles' })).toBe('2015-07-01T09:00:00-07:00');
  });

  it('keeps a given offset as given, never converting to UTC', () => {
    const d = { precision: 'offset' as const, date: '2015-03-01', time: '22:34:00', offset: '-08:00' };
    expect(formatPostDate(d)).toBe('2015-03-01T22:34:00-08:00');
    expect(formatPostDate(d, { timezone: 'Asia/Tokyo' })).toBe('2015-03-01T22:34:00-08:00');
    expect(formatPostDate({ ...d, offset: 'Z' })).toBe('2015-03-01T22:34:00+00:00');
    expect(formatPostDate({ ...d, offset: '+0530' })).toBe('2015-03-01T22:34:00+05:30');
  });

  it('writes a leap second as :59, which every generator parses (Hugo refuses second 60)', () => {
    expect(formatPostDate({ precision: 'offset', date: '2016-12-31', time: '23:59:60', offset: 'Z' })).toBe('2016-12-31T23:59:59+00:00');
    expect(formatPostDate({ precision: 'local', date: '2016-12-31', time: '23:59:60.5' })).toBe('2016-12-31T23:59:59.5');
    expect(formatPostDate({ precision: 'local', date: '2016-12-31', time: '23:59:59' })).toBe('2016-12-31T23:59:59');
  });

  it('rejects malformed dates from a reader as a bug (TypeError)', () => {
    expect(() => formatPostDate({ precision: 'day', date: '2015-3-1' })).toThrow(TypeError);
    expect(() => formatPostDate({ precision: 'day', date: '../../x' })).toThrow(TypeError);
    expect(() => formatPostDate({ precision: 'local', date: '2015-03-01', time: '25:00' })).toThrow(TypeError);
    expect(() => formatPostDate({ precision: 'offset', date: '2015-03-01', time: '10:00', offset: 'PST' })).toThrow(TypeError);
  });

  it('rejects an unknown zone as a user error', () => {
    expect(() => formatPostDate({ precision: 'local', date: '2015-03-01', time: '10:00' }, { timezone: 'Mars/Olympus' })).toThrow(BlogportError);
  });
});

describe('offsetAt', () => {
  it.each([
    ['UTC', '2015-07-01', '12:00', '+00:00'],
    ['Asia/Kolkata', '2015-07-01', '12:00', '+05:30'],
    ['Asia/Kathmandu', '2015-07-01', '12:00', '+05:45'],
    ['Pacific/Chatham', '2015-07-01', '12:00', '+12:45'],
    ['America/St_Johns', '2015-01-15', '12:00', '-03:30'],
    ['Australia/Sydney', '2015-01-15', '12:00', '+11:00'],
    ['Australia/Sydney', '2015-07-15', '12:00', '+10:00'],
    ['Australia/Lord_Howe', '2015-01-15', '12:00', '+11:00'],
    ['Australia/Lord_Howe', '2015-07-15', '12:00', '+10:30'],
    // Ireland's "negative DST": summer is the standard time.
    ['Europe/Dublin', '2015-01-15', '12:00', '+00:00'],
    ['Europe/Dublin', '2015-07-15', '12:00', '+01:00'],
    // Historical rules, not today's: Moscow was +04:00 all year 2011–2014.
    ['Europe/Moscow', '2013-01-15', '12:00', '+04:00'],
    ['Europe/Moscow', '2015-01-15', '12:00', '+03:00'],
  ])('%s at %s %s is %s', (zone, date, time, expected) => {
    expect(offsetAt(zone, date, time)).toBe(expected);
  });

  it('just around a change uses the right side', () => {
    // London: clocks go forward at 01:00 on 2015-03-29, back at 02:00 (BST) on 2015-10-25.
    expect(offsetAt('Europe/London', '2015-03-29', '00:59:59')).toBe('+00:00');
    expect(offsetAt('Europe/London', '2015-03-29', '02:00:00')).toBe('+01:00');
    expect(offsetAt('Europe/London', '2015-10-25', '00:59:59')).toBe('+01:00');
    expect(offsetAt('Europe/London', '2015-10-25', '02:00:00')).toBe('+00:00');
  });

  it('in a gap (time that never happened) takes the offset before the change', () => {
    expect(offsetAt('Europe/London', '2015-03-29', '01:30')).toBe('+00:00');
    expect(offsetAt('America/New_York', '2021-03-14', '02:30')).toBe('-05:00');
    // Samoa skipped 30 December 2011 entirely (-10:00 → +14:00).
    expect(offsetAt('Pacific/Apia', '2011-12-30', '12:00')).toBe('-10:00');
    expect(offsetAt('Pacific/Apia', '2011-12-31', '12:00')).toBe('+14:00');
  });

  it('in an overlap (time that happened twice) takes the earlier one, the offset before the change', () => {
    expect(offsetAt('Europe/London', '2015-10-25', '01:30')).toBe('+01:00');
    expect(offsetAt('America/New_York', '2021-11-07', '01:30')).toBe('-04:00');
    expect(offsetAt('Australia/Lord_Howe', '2021-04-04', '01:45')).toBe('+11:00');
  });

  it('rounds local-mean-time offsets with seconds to the minute', () => {
    // London before 1847 was GMT-00:01:15.
    expect(offsetAt('Europe/London', '1800-01-01', '12:00')).toBe('-00:01');
  });
});

describe('assertTimezone', () => {
  it('accepts IANA names', () => {
    for (const tz of ['Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata']) expect(() => assertTimezone(tz)).not.toThrow();
  });

  it('rejects anything else with BAD_OPTION and a hint', () => {
    for (const tz of ['Europe/Lndon', 'GMT+25', '', 'London', 'Mars/Olympus']) {
      try {
        assertTimezone(tz);
        expect.unreachable(`accepted ${tz}`);
      } catch (error) {
        expect(error).toBeInstanceOf(BlogportError);
        expect((error as BlogportError).code).toBe('BAD_OPTION');
        expect((error as BlogportError).hint).toMatch(/IANA name such as Europe\/London/);
      }
    }
  });
});

describe('dayOf', () => {
  it('gives the wall-clock day parts of any precision', () => {
    expect(dayOf({ precision: 'day', date: '2015-03-01' })).toEqual({ year: '2015', month: '03', day: '01' });
    // 23:30 at -08:00 is already the next day in UTC; the path keeps the day the author saw.
    expect(dayOf({ precision: 'offset', date: '2015-03-01', time: '23:30:00', offset: '-08:00' })).toEqual({ year: '2015', month: '03', day: '01' });
  });

  it('refuses anything that is not YYYY-MM-DD', () => {
    expect(() => dayOf({ precision: 'day', date: '2015/03/01' })).toThrow(TypeError);
  });
});
