/**
 * Month and weekday names for the date-header parser (dateHeader.ts), one table per language.
 *
 * Spellings are written the way the language writes them; they are folded with `foldText`
 * (lower case, accents removed) and a trailing dot is ignored, so `März`, `Marz`, `MÄRZ` and
 * `Mär.` all find March. The tables are merged into one index: a header may name its weekday in
 * one language and its month in another, which is harmless, and it keeps the lookup one Map hit.
 * The merge is only sound while no spelling means two different things across languages; the
 * tests check that (e.g. Dutch `ma` is Monday, so Spanish `ma` for martes is deliberately absent).
 */
import { lookupTable } from '../../model/table.js';

export interface LanguageWords {
  /** Index 0 = January. The first spelling is the full name; the rest are abbreviations and variants. */
  readonly months: readonly (readonly string[])[];
  /** Index 0 = Sunday, as Date#getUTCDay counts. */
  readonly weekdays: readonly (readonly string[])[];
}

export const LANGUAGES = {
  en: {
    months: [
      ['January', 'Jan'],
      ['February', 'Feb'],
      ['March', 'Mar'],
      ['April', 'Apr'],
      ['May'],
      ['June', 'Jun'],
      ['July', 'Jul'],
      ['August', 'Aug'],
      ['September', 'Sep', 'Sept'],
      ['October', 'Oct'],
      ['November', 'Nov'],
      ['December', 'Dec'],
    ],
    weekdays: [
      ['Sunday', 'Sun'],
      ['Monday', 'Mon'],
      ['Tuesday', 'Tue', 'Tues'],
      ['Wednesday', 'Wed', 'Weds'],
      ['Thursday', 'Thu', 'Thur', 'Thurs'],
      ['Friday', 'Fri'],
      ['Saturday', 'Sat'],
    ],
  },
  de: {
    months: [
      // Jänner/Feber: Austrian spellings.
      ['Januar', 'Jan', 'Jänner', 'Jän'],
      ['Februar', 'Feb', 'Feber'],
      ['März', 'Mär', 'Mrz'],
      ['April', 'Apr'],
      ['Mai'],
      ['Juni', 'Jun'],
      ['Juli', 'Jul'],
      ['August', 'Aug'],
      ['September', 'Sep', 'Sept'],
      ['Oktober', 'Okt'],
      ['November', 'Nov'],
      ['Dezember', 'Dez'],
    ],
    weekdays: [
      ['Sonntag', 'So'],
      ['Montag', 'Mo'],
      ['Dienstag', 'Di'],
      ['Mittwoch', 'Mi'],
      ['Donnerstag', 'Do'],
      ['Freitag', 'Fr'],
      // Sonnabend: northern German.
      ['Samstag', 'Sa', 'Sonnabend'],
    ],
  },
  fr: {
    months: [
      ['janvier', 'janv'],
      ['février', 'févr', 'fév'],
      ['mars'],
      ['avril', 'avr'],
      ['mai'],
      ['juin'],
      ['juillet', 'juil', 'juill'],
      ['août', 'aoû'],
      ['septembre', 'sept'],
      ['octobre', 'oct'],
      ['novembre', 'nov'],
      ['décembre', 'déc'],
    ],
    weekdays: [
      ['dimanche', 'dim'],
      ['lundi', 'lun'],
      ['mardi', 'mar'],
      ['mercredi', 'mer'],
      ['jeudi', 'jeu'],
      ['vendredi', 'ven'],
      ['samedi', 'sam'],
    ],
  },
  es: {
    months: [
      ['enero', 'ene'],
      ['febrero', 'feb'],
      ['marzo', 'mar'],
      ['abril', 'abr'],
      ['mayo', 'may'],
      ['junio', 'jun'],
      ['julio', 'jul'],
      ['agosto', 'ago'],
      // setiembre: accepted spelling in several Latin American countries.
      ['septiembre', 'sep', 'sept', 'setiembre', 'set'],
      ['octubre', 'oct'],
      ['noviembre', 'nov'],
      ['diciembre', 'dic'],
    ],
    weekdays: [
      ['domingo', 'dom'],
      ['lunes', 'lun'],
      ['martes', 'mar'],
      ['miércoles', 'mié'],
      ['jueves', 'jue'],
      ['viernes', 'vie'],
      ['sábado', 'sáb'],
    ],
  },
  it: {
    months: [
      ['gennaio', 'gen'],
      ['febbraio', 'feb'],
      ['marzo', 'mar'],
      ['aprile', 'apr'],
      ['maggio', 'mag'],
      ['giugno', 'giu'],
      ['luglio', 'lug'],
      ['agosto', 'ago'],
      ['settembre', 'set', 'sett'],
      ['ottobre', 'ott'],
      ['novembre', 'nov'],
      ['dicembre', 'dic'],
    ],
    weekdays: [
      ['domenica', 'dom'],
      ['lunedì', 'lun'],
      ['martedì', 'mar'],
      ['mercoledì', 'mer'],
      ['giovedì', 'gio'],
      ['venerdì', 'ven'],
      ['sabato', 'sab'],
    ],
  },
  pt: {
    months: [
      ['janeiro', 'jan'],
      ['fevereiro', 'fev'],
      ['março', 'mar'],
      ['abril', 'abr'],
      ['maio', 'mai'],
      ['junho', 'jun'],
      ['julho', 'jul'],
      ['agosto', 'ago'],
      ['setembro', 'set'],
      ['outubro', 'out'],
      ['novembro', 'nov'],
      ['dezembro', 'dez'],
    ],
    weekdays: [
      // Weekdays are written with or without "-feira" ("segunda-feira", "segunda").
      ['domingo', 'dom'],
      ['segunda-feira', 'segunda', 'seg'],
      ['terça-feira', 'terça', 'ter'],
      ['quarta-feira', 'quarta', 'qua'],
      ['quinta-feira', 'quinta', 'qui'],
      ['sexta-feira', 'sexta', 'sex'],
      ['sábado', 'sáb'],
    ],
  },
  nl: {
    months: [
      ['januari', 'jan'],
      ['februari', 'feb'],
      ['maart', 'mrt', 'mar'],
      ['april', 'apr'],
      ['mei'],
      ['juni', 'jun'],
      ['juli', 'jul'],
      ['augustus', 'aug'],
      ['september', 'sep', 'sept'],
      ['oktober', 'okt'],
      ['november', 'nov'],
      ['december', 'dec'],
    ],
    weekdays: [
      ['zondag', 'zo'],
      ['maandag', 'ma'],
      ['dinsdag', 'di'],
      ['woensdag', 'wo'],
      ['donderdag', 'do'],
      ['vrijdag', 'vr'],
      ['zaterdag', 'za'],
    ],
  },
  ru: {
    // Dates name the month in the genitive ("17 февраля 2016"); headings in the nominative.
    months: [
      ['январь', 'января', 'янв'],
      ['февраль', 'февраля', 'фев', 'февр'],
      ['март', 'марта', 'мар'],
      ['апрель', 'апреля', 'апр'],
      ['май', 'мая'],
      ['июнь', 'июня', 'июн'],
      ['июль', 'июля', 'июл'],
      ['август', 'августа', 'авг'],
      ['сентябрь', 'сентября', 'сен', 'сент'],
      ['октябрь', 'октября', 'окт'],
      ['ноябрь', 'ноября', 'ноя', 'нояб'],
      ['декабрь', 'декабря', 'дек'],
    ],
    weekdays: [
      ['воскресенье', 'вс'],
      ['понедельник', 'пн'],
      ['вторник', 'вт'],
      ['среда', 'ср'],
      ['четверг', 'чт'],
      ['пятница', 'пт'],
      ['суббота', 'сб'],
    ],
  },
} as const satisfies Record<string, LanguageWords>;

export type Language = keyof typeof LANGUAGES;

/**
 * Weekday characters in Japanese and Chinese dates, 0 = Sunday. Japanese names days after the
 * elements (日 Sun, 月 Mon, 火 Tue …), Chinese numbers them after 星期/周 (一 Mon … 六 Sat, 日/天 Sun).
 * 日 is Sunday in both, so one table serves both.
 */
export const CJK_WEEKDAYS: Readonly<Record<string, number>> = lookupTable({
  日: 0, 天: 0, 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6,
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6,
});

/**
 * Case- and accent-insensitive form of a text. NFKD splits accented letters into letter + mark
 * (the marks are dropped) and also turns full-width digits and brackets (２０１５, （日）) into
 * ASCII, and `º` (as in Portuguese "1º de março") into `o`.
 */
export function foldText(text: string): string {
  // Most lines are ASCII, where normalising changes nothing: skip it.
  const decomposed = NON_ASCII.test(text) ? text.normalize('NFKD').replace(/\p{M}/gu, '') : text;
  return decomposed.toLowerCase();
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Folded spelling without its abbreviation dot: the key the indexes below use. */
export function foldWord(word: string): string {
  return foldText(word).replace(/\.$/, '');
}

function buildIndex(pick: (words: LanguageWords) => readonly (readonly string[])[], base: number): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  for (const words of Object.values(LANGUAGES) as LanguageWords[]) {
    pick(words).forEach((spellings, i) => {
      // First language wins on a clash; the tests make sure there is none.
      for (const spelling of spellings) {
        const key = foldWord(spelling);
        if (!index.has(key)) index.set(key, i + base);
      }
    });
  }
  return index;
}

/** Folded month spelling → month number, 1 = January. */
export const MONTH_INDEX: ReadonlyMap<string, number> = buildIndex((w) => w.months, 1);

/** Folded weekday spelling → weekday number, 0 = Sunday. */
export const WEEKDAY_INDEX: ReadonlyMap<string, number> = buildIndex((w) => w.weekdays, 0);

/** English month names for messages, index 0 = January. */
export const ENGLISH_MONTHS: readonly string[] = LANGUAGES.en.months.map((spellings) => spellings[0]);
