/**
 * The crisp archive as the acceptance suite sees it, parsed independently of blogport: which line
 * is a date header, a title, a signature, and which lines are each post's body. Variants of the
 * archive (other date header styles and languages, CRLF + BOM, windows-1252, two posts under one
 * header, Blogger footers) are built from this model, so every variant knows exactly what it
 * should convert to.
 */
import iconv from 'iconv-lite';

/** One post as the test expects to find it in the output. */
export interface ExpectedPost {
  /** Exact title string in the front matter. */
  title: string;
  /** Exact `date` string in the front matter (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS`). */
  date: string;
  /** The post's source text (lines between its title line and its signature), to render back to. */
  body: string;
  author?: string;
  tags?: string[];
}

/** The posts of crisp-blog-2014-2015.txt, in file order, stated explicitly. */
export const CRISP_POSTS = [
  { date: '2015-03-01', title: 'another dtrace delay', slug: 'another-dtrace-delay' },
  { date: '2015-02-23', title: 'dtrace update ...', slug: 'dtrace-update' },
  { date: '2015-02-20', title: 'new dtrace .. small update', slug: 'new-dtrace-small-update' },
  { date: '2015-02-19', title: 'Why is gcc/gdb so bad?', slug: 'why-is-gcc-gdb-so-bad' },
  { date: '2015-02-15', title: 'address: 0000f00000000000', slug: 'address-0000f00000000000' },
  { date: '2015-02-09', title: 'no dtrace updates', slug: 'no-dtrace-updates' },
  { date: '2014-12-01', title: 'DTrace & Debian/Jessie', slug: 'dtrace-and-debian-jessie' },
] as const;

export interface SourcePost {
  /** 0-based line indexes into `Archive.lines`. */
  headerLine: number;
  titleLine: number;
  signatureLine: number;
  /** ISO day, from the header line. */
  date: string;
  title: string;
  /** Lines strictly between the title line and the signature line, joined with "\n". */
  body: string;
}

export interface Archive {
  lines: string[];
  posts: SourcePost[];
}

// ------------------------------------------------------------------------------------------------
// Month and weekday names (index 0 = January / Sunday), for writing headers in other languages.

interface Words {
  months: readonly string[];
  weekdays: readonly string[];
}

export const WORDS = {
  en: {
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  },
  de: {
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  },
  fr: {
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  },
  es: {
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    weekdays: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
  },
  it: {
    months: ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
    weekdays: ['domenica', 'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato'],
  },
  pt: {
    months: ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
    weekdays: ['domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'],
  },
  nl: {
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    weekdays: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  },
} as const satisfies Record<string, Words>;

interface Day {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
}

export function dayParts(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO day: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

const month = (lang: keyof typeof WORDS, d: Day) => WORDS[lang].months[d.month - 1]!;
const weekday = (lang: keyof typeof WORDS, d: Day) => WORDS[lang].weekdays[d.weekday]!;

/** Date header styles: name → how a day is written as a header line. */
export const HEADER_STYLES: Record<string, (d: Day) => string> = {
  /** The corpus's own style, used to check these tables against the real file. */
  'Sunday, 1 March 2015': (d) => `${weekday('en', d)}, ${d.day} ${month('en', d)} ${d.year}`,
  '1 March 2015': (d) => `${d.day} ${month('en', d)} ${d.year}`,
  'March 1, 2015': (d) => `${month('en', d)} ${d.day}, ${d.year}`,
  '1st March 2015': (d) => `${ordinal(d.day)} ${month('en', d)} ${d.year}`,
  '2015-03-01': (d) => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`,
  '2015/03/01': (d) => `${d.year}/${pad2(d.month)}/${pad2(d.day)}`,
  '01/03/2015 (dmy)': (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`,
  '01.03.2015': (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`,
  'German: Sonntag, 1. März 2015': (d) => `${weekday('de', d)}, ${d.day}. ${month('de', d)} ${d.year}`,
  'French: dimanche 1 mars 2015': (d) => `${weekday('fr', d)} ${d.day} ${month('fr', d)} ${d.year}`,
  'Spanish: domingo, 1 de marzo de 2015': (d) => `${weekday('es', d)}, ${d.day} de ${month('es', d)} de ${d.year}`,
  'Italian: domenica 1 marzo 2015': (d) => `${weekday('it', d)} ${d.day} ${month('it', d)} ${d.year}`,
  'Portuguese: domingo, 1 de março de 2015': (d) => `${weekday('pt', d)}, ${d.day} de ${month('pt', d)} de ${d.year}`,
  'Dutch: zondag 1 maart 2015': (d) => `${weekday('nl', d)} ${d.day} ${month('nl', d)} ${d.year}`,
  'old-Blogger German: Sonntag, März 1, 2015': (d) => `${weekday('de', d)}, ${month('de', d)} ${d.day}, ${d.year}`,
};

export const ORIGINAL_STYLE = 'Sunday, 1 March 2015';

// ------------------------------------------------------------------------------------------------
// Parsing the original archive (English headers only).

const EN_HEADER = new RegExp(
  String.raw`^(?:${WORDS.en.weekdays.join('|')}), (\d{1,2}) (${WORDS.en.months.join('|')}) (\d{4})$`,
);
const SIGNATURE = /^Post created by /;

export function parseArchive(text: string): Archive {
  const lines = text.split(/\r\n|\n/);
  const posts: SourcePost[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = EN_HEADER.exec(lines[i]!);
    if (!m) continue;
    const date = `${m[3]}-${pad2(WORDS.en.months.indexOf(m[2] as (typeof WORDS.en.months)[number]) + 1)}-${pad2(Number(m[1]))}`;
    let t = i + 1;
    while (t < lines.length && lines[t]!.trim() === '') t++;
    let s = t + 1;
    while (s < lines.length && !SIGNATURE.test(lines[s]!)) s++;
    if (s >= lines.length) throw new Error(`archive: no signature after the title on line ${t + 1}`);
    posts.push({
      headerLine: i,
      titleLine: t,
      signatureLine: s,
      date,
      title: lines[t]!.trim(),
      body: lines.slice(t + 1, s).join('\n'),
    });
    i = s;
  }
  return { lines, posts };
}

// ------------------------------------------------------------------------------------------------
// Variants.

export interface Variant {
  name: string;
  /** The archive's bytes, as written to disk. */
  bytes: Buffer;
  expected: ExpectedPost[];
  /** Report warning codes this variant may legitimately produce (e.g. a guessed encoding). */
  allowedWarnings?: string[];
}

interface Rewrite {
  /** Replace line i with these lines (an empty array deletes it). */
  replace?: Map<number, string[]>;
  eol?: '\n' | '\r\n';
  bom?: boolean;
  encoding?: string;
}

function rewrite(archive: Archive, how: Rewrite): Buffer {
  const out = archive.lines.flatMap((line, i) => how.replace?.get(i) ?? [line]);
  const text = (how.bom ? '\uFEFF' : '') + out.join(how.eol ?? '\n');
  return how.encoding ? iconv.encode(text, how.encoding) : Buffer.from(text, 'utf8');
}

function expectedOf(archive: Archive): ExpectedPost[] {
  return archive.posts.map((p) => ({ title: p.title, date: p.date, body: p.body }));
}

export const CP1252_TITLE = 'dtrace update … café';
export const BLOGGER_FOOTER = [
  'Posted by Paul Fox at 10:34 PM',
  '3 comments:',
  'Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest',
  'Labels: dtrace, linux',
];

export function buildVariants(archive: Archive): Variant[] {
  const variants: Variant[] = [];

  for (const [style, format] of Object.entries(HEADER_STYLES)) {
    if (style === ORIGINAL_STYLE) continue;
    const replace = new Map(archive.posts.map((p) => [p.headerLine, [format(dayParts(p.date))]]));
    variants.push({ name: `headers: ${style}`, bytes: rewrite(archive, { replace }), expected: expectedOf(archive) });
  }

  variants.push({ name: 'CRLF line endings + UTF-8 BOM', bytes: rewrite(archive, { eol: '\r\n', bom: true }), expected: expectedOf(archive) });

  {
    const target = archive.posts.find((p) => p.title === 'dtrace update ...');
    if (!target) throw new Error('archive: no post titled "dtrace update ..."');
    const bytes = rewrite(archive, { replace: new Map([[target.titleLine, [CP1252_TITLE]]]), encoding: 'windows-1252' });
    // The title's "…" and "é" must be the single windows-1252 bytes 0x85 and 0xE9 (not UTF-8).
    if (!bytes.includes(Buffer.from([0x85])) || !bytes.includes(Buffer.from([0xe9])) || bytes.includes(Buffer.from('é', 'utf8'))) {
      throw new Error('windows-1252 variant is not encoded as windows-1252');
    }
    const expected = expectedOf(archive).map((p) => (p.title === target.title ? { ...p, title: CP1252_TITLE } : p));
    variants.push({ name: 'windows-1252 (title with … and é)', bytes, expected, allowedWarnings: ['ENCODING_GUESSED'] });
  }

  {
    const moved = archive.posts.find((p) => p.date === '2015-02-20');
    if (!moved) throw new Error('archive: no post dated 2015-02-20');
    const bytes = rewrite(archive, { replace: new Map([[moved.headerLine, []]]) });
    const expected = expectedOf(archive).map((p) => (p.title === moved.title ? { ...p, date: '2015-02-23' } : p));
    variants.push({ name: 'two posts under one header (2015-02-20 header deleted)', bytes, expected });
  }

  {
    const replace = new Map(archive.posts.map((p) => [p.signatureLine, BLOGGER_FOOTER]));
    const expected = expectedOf(archive).map((p) => ({ ...p, date: `${p.date}T22:34:00`, author: 'Paul Fox', tags: ['dtrace', 'linux'] }));
    variants.push({ name: 'Blogger footers instead of the signature', bytes: rewrite(archive, { replace }), expected });
  }

  return variants;
}
