import { describe, expect, it } from 'vitest';
import {
  matchDateHeader,
  orderEvidence,
  parseTimeOfDay,
  resolveHeader,
  type HeaderMatch,
} from '../../../src/readers/common/dateHeader.js';
import { foldWord, LANGUAGES, MONTH_INDEX, WEEKDAY_INDEX, type LanguageWords } from '../../../src/readers/common/dateWords.js';

const SUN = 0;
const MON = 1;
const TUE = 2;
const WED = 3;
const THU = 4;
const FRI = 5;
const SAT = 6;

/** 1 March 2015 (a Sunday), as a named match, with an optional weekday. */
const march1 = (weekday?: number): HeaderMatch =>
  weekday === undefined
    ? { kind: 'named', year: 2015, month: 3, day: 1 }
    : { kind: 'named', year: 2015, month: 3, day: 1, weekday };

describe('matchDateHeader: English', () => {
  it.each([
    ['1 March 2015', march1()],
    ['March 1, 2015', march1()],
    ['March 1 2015', march1()],
    ['1st March 2015', march1()],
    ['March 1st, 2015', march1()],
    ['1st of March 2015', march1()],
    ['1 March, 2015', march1()],
    ['Sunday, 1 March 2015', march1(SUN)],
    ['Sunday 1 March 2015', march1(SUN)],
    ['Sunday, March 1, 2015', march1(SUN)],
    ['Sunday March 1 2015', march1(SUN)],
    ['Sun, 01 Mar 2015', march1(SUN)],
    // Date#toDateString's format.
    ['Sun Mar 01 2015', march1(SUN)],
    ['Mar. 1, 2015', march1()],
    ['Sun., Mar. 1, 2015', march1(SUN)],
    ['22nd September 2015', { kind: 'named', year: 2015, month: 9, day: 22 }],
    ['Sept 23rd, 2015', { kind: 'named', year: 2015, month: 9, day: 23 }],
    ['Tues, 24th November 2015', { kind: 'named', year: 2015, month: 11, day: 24, weekday: TUE }],
    ['Thurs. Dec 31 2015', { kind: 'named', year: 2015, month: 12, day: 31, weekday: THU }],
    ['WEDNESDAY, MAY 6, 2015', { kind: 'named', year: 2015, month: 5, day: 6, weekday: WED }],
    ['sunday, march 1, 2015', march1(SUN)],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: whitespace, case and punctuation tolerance', () => {
  it.each([
    ['   1 March 2015   ', march1()],
    ['\t1 March 2015\r', march1()],
    ['Sunday,   1    March   2015', march1(SUN)],
    ['Sunday,\u00a01\u00a0March\u00a02015', march1(SUN)],
    ['1 March 2015.', march1()],
    ['March 1, 2015.', march1()],
    ['01.03.2015.', { kind: 'numeric', first: 1, second: 3, year: 2015 }],
    ['1 MARCH 2015', march1()],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: German', () => {
  it.each([
    ['Sonntag, 1. März 2015', march1(SUN)],
    ['Sonntag, 1. Marz 2015', march1(SUN)],
    ['1. März 2015', march1()],
    ['1 März 2015', march1()],
    ['1.März 2015', march1()],
    ['So., 1. Mär. 2015', march1(SUN)],
    ['So, 1. Mrz 2015', march1(SUN)],
    // Month-first, as old Blogger templates print German dates.
    ['Mittwoch, Oktober 21, 2009', { kind: 'named', year: 2009, month: 10, day: 21, weekday: WED }],
    ['Mi., 21. Okt. 2009', { kind: 'named', year: 2009, month: 10, day: 21, weekday: WED }],
    ['Mi. 21.10.2009', { kind: 'numeric', first: 21, second: 10, year: 2009, weekday: WED }],
    ['Donnerstag, 24. Dezember 2009', { kind: 'named', year: 2009, month: 12, day: 24, weekday: THU }],
    ['Sonnabend, 3. Jänner 2015', { kind: 'named', year: 2015, month: 1, day: 3, weekday: SAT }],
    ['Freitag, 6. Feber 2015', { kind: 'named', year: 2015, month: 2, day: 6, weekday: FRI }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: French', () => {
  it.each([
    ['dimanche 1 mars 2015', march1(SUN)],
    ['dimanche, 1 mars 2015', march1(SUN)],
    ['Dimanche 1er mars 2015', march1(SUN)],
    ['1er mars 2015', march1()],
    ['dim. 1 mars 2015', march1(SUN)],
    ['lundi 2 février 2015', { kind: 'named', year: 2015, month: 2, day: 2, weekday: MON }],
    ['lundi 2 fevrier 2015', { kind: 'named', year: 2015, month: 2, day: 2, weekday: MON }],
    ['lun. 2 févr. 2015', { kind: 'named', year: 2015, month: 2, day: 2, weekday: MON }],
    ['samedi 15 août 2015', { kind: 'named', year: 2015, month: 8, day: 15, weekday: SAT }],
    ['samedi 15 aout 2015', { kind: 'named', year: 2015, month: 8, day: 15, weekday: SAT }],
    ['mercredi 1 juillet 2015', { kind: 'named', year: 2015, month: 7, day: 1, weekday: WED }],
    ['jeudi 31 déc. 2015', { kind: 'named', year: 2015, month: 12, day: 31, weekday: THU }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: Spanish', () => {
  it.each([
    ['domingo, 1 de marzo de 2015', march1(SUN)],
    ['domingo 1 de marzo de 2015', march1(SUN)],
    ['1 de marzo de 2015', march1()],
    ['1 de marzo del 2015', march1()],
    ['1 marzo 2015', march1()],
    ['sábado, 12 de octubre de 2013', { kind: 'named', year: 2013, month: 10, day: 12, weekday: SAT }],
    ['sabado, 12 de octubre de 2013', { kind: 'named', year: 2013, month: 10, day: 12, weekday: SAT }],
    ['miércoles, 4 de marzo de 2015', { kind: 'named', year: 2015, month: 3, day: 4, weekday: WED }],
    ['mié. 4 mar. 2015', { kind: 'named', year: 2015, month: 3, day: 4, weekday: WED }],
    ['martes, 1 de setiembre de 2015', { kind: 'named', year: 2015, month: 9, day: 1, weekday: TUE }],
    ['1º de enero de 2015', { kind: 'named', year: 2015, month: 1, day: 1 }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: Italian', () => {
  it.each([
    ['domenica 1 marzo 2015', march1(SUN)],
    ['domenica, 1 marzo 2015', march1(SUN)],
    // Month-first, as old Blogger templates print Italian dates.
    ['venerdì, gennaio 12, 2007', { kind: 'named', year: 2007, month: 1, day: 12, weekday: FRI }],
    ['venerdi, gennaio 12, 2007', { kind: 'named', year: 2007, month: 1, day: 12, weekday: FRI }],
    ['ven 12 gen 2007', { kind: 'named', year: 2007, month: 1, day: 12, weekday: FRI }],
    ['giovedì 21 maggio 2015', { kind: 'named', year: 2015, month: 5, day: 21, weekday: THU }],
    ['martedì 1 settembre 2015', { kind: 'named', year: 2015, month: 9, day: 1, weekday: TUE }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: Portuguese', () => {
  it.each([
    ['domingo, 1 de março de 2015', march1(SUN)],
    ['domingo, 1 de marco de 2015', march1(SUN)],
    ['1º de março de 2015', march1()],
    ['segunda-feira, 2 de março de 2015', { kind: 'named', year: 2015, month: 3, day: 2, weekday: MON }],
    ['segunda, 2 de março de 2015', { kind: 'named', year: 2015, month: 3, day: 2, weekday: MON }],
    ['terça-feira, 3 de março de 2015', { kind: 'named', year: 2015, month: 3, day: 3, weekday: TUE }],
    ['quarta-feira, 21 de outubro de 2009', { kind: 'named', year: 2009, month: 10, day: 21, weekday: WED }],
    ['sex, 25 dez 2015', { kind: 'named', year: 2015, month: 12, day: 25, weekday: FRI }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: Dutch', () => {
  it.each([
    ['zondag 1 maart 2015', march1(SUN)],
    ['zondag, 1 maart 2015', march1(SUN)],
    ['zo 1 mrt 2015', march1(SUN)],
    ['woensdag 13 mei 2015', { kind: 'named', year: 2015, month: 5, day: 13, weekday: WED }],
    ['ma 17 augustus 2015', { kind: 'named', year: 2015, month: 8, day: 17, weekday: MON }],
    ['vrijdag 16 oktober 2015', { kind: 'named', year: 2015, month: 10, day: 16, weekday: FRI }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: Japanese and Chinese', () => {
  it.each([
    ['2015年3月1日', march1()],
    ['2015年03月01日', march1()],
    ['2015年3月1日(日)', march1(SUN)],
    ['2015年3月1日 (日)', march1(SUN)],
    ['2015年3月1日（日）', march1(SUN)],
    ['２０１５年３月１日（日）', march1(SUN)],
    ['2015年3月1日 日曜日', march1(SUN)],
    ['2015年3月2日(月曜日)', { kind: 'named', year: 2015, month: 3, day: 2, weekday: MON }],
    ['2015年3月1日 星期日', march1(SUN)],
    ['2015年3月1日星期天', march1(SUN)],
    ['2015年3月2日 星期一', { kind: 'named', year: 2015, month: 3, day: 2, weekday: MON }],
    ['2015年3月7日 周六', { kind: 'named', year: 2015, month: 3, day: 7, weekday: SAT }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: numeric', () => {
  it.each([
    // Year first: the order is known, so these are named.
    ['2015-03-01', march1()],
    ['2015/03/01', march1()],
    ['2015.03.01', march1()],
    ['2015-3-1', march1()],
    ['Sunday, 2015-03-01', march1(SUN)],
    // Day/month order unknown.
    ['01/03/2015', { kind: 'numeric', first: 1, second: 3, year: 2015 }],
    ['01.03.2015', { kind: 'numeric', first: 1, second: 3, year: 2015 }],
    ['1-3-2015', { kind: 'numeric', first: 1, second: 3, year: 2015 }],
    ['1/3/2015', { kind: 'numeric', first: 1, second: 3, year: 2015 }],
    ['25/12/2015', { kind: 'numeric', first: 25, second: 12, year: 2015 }],
    ['12/25/2015', { kind: 'numeric', first: 12, second: 25, year: 2015 }],
    ['Sonntag, 01.03.2015', { kind: 'numeric', first: 1, second: 3, year: 2015, weekday: SUN }],
    ['Sunday 03/01/2015', { kind: 'numeric', first: 3, second: 1, year: 2015, weekday: SUN }],
  ])('%j', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });
});

describe('matchDateHeader: shape only, validity is for resolveHeader', () => {
  it.each([
    ['31 February 2015', { kind: 'named', year: 2015, month: 2, day: 31 }],
    ['February 30, 2015', { kind: 'named', year: 2015, month: 2, day: 30 }],
    ['31 April 2015', { kind: 'named', year: 2015, month: 4, day: 31 }],
    ['2015-02-31', { kind: 'named', year: 2015, month: 2, day: 31 }],
    ['30/02/2015', { kind: 'numeric', first: 30, second: 2, year: 2015 }],
    // A weekday that does not fit the date still matches (1 March 2015 was a Sunday).
    ['Monday, 1 March 2015', march1(MON)],
  ])('%j matches', (line, expected) => {
    expect(matchDateHeader(line)).toEqual(expected);
  });

  // Numbers that are a date in no month and no order are not a date shape.
  it.each([
    '45 March 2015',
    '0 March 2015',
    '32/01/2015',
    '00/01/2015',
    '13/13/2015',
    '2015-13-01',
    '2015-00-10',
    '2015-01-32',
  ])('%j does not match', (line) => {
    expect(matchDateHeader(line)).toBeUndefined();
  });
});

describe('matchDateHeader: not headers', () => {
  it.each([
    // Dates inside prose.
    'On 1 March 2015 I went out',
    'Posted on March 1, 2015 by Bob',
    'Posted March 1, 2015',
    'Updated: 1 March 2015',
    'Sunday, 1 March 2015 was a good day',
    'UPDATE: 20150215',
    '20150215',
    'address: 0000f00000000000',
    // Incomplete dates.
    '42',
    '2015',
    'March 2015',
    '1 March',
    'March 1',
    'Sunday',
    '01/03',
    '01/03/15',
    '1 March 15',
    // Numbers that are not dates.
    '10:34 PM',
    '22:34:05',
    '3.16.0',
    '2.6.18',
    '192.168.1.1',
    'v12.0.3a-b6808',
    '1.2.3.2015',
    '2015-03',
    '2015-03-01-02',
    '01-03/2015',
    '2015-03/01',
    '1 2 2015',
    // Years outside 1900–2100.
    '1 March 1850',
    '1 March 2150',
    '01/03/1899',
    '2101-03-01',
    // Words that are not months or weekdays.
    '1 Marsh 2015',
    'Someday, 1 March 2015',
    'Chapter 1, 2015',
    'Page 12 2015',
    // Empty and very long lines.
    '',
    '   ',
    `1 March 2015${' '.repeat(200)}x`,
    'Sunday, 1 March 2015 — and a lot more prose that goes on and on and on and on and on',
  ])('%j', (line) => {
    expect(matchDateHeader(line)).toBeUndefined();
  });
});

describe('word tables', () => {
  const languages = Object.entries(LANGUAGES) as [string, LanguageWords][];

  it.each(languages)('%s: every month spelling finds its own month', (_language, words) => {
    words.months.forEach((spellings, i) => {
      for (const spelling of spellings) expect([spelling, MONTH_INDEX.get(foldWord(spelling))]).toEqual([spelling, i + 1]);
    });
  });

  it.each(languages)('%s: every weekday spelling finds its own weekday', (_language, words) => {
    words.weekdays.forEach((spellings, i) => {
      for (const spelling of spellings) expect([spelling, WEEKDAY_INDEX.get(foldWord(spelling))]).toEqual([spelling, i]);
    });
  });

  it.each(languages)('%s: has 12 months and 7 weekdays', (_language, words) => {
    expect(words.months).toHaveLength(12);
    expect(words.weekdays).toHaveLength(7);
  });

  // Every full month name in every language, as "15 <month> 2015" and "<month> 15, 2015".
  const fullMonths = languages.flatMap(([language, words]) =>
    words.months.map((spellings, i) => [language, spellings[0]!, i + 1] as const),
  );
  it.each(fullMonths)('%s %s', (_language, name, month) => {
    const expected = { kind: 'named', year: 2015, month, day: 15 };
    expect(matchDateHeader(`15 ${name} 2015`)).toEqual(expected);
    expect(matchDateHeader(`${name} 15, 2015`)).toEqual(expected);
  });

  // Every weekday spelling in every language, in front of a date.
  const allWeekdays = languages.flatMap(([language, words]) =>
    words.weekdays.flatMap((spellings, i) => spellings.map((spelling) => [language, spelling, i] as const)),
  );
  it.each(allWeekdays)('%s %s', (_language, name, weekday) => {
    expect(matchDateHeader(`${name}, 1 March 2015`)).toEqual(march1(weekday));
    expect(matchDateHeader(`${name}. 1 March 2015`)).toEqual(march1(weekday));
  });
});

describe('orderEvidence', () => {
  it.each([
    ['25/12/2015', 'dmy'],
    ['13.01.2015', 'dmy'],
    ['12/25/2015', 'mdy'],
    ['01/13/2015', 'mdy'],
    ['01/03/2015', undefined],
    ['12/12/2015', undefined],
    ['1 March 2015', undefined],
    ['2015-03-25', undefined],
  ])('%j → %s', (line, expected) => {
    const m = matchDateHeader(line);
    expect(m).toBeDefined();
    expect(orderEvidence(m!)).toBe(expected);
  });
});

describe('resolveHeader', () => {
  it.each([
    ['1 March 2015', 'dmy', '2015-03-01'],
    ['1 March 2015', 'mdy', '2015-03-01'],
    ['2015-12-31', 'mdy', '2015-12-31'],
    ['01/03/2015', 'dmy', '2015-03-01'],
    ['01/03/2015', 'mdy', '2015-01-03'],
    ['25/12/2015', 'dmy', '2015-12-25'],
    ['12/25/2015', 'mdy', '2015-12-25'],
    ['29 February 2016', 'dmy', '2016-02-29'],
    ['29/02/2000', 'dmy', '2000-02-29'],
    ['31 December 1999', 'dmy', '1999-12-31'],
    ['Sunday, 1 March 2015', 'dmy', '2015-03-01'],
    ['2015年3月1日(日)', 'dmy', '2015-03-01'],
  ] as const)('%j (%s) → %s', (line, order, date) => {
    expect(resolveHeader(matchDateHeader(line)!, order)).toEqual({ ok: true, date });
  });

  it.each([
    ['29 February 2015', 'dmy', '29 February 2015 is not a real date'],
    // 1900 is not a leap year (divisible by 100, not by 400).
    ['29 February 1900', 'dmy', '29 February 1900 is not a real date'],
    ['31 February 2015', 'dmy', '31 February 2015 is not a real date'],
    ['31 April 2015', 'dmy', '31 April 2015 is not a real date'],
    ['2015-06-31', 'dmy', '31 June 2015 is not a real date'],
    ['30/02/2015', 'dmy', '30 February 2015 is not a real date (30/02/2015 read as day/month/year)'],
    ['02/30/2015', 'mdy', '30 February 2015 is not a real date (02/30/2015 read as month/day/year)'],
    ['25/12/2015', 'mdy', 'there is no month 25 (25/12/2015 read as month/day/year)'],
    ['12/25/2015', 'dmy', 'there is no month 25 (12/25/2015 read as day/month/year)'],
  ] as const)('%j (%s) → %j', (line, order, reason) => {
    expect(resolveHeader(matchDateHeader(line)!, order)).toEqual({ ok: false, reason });
  });

  it.each([
    [{ kind: 'named', year: 2015, month: 13, day: 1 }, 'there is no month 13 (2015-13-01)'],
    [{ kind: 'named', year: 2015, month: 0, day: 1 }, 'there is no month 0 (2015-00-01)'],
    [{ kind: 'named', year: 2015, month: 3, day: 0 }, '0 March 2015 is not a real date'],
    [{ kind: 'named', year: 2015, month: 3, day: 32 }, '32 March 2015 is not a real date'],
    [{ kind: 'numeric', first: 0, second: 3, year: 2015 }, '0 March 2015 is not a real date (00/03/2015 read as day/month/year)'],
    [{ kind: 'named', year: 0, month: 3, day: 1 }, 'year 0 is out of range'],
    [{ kind: 'named', year: 2015.5, month: 3, day: 1 }, 'year 2015.5 is out of range'],
  ] satisfies [HeaderMatch, string][])('built match %j → %j', (m, reason) => {
    expect(resolveHeader(m, 'dmy')).toEqual({ ok: false, reason });
  });

  it.each([
    // 1 March 2015 was a Sunday.
    ['Monday, 1 March 2015', true],
    ['Sunday, 1 March 2015', false],
    ['Sonntag, 1. März 2015', false],
    ['Samstag, 1. März 2015', true],
    // 29 February 2016 was a Monday.
    ['Monday, 29 February 2016', false],
    ['Tuesday, 29 February 2016', true],
    // 21 October 2009 was a Wednesday.
    ['Mittwoch, Oktober 21, 2009', false],
    ['2015年3月1日(月)', true],
    ['Sunday 01/03/2015', false],
  ])('%j weekday mismatch: %s', (line, mismatch) => {
    const r = resolveHeader(matchDateHeader(line)!, 'dmy');
    expect(r.ok).toBe(true);
    // The flag is only present when there is a mismatch; a mismatch is still a usable date.
    expect(r).toEqual(mismatch ? { ok: true, date: expect.any(String), weekdayMismatch: true } : { ok: true, date: expect.any(String) });
  });

  it('uses the weekday with the order the archive uses', () => {
    // 03/01/2015: 3 January 2015 was a Saturday, 1 March 2015 a Sunday.
    const m = matchDateHeader('Sunday 03/01/2015')!;
    expect(resolveHeader(m, 'mdy')).toEqual({ ok: true, date: '2015-03-01' });
    expect(resolveHeader(m, 'dmy')).toEqual({ ok: true, date: '2015-01-03', weekdayMismatch: true });
  });
});

describe('parseTimeOfDay', () => {
  it.each([
    ['10:34 PM', '22:34:00'],
    ['10:34 pm', '22:34:00'],
    ['10:34PM', '22:34:00'],
    ['10:34 p.m.', '22:34:00'],
    ['10:34 a.m.', '10:34:00'],
    ['10:34 AM', '10:34:00'],
    ['10:34 p. m.', '22:34:00'],
    ['10:34\u00a0PM', '22:34:00'],
    ['10:34\u202fPM', '22:34:00'],
    ['1:05 am', '01:05:00'],
    ['12:00 AM', '00:00:00'],
    ['12:34 AM', '00:34:00'],
    ['12:00 PM', '12:00:00'],
    ['12:34 PM', '12:34:00'],
    ['22:34', '22:34:00'],
    ['22:34:05', '22:34:05'],
    ['10:34:05 PM', '22:34:05'],
    ['0:00', '00:00:00'],
    ['23:59:59', '23:59:59'],
    ['9:05', '09:05:00'],
    ['10.34', '10:34:00'],
    ['22.34 Uhr', '22:34:00'],
    ['22:34 Uhr', '22:34:00'],
    ['22h34', '22:34:00'],
    ['22 h 34', '22:34:00'],
    ['  10:34 PM  ', '22:34:00'],
  ])('%j → %s', (text, expected) => {
    expect(parseTimeOfDay(text)).toBe(expected);
  });

  it.each([
    '25:00',
    '24:00',
    '22:60',
    '22:34:60',
    '13:00 PM',
    '0:30 AM',
    '10',
    '10 PM',
    '1034',
    '10:3',
    '10:345',
    'at 10:34 PM',
    '10:34 PM by Bob',
    '1 March 2015',
    '',
    'noon',
  ])('%j → undefined', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});
