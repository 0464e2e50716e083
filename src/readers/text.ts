import { basename } from 'node:path';
import { BlogportError } from '../model/errors.js';
import type { Post, PostDate, PostWarning, SourceRef } from '../model/post.js';
import {
  matchDateHeader,
  orderEvidence,
  resolveHeader,
  type DateOrder,
  type HeaderMatch,
} from './common/dateHeader.js';
import { assertTextSample, decodeLineBatches, decodeSample, detectEncoding, type EncodingGuess } from './common/decode.js';
import { detach } from '../model/detach.js';
import { deriveTitle } from './common/titles.js';
import type { Reader, ReaderInput, ReadOptions } from './reader.js';
import { footerRules, matchFooter, userFooterRules, type FooterFacts, type FooterRule } from './text/footers.js';

/**
 * Plain-text dumps: what a Blogger (or any) blog looks like after "select all, copy" or a text
 * scrape. Posts sit under date header lines (a line that is only a date); the first non-blank
 * line after the header is the title; footers (signatures, "Posted by … at …", "Labels: …") close
 * a post. Blogger prints the date once per day, so after a footer the next non-blank line with
 * no new header starts another post on the same day.
 */
export const textReader: Reader = {
  name: 'text',
  bodyFormat: 'text',
  description: 'plain-text blog dump: posts under date header lines ("Sunday, 1 March 2015"), title line, body, footer',
  detect(input) {
    if (input.kind !== 'file') return 0;
    try {
      assertTextSample(input.sample, input.name);
    } catch {
      return 0;
    }
    // UTF-8 (the common case) decodes with replacement characters where a legacy byte sits;
    // numeric and ASCII month names still match there, which is enough to claim the input.
    const text = decodeSample(input.sample);
    let headers = 0;
    let lines = 0;
    for (const line of text.split(/\r\n|\r|\n/, 4000)) {
      lines++;
      if (line.length < 64 && matchDateHeader(line)) headers++;
    }
    if (headers > 0) return 0.9;
    // Text without a date header is still ours to explain ("no date headers found") rather
    // than "unknown format", as long as it is not obviously markup.
    return /^\s*</.test(text) || lines === 0 ? 0.05 : 0.2;
  },
  read: readText,
};

/** Titles longer than this are prose: the post had no title line. */
const MAX_TITLE_LENGTH = 160;

interface OpenPost {
  day: string;
  headerWeekdayMismatch: boolean;
  title: string;
  titleLine: number;
  body: string[];
  facts: FooterFacts;
  warnings: PostWarning[];
}

type HeaderCheck = { ok: true; date: string; weekdayMismatch?: boolean } | { ok: false; reason: string };

async function* readText(input: ReaderInput, options: ReadOptions): AsyncGenerator<Post> {
  assertTextSample(input.sample, input.name);
  const guess = await detectEncoding(input.chunks(), options.encoding);
  const warn = (code: string, message: string, line?: number) =>
    options.onWarning?.({ code, message, source: line === undefined ? { file: input.name } : { file: input.name, line } });
  if (guess.how === 'fallback-windows-1252') {
    warn('ENCODING_GUESSED', 'not valid UTF-8, read as windows-1252; use --encoding to choose another');
  }

  const rules: FooterRule[] = [...footerRules, ...userFooterRules(options.footers ?? [])];
  const fileId = basename(input.name);
  let order: DateOrder | undefined = options.dateOrder;
  let count = 0;
  let current: OpenPost | undefined;
  let state: 'preamble' | 'title' | 'body' | 'footer' = 'preamble';
  let day = '';
  let dayMismatch = false;
  let prevBlank = true;
  let preamble: { first: number; last: number } | undefined;
  let lineNo = 0;

  const finish = (): Post | undefined => {
    if (!current) return undefined;
    const open = current;
    current = undefined;
    count++;
    return buildPost(open, count, fileId, { file: input.name, line: open.titleLine });
  };

  for await (const batch of decodeLineBatches(input.chunks(), guess)) {
    for (const raw of batch) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      const trimmed = line.trim();
      const blank = trimmed.length === 0;

      // A date header stands on its own line where a new day can begin: at the start, after a
      // blank line, or right after a footer. A bare date in the middle of a paragraph is body
      // text; one that names its weekday is a header even there (dumps that lost their blank
      // lines still split).
      const match = blank ? undefined : matchDateHeader(trimmed);
      if (match && (prevBlank || state !== 'body' || match.weekday !== undefined)) {
        if (match.kind === 'numeric' && !order) {
          order = await inferDateOrder(input, guess, (m) => warn('DATE_ORDER', m));
        }
        const check: HeaderCheck = resolveHeader(match, order ?? 'dmy');
        if (check.ok) {
          const done = finish();
          if (done) yield done;
          day = check.date;
          dayMismatch = check.weekdayMismatch === true;
          state = 'title';
          prevBlank = false;
          continue;
        }
        const note = `${check.reason}; kept as body text`;
        if (current) current.warnings.push({ code: 'IMPOSSIBLE_DATE', message: note, source: { file: input.name, line: lineNo } });
        else warn('IMPOSSIBLE_DATE', note, lineNo);
      }
      prevBlank = blank;

      switch (state) {
        case 'preamble':
          if (!blank) preamble = { first: preamble?.first ?? lineNo, last: lineNo };
          break;
        case 'title':
          if (!blank) {
            current = openPost(day, dayMismatch, trimmed, lineNo);
            state = 'body';
          }
          break;
        case 'body': {
          const footer = blank ? undefined : matchFooter(trimmed, rules);
          if (footer) {
            mergeFacts(current!, footer.facts);
            state = 'footer';
          } else {
            current!.body.push(line);
          }
          break;
        }
        case 'footer': {
          if (blank) break;
          const footer = matchFooter(trimmed, rules);
          if (footer) {
            mergeFacts(current!, footer.facts);
            break;
          }
          const done = finish();
          if (done) yield done;
          current = openPost(day, dayMismatch, trimmed, lineNo);
          state = 'body';
          break;
        }
      }
    }
  }
  const done = finish();
  if (done) yield done;

  if (preamble && count > 0) {
    const range = preamble.first === preamble.last ? `line ${preamble.first}` : `lines ${preamble.first}-${preamble.last}`;
    warn('TEXT_BEFORE_FIRST_POST', `${range} come before the first date header and belong to no post; they were not converted`, preamble.first);
  }
  if (count === 0) {
    throw new BlogportError(
      'NO_POSTS',
      `no date header lines found in ${lineNo} lines, so no posts`,
      { file: input.name },
      'posts must sit under a line that is only a date, e.g. "Sunday, 1 March 2015"; for another format try --from',
    );
  }
}

function openPost(day: string, weekdayMismatch: boolean, titleLine: string, lineNo: number): OpenPost {
  return { day, headerWeekdayMismatch: weekdayMismatch, title: titleLine, titleLine: lineNo, body: [], facts: {}, warnings: [] };
}

function mergeFacts(post: OpenPost, facts: FooterFacts): void {
  if (facts.author && !post.facts.author) post.facts.author = facts.author;
  if (facts.time && !post.facts.time) post.facts.time = facts.time;
  if (facts.tags) post.facts.tags = [...(post.facts.tags ?? []), ...facts.tags];
}

function buildPost(open: OpenPost, index: number, fileId: string, source: SourceRef): Post {
  const warnings = open.warnings;
  let title = open.title;
  let titleDerived = false;
  const bodyLines = open.body;
  if (title.length > MAX_TITLE_LENGTH) {
    // No title line: the "title" is the first line of the body.
    bodyLines.unshift(title);
    title = '';
  }
  const body = trimBlankLines(bodyLines).join('\n');
  if (!title) {
    title = deriveTitle(body);
    titleDerived = true;
    warnings.push({ code: 'UNTITLED', message: `post has no title line; titled "${title}" from its first words`, source });
  }
  if (open.headerWeekdayMismatch) {
    warnings.push({ code: 'WEEKDAY_MISMATCH', message: `the date header's weekday does not match ${open.day}; the date was kept`, source });
  }
  const date: PostDate = open.facts.time
    ? { precision: 'local', date: open.day, time: open.facts.time }
    : { precision: 'day', date: open.day };
  const tags = dedupe(open.facts.tags ?? []).map(detach);
  const post: Post = {
    id: `text:${fileId}#${index}`,
    kind: 'post',
    title: detach(title),
    date,
    tags,
    categories: [],
    draft: false,
    aliases: [],
    body: { format: 'text', value: body },
    comments: [],
    source,
    warnings,
  };
  if (titleDerived) post.titleDerived = true;
  if (open.facts.author) post.author = detach(open.facts.author);
  return post;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  // trimEnd removes exactly what /\s+$/ would (white space and line terminators), without the
  // regex's retries at every space of the line.
  return lines.slice(start, end).map((line) => line.trimEnd());
}

/** Case-insensitive dedupe that keeps the first display form. */
function dedupe(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tag.toLocaleLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(tag);
    }
  }
  return out;
}

/**
 * Numeric dates (01/03/2015) are ambiguous per line but not per archive: one header with a
 * first field above 12 settles the order for all of them. When none does, the order under which
 * the dates run in sequence (dumps are chronological or reverse-chronological) is assumed, and
 * the report says so.
 */
async function inferDateOrder(
  input: ReaderInput,
  guess: EncodingGuess,
  note: (message: string) => void,
): Promise<DateOrder> {
  const votes = { dmy: 0, mdy: 0 };
  const numeric: HeaderMatch[] = [];
  for await (const batch of decodeLineBatches(input.chunks(), guess)) {
    for (const line of batch) {
      if (line.length > 64) continue;
      const match = matchDateHeader(line);
      if (!match || match.kind !== 'numeric') continue;
      const evidence = orderEvidence(match);
      if (evidence) votes[evidence]++;
      else if (numeric.length < 100_000) numeric.push(match);
    }
  }
  if (votes.dmy > 0 && votes.mdy > 0) {
    const order: DateOrder = votes.dmy >= votes.mdy ? 'dmy' : 'mdy';
    note(`numeric dates disagree (${votes.dmy} read only as day/month, ${votes.mdy} only as month/day); assumed ${order}, override with --date-order`);
    return order;
  }
  if (votes.dmy > 0) return 'dmy';
  if (votes.mdy > 0) return 'mdy';
  const order = sequenceOrder(numeric);
  note(`every numeric date reads both ways (e.g. 01/03); assumed ${order === 'dmy' ? 'day/month/year' : 'month/day/year'} because the dates run in sequence that way; override with --date-order`);
  return order;
}

function sequenceOrder(matches: HeaderMatch[]): DateOrder {
  const score = (order: DateOrder) => {
    const keys = matches.map((m) => {
      const r = resolveHeader(m, order);
      return r.ok ? r.date : undefined;
    });
    let up = 0;
    let down = 0;
    let invalid = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === undefined) invalid++;
      const prev = keys[i - 1];
      if (i === 0 || key === undefined || prev === undefined) continue;
      if (key >= prev) up++;
      if (key <= prev) down++;
    }
    return Math.max(up, down) - invalid * 2;
  };
  return score('mdy') > score('dmy') ? 'mdy' : 'dmy';
}
