import { BlogportError } from '../model/errors.js';
import type { BlogInfo, Post, PostWarning, SourceRef } from '../model/post.js';
import { assertTextSample } from './common/decode.js';
import { byteRecordRef, byteRecordText, scanXmlBytes, sliceByteRecords, type ByteRecord, type ByteRecordRef } from './common/xmlBytes.js';
import { copyString, localName, recordRef, scanXmlBatches, sliceRecords, type RecordText, type XmlRecord, type XmlRecordRef, type XmlScanEvent, type XmlScanIssue } from './common/xmlEntries.js';
import { parseXmlElement, textOf } from './common/xmlTree.js';
import type { Reader, ReaderInput, ReadOptions } from './reader.js';
import { CommentBook } from './blogger/comments.js';
import { instantOf } from './blogger/dates.js';
import { detectBlogger } from './blogger/detect.js';
import { quickKind, quickKindOfBytes, readEntry, type BloggerEntry, type CommentEntry } from './blogger/entry.js';
import type { EntryKind } from './blogger/schema.js';
import { ATOM_NS, BLOGGER_PREFIXES, TAKEOUT_NS } from './blogger/schema.js';
import { blogInfoOf, settingName, type BlogSettings, type FeedFacts } from './blogger/settings.js';
import { PlainComments } from './blogger/plainComment.js';
import { PlainPosts } from './blogger/plainPost.js';
import { findFeeds, isZip, type FeedSource } from './blogger/sources.js';
import { toComment, toPost, type FeedContext } from './blogger/toPost.js';

/**
 * Blogger exports, both kinds: the classic "Back up content" file (`blog-MM-DD-YYYY.xml`) and
 * Google Takeout (a folder or the downloaded .zip, one `Blogs/<blog>/feed.atom` per blog, or
 * one feed.atom on its own). Blogger's public feed (`/feeds/posts/default`) is read too, with a
 * warning that it holds only recent published posts.
 *
 * Streaming, in two passes over each feed, so an export of any size costs the memory of its
 * comments, never of its posts:
 * 1. comments (and settings) are collected: they may come before or after their post;
 * 2. posts and pages are read one entry at a time and yielded with their comments attached.
 *
 * What is not converted is counted through `onSkip` (`template`, `trashed post`, `spam comment`,
 * `deleted comment`, `duplicate post` …). A broken entry is warned about with its entry number
 * and line and skipped; the rest of the archive is still read. A truncated export yields every
 * complete entry, warns `TRUNCATED`, and then throws `INPUT_TRUNCATED` naming where it broke —
 * so the posts already yielded are kept and the run still reports the input as damaged.
 */
export const bloggerReader: Reader = {
  name: 'blogger',
  bodyFormat: 'html',
  description: 'Blogger export: classic "Back up content" .xml, or Google Takeout (folder, .zip or feed.atom)',
  detect: detectBlogger,
  read: readBlogger,
};

async function* readBlogger(input: ReaderInput, options: ReadOptions): AsyncGenerator<Post> {
  if (input.kind === 'file' && !isZip(input.sample)) assertTextSample(input.sample, input.name);
  const set = await findFeeds(input, { albums: options.onAlbums !== undefined, onWarning: options.onWarning });
  if (set.albums) options.onAlbums!(set.albums);
  const failures: BlogportError[] = [];
  let yielded = 0;
  let entries = 0;
  try {
    for (const { what, source } of set.skipped) options.onSkip?.(what, source);
    const several = set.feeds.length > 1;
    for (const feed of set.feeds) {
      try {
        const result = yield* readFeed(feed, several, options);
        yielded += result.posts;
        entries += result.entries;
        if (result.failure) failures.push(result.failure);
      } catch (error) {
        // One damaged blog of a Takeout does not stop the others; it is reported at the end.
        if (!several || !(error instanceof BlogportError)) throw error;
        failures.push(error);
      }
    }
  } finally {
    await set.close();
  }
  const [failure, ...more] = failures;
  if (failure) {
    if (more.length === 0) throw failure;
    throw new BlogportError(failure.code, `${failure.message} (and ${more.length} more damaged feed${more.length > 1 ? 's' : ''})`, failure.source, failure.hint);
  }
  if (yielded === 0) {
    throw new BlogportError(
      'NO_POSTS',
      `the Blogger export holds no posts or pages to convert (${entries} entries read: settings, template, comments or skipped posts only)`,
      { file: input.name },
      'check the export is of the right blog; the report lists what was skipped',
    );
  }
}

interface FeedResult {
  posts: number;
  entries: number;
  /** Set when the feed was damaged (truncated): thrown after everything readable was yielded. */
  failure?: BlogportError;
}

interface FeedState {
  feed: FeedSource;
  file: string;
  options: ReadOptions;
  warn: (code: string, message: string, source?: SourceRef) => void;
  skip: (what: string, source: SourceRef) => void;
  /** Namespace declarations on the root element, in force in every entry. */
  scope: Record<string, string>;
  /** Prefixes already warned about as undeclared (once per feed, not per entry). */
  undeclared: Set<string>;
}

/** An entry parsed, with the problems met on the way (reported by whichever pass owns the entry). */
interface ParsedEntry<E = BloggerEntry> {
  entry?: E;
  issues: EntryIssue[];
}

interface EntryIssue extends PostWarning {
  /** For an undeclared namespace prefix: which one. */
  prefix?: string;
}

/** How the feed ended: as `scanXml` says, or complete (all `scanXmlBytes` says). */
type FeedEnd = Extract<XmlScanEvent, { type: 'end' }> | { type: 'end'; complete: true; reason?: undefined };

/**
 * Where the entries pass 2 reads are (every entry not known to be a comment or settings): in the
 * decoded text (`scanXml`), or in the bytes (`scanXmlBytes`, which the slicing must match).
 */
type EntryPlaces = { inBytes: false; refs: XmlRecordRef[] } | { inBytes: true; refs: ByteRecordRef[] };

/** What the first pass learns about a feed. */
interface FeedSurvey {
  facts: FeedFacts & { updated?: string };
  settings: BlogSettings;
  comments: CommentBook;
  postEntries: EntryPlaces;
  schema?: 'export' | 'public-feed';
  takeout: boolean;
  entries: number;
  end: FeedEnd;
}

/** A survey being made. */
type Survey = Omit<FeedSurvey, 'postEntries' | 'end'>;

/** One feed: survey it (pass 1), check it is a readable Blogger export, then yield its posts (pass 2). */
async function* readFeed(feed: FeedSource, several: boolean, options: ReadOptions): AsyncGenerator<Post, FeedResult> {
  const file = feed.file;
  const state: FeedState = {
    feed,
    file,
    options,
    warn: (code, message, source = { file }) => options.onWarning?.({ code, message, source }),
    skip: (what, source) => options.onSkip?.(what, source),
    scope: {},
    undeclared: new Set(),
  };
  const survey = await surveyFeed(state);
  try {
    const { end, facts } = survey;
    if (end.reason === 'empty') {
      throw new BlogportError('INPUT_EMPTY', 'holds no XML, only white space', { file }, 'check that the export finished downloading');
    }
    if (end.reason === 'no-root') {
      throw new BlogportError('FORMAT_UNKNOWN', 'is not XML: no element found in it', { file }, 'a Blogger export is an .xml (classic) or feed.atom (Takeout) file');
    }
    if (!survey.schema && !end.complete) throw truncation(file, end, survey.entries, 'nothing could be read before it');
    if (!survey.schema && !/^tag:blogger\.com,1999:blog-/.test(facts.id ?? '')) {
      throw new BlogportError('FORMAT_UNKNOWN', 'is an Atom feed, but not a Blogger export (no Blogger entry kinds, blogger:type or blog id)', { file }, 'name the right format with --from');
    }
    if (survey.schema === 'public-feed') {
      state.warn(
        'PUBLIC_FEED',
        "this is Blogger's public feed, not an export: it holds only the newest published posts, without drafts, pages or comments; for everything, export the blog (Settings → Back up content) or use Google Takeout",
      );
    }

    const blog: BlogInfo = blogInfoOf(facts, survey.settings, feed.folderName ?? file);
    if (several) blog.folder = feed.folderName ?? blog.title ?? blog.id;
    const context: FeedContext = {
      file,
      blog,
      // Classic exports say when they were made; a post dated later was scheduled.
      exportedAt: survey.schema !== 'public-feed' && !survey.takeout ? instantOf(facts.updated) : Number.NaN,
    };
    const posts = yield* yieldPosts(state, survey.comments, survey.postEntries, context);

    const untaken = survey.comments.untaken();
    if (untaken > 0) {
      for (let i = 0; i < untaken; i++) state.skip('orphan comment', { file });
      state.warn('ORPHAN_COMMENTS', `${untaken} comment${untaken === 1 ? '' : 's'} answer${untaken === 1 ? 's' : ''} no post in this export; not converted`);
    }
    let failure: BlogportError | undefined;
    if (!end.complete) {
      failure = truncation(file, end, survey.entries, `the ${survey.entries} complete entries before it were read`);
      state.warn('TRUNCATED', failure.message, failure.source);
    }
    return { posts, entries: survey.entries, failure };
  } finally {
    survey.comments.close();
  }
}

/**
 * Pass 1: the feed's own facts (blog id, title, home, export time), its settings, and every
 * comment, kept in the comment book (copied out of their entries, which are dropped). Post
 * entries are recognised without being parsed and left for pass 2, which finds them by the places
 * noted here (see `sliceRecords`) instead of scanning the feed again.
 *
 * A UTF-8 feed is surveyed on its bytes (`scanXmlBytes`): only comments and settings are decoded.
 * Any other feed, and one that needs repairs or is cut off, is surveyed on its decoded text
 * (`scanXmlBatches`), which reports what it met.
 */
async function surveyFeed(state: FeedState): Promise<FeedSurvey> {
  return (await surveyBytes(state)) ?? (await surveyText(state));
}

/** A new survey. The comments wait in the scratch store (a temporary file under convert) until their post is read. */
function newSurvey(state: FeedState): Survey {
  return { facts: {}, settings: new Map(state.feed.settings ?? []), comments: new CommentBook(state.options.scratch?.()), takeout: false, entries: 0 };
}

async function surveyText(state: FeedState): Promise<FeedSurvey> {
  const { file, warn } = state;
  const survey = newSurvey(state);
  const refs: XmlRecordRef[] = [];
  let end: FeedEnd | undefined;
  const onIssue = (issue: XmlScanIssue) => warn(issue.code, `${issue.message} (line ${issue.line}, column ${issue.column})`, { file, line: issue.line });
  try {
    for await (const batch of scanXmlBatches(state.feed.open(), { encoding: state.options.encoding, onIssue })) {
      for (const event of batch) {
        if (event.type === 'root') surveyRoot(event.name, event.attributes, survey, state);
        else if (event.type === 'end') end = event;
        else if (localName(event.record.name) !== 'entry') readFeedFact(event.record, state, survey.facts);
        else {
          const { record } = event;
          if (surveyEntry(quickKind(record.xml), record.index, () => parseRecord(record, state, true), survey, state)) refs.push(recordRef(record));
        }
      }
    }
  } catch (error) {
    survey.comments.close();
    throw error;
  }
  survey.comments.seal();
  return { ...survey, postEntries: { inBytes: false, refs }, end: end! };
}

/**
 * The survey on bytes, or undefined when the feed must be surveyed on its text. What it reports
 * waits until the whole feed was read: a survey started again from the start reports it all then.
 */
async function surveyBytes(state: FeedState): Promise<FeedSurvey | undefined> {
  const held: (() => void)[] = [];
  const attempt: FeedState = {
    ...state,
    warn: (code, message, source) => held.push(() => state.warn(code, message, source)),
    skip: (what, source) => held.push(() => state.skip(what, source)),
    scope: {},
    undeclared: new Set(),
  };
  const survey = newSurvey(attempt);
  const refs: ByteRecordRef[] = [];
  let plain: PlainComments | undefined;
  // A plain comment (nearly all) is read off its bytes; any other entry is decoded and parsed.
  const read = (record: ByteRecord, kind: EntryKind | undefined, latin1: string | undefined): ParsedEntry<CommentEntry> => {
    const entry = kind === 'comment' && record.clean ? (plain ??= new PlainComments(attempt.scope)).read(record.bytes, latin1) : undefined;
    return entry ? { entry, issues: [] } : parseRecord(byteRecordText(record), attempt, true);
  };
  let complete = false;
  try {
    for await (const batch of scanXmlBytes(state.feed.open(), { encoding: state.options.encoding })) {
      for (const event of batch) {
        if (event.type === 'root') surveyRoot(event.name, event.attributes, survey, attempt);
        else if (event.type === 'end') complete = true;
        else if (event.type === 'fallback') break;
        else if (localName(event.record.name) !== 'entry') readFeedFact(byteRecordText(event.record), attempt, survey.facts);
        else {
          const { record } = event;
          // A small entry (a comment) is seen as Latin-1 once, for its kind and its reading.
          const latin1 = record.bytes.length <= SMALL_ENTRY ? record.bytes.toString('latin1') : undefined;
          const kind = quickKindOfBytes(record.bytes, latin1);
          if (surveyEntry(kind, record.index, () => read(record, kind, latin1), survey, attempt)) refs.push(byteRecordRef(record));
        }
      }
    }
  } catch {
    // Whatever stopped it (a feed that is no Blogger export …) stops the survey on text too, which says so after what it reports first.
    complete = false;
  }
  if (!complete) {
    survey.comments.close();
    return undefined;
  }
  for (const report of held) report();
  state.scope = attempt.scope;
  state.undeclared = attempt.undeclared;
  survey.comments.seal();
  return { ...survey, postEntries: { inBytes: true, refs }, end: { type: 'end', complete: true } };
}

/** Bytes of an entry seen whole for its kind (see `quickKindOfBytes`): a comment's size. */
const SMALL_ENTRY = 2048;

/** The root element: an Atom feed, whose namespace declarations hold in every entry. */
function surveyRoot(name: string, attributes: Record<string, string>, survey: Survey, state: FeedState): void {
  checkRoot(name, attributes, state.file);
  state.scope = namespaceScope(attributes);
  survey.takeout = Object.values(state.scope).includes(TAKEOUT_NS);
  if (survey.takeout) survey.schema = 'export';
}

/**
 * One entry, its kind guessed from its start (`quickKind`). Posts, pages and the template are
 * left for pass 2; comments and settings are read now, from the text `text` gives. Returns
 * whether pass 2 reads the entry (every entry not known to be a comment or settings).
 */
function surveyEntry(kind: EntryKind | undefined, index: number, read: () => ParsedEntry<CommentEntry>, survey: Survey, state: FeedState): boolean {
  const { file, warn, skip } = state;
  survey.entries++;
  const later = kind !== 'comment' && kind !== 'settings';
  if (kind === 'post' || kind === 'page' || kind === 'template') {
    survey.schema ??= 'export';
    return later; // read in pass 2
  }
  const parsed = read();
  const entry = parsed.entry;
  if (!entry) return later; // reported in pass 2
  // An entry that says nothing of its kind (one damaged beyond reading it) decides nothing:
  // the feed is judged by the entries that do, and this one is reported in pass 2.
  if (entry.kindName !== 'unknown') survey.schema ??= schemaOf(entry, survey.facts, file);
  if (entry.kind === 'comment') {
    deliverIssues(parsed, state);
    const source = { file, entry: index };
    const outcome = toComment(entry, index, file);
    if (survey.comments.has(outcome.id)) {
      warn('DUPLICATE_ID', `entry ${index}: a second comment with id ${outcome.id}; the first was kept`, source);
      skip('duplicate comment', source);
    } else if ('skip' in outcome) {
      survey.comments.addGone(outcome.id, outcome.refs);
      skip(outcome.skip, source);
    } else {
      survey.comments.addLive(outcome, outcome.refs);
    }
  } else if (entry.kind === 'settings') {
    deliverIssues(parsed, state);
    const name = settingName(entry.id);
    if (name && entry.content) survey.settings.set(name, copyString(entry.content.value.trim()));
  }
  return later;
}

/** Pass 2: posts and pages, one entry at a time, each with its comments. Returns how many were yielded. */
async function* yieldPosts(state: FeedState, comments: CommentBook, entries: EntryPlaces, context: FeedContext): AsyncGenerator<Post, number> {
  const { file, warn, skip } = state;
  const seen = new Set<string>();
  let posts = 0;
  // Only the entries pass 1 left for this pass are cut out again: the feed is not scanned twice.
  const records: AsyncIterable<(ByteRecord | XmlRecord)[]> = entries.inBytes
    ? sliceByteRecords(state.feed.open(), entries.refs, { file })
    : sliceRecords(state.feed.open(), entries.refs, { encoding: state.options.encoding, file });
  let plain: PlainPosts | undefined;
  // An entry of a UTF-8 feed without forbidden characters (nearly all) is read off its bytes
  // when it is plain; any other is decoded and parsed.
  const read = (record: ByteRecord | XmlRecord): ParsedEntry => {
    if (!('bytes' in record)) return parseRecord(record, state);
    const entry = record.clean ? (plain ??= new PlainPosts(state.scope)).read(record.bytes) : undefined;
    return entry ? { entry, issues: [] } : parseRecord(byteRecordText(record), state);
  };
  for await (const batch of records) {
    for (const record of batch) {
      const source: SourceRef = { file, entry: record.index };
      const parsed = read(record);
      const entry = parsed.entry;
      if (!entry) {
        deliverIssues(parsed, state);
        warn('BROKEN_ENTRY', `entry ${record.index} (line ${record.line}) could not be read as XML and was skipped`, { file, line: record.line, entry: record.index });
        skip('broken entry', source);
        continue;
      }
      switch (entry.kind) {
        case 'post':
        case 'page': {
          if (entry.id && seen.has(entry.id)) {
            deliverIssues(parsed, state);
            warn('DUPLICATE_ID', `entry ${record.index}: a second ${entry.kind} with id ${entry.id}; the first was kept`, source);
            skip(`duplicate ${entry.kind}`, source);
            continue;
          }
          if (entry.id) seen.add(copyString(entry.id));
          const outcome = toPost(entry, record.index, context);
          if ('skip' in outcome) {
            deliverIssues(parsed, state);
            skip(outcome.skip, source);
            // Its comments go with it: counted, not silently dropped.
            const dropped = entry.id ? comments.take(entry.id, entry.permalink).length : 0;
            for (let i = 0; i < dropped; i++) skip(`comment on ${outcome.skip}`, source);
            continue;
          }
          const { post } = outcome;
          post.warnings.unshift(...deliverIssues(parsed, state, true));
          post.comments = comments.take(post.id, post.url ?? entry.permalink);
          posts++;
          yield post;
          break;
        }
        case 'template':
          deliverIssues(parsed, state);
          skip('template', source);
          break;
        case 'comment':
        case 'settings':
          break; // read in pass 1
        default:
          deliverIssues(parsed, state);
          skip('unknown entry', source);
          warn(
          'UNKNOWN_ENTRY',
          entry.kindName === 'unknown'
            ? `entry ${record.index} (line ${record.line}) says nothing of its kind (no Blogger kind category or blogger:type, perhaps damaged); not converted`
            : `entry ${record.index} is a "${kindShown(entry.kindName)}", not a post, page or comment; not converted`,
          source,
        );
      }
    }
  }
  return posts;
}

/**
 * An entry's kind as written, for a message: one short line. A damaged entry's "kind" can be
 * most of the entry (`<blogger:type>` left open swallows everything up to `</entry>`).
 */
function kindShown(name: string): string {
  const flat = name.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}

/** The error for an export that stops before its end: where it broke, and what was read. */
function truncation(file: string, end: Extract<XmlScanEvent, { type: 'end' }>, entries: number, read: string): BlogportError {
  const inside = end.openRecord ? `, inside entry ${end.openRecord.index} that starts at line ${end.openRecord.line}` : '';
  return new BlogportError(
    'INPUT_TRUNCATED',
    `the export is cut off at line ${end.line}, column ${end.column}${inside}; ${read}`,
    { file, line: end.line },
    entries > 0 ? 'the posts before the cut were converted; download or export the blog again for the rest' : 'download or export the blog again',
  );
}

/** Refuse, with a name for what it is instead, any XML that is not an Atom feed. */
function checkRoot(name: string, attributes: Record<string, string>, file: string): void {
  const local = localName(name);
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : '';
  const ns = attributes[prefix ? `xmlns:${prefix}` : 'xmlns'];
  if (local === 'feed' && ns === ATOM_NS) return;
  const values = Object.values(attributes).join(' ');
  let what: string;
  if (local === 'rss' && /wordpress\.org\/export/.test(values)) what = 'a WordPress export (WXR)';
  else if (local === 'rss') what = 'an RSS feed';
  else if (local === 'feed') what = 'a feed, but not in the Atom namespace';
  else if (local === 'html') what = 'an HTML page';
  else what = `XML whose root element is <${name}>`;
  throw new BlogportError('FORMAT_UNKNOWN', `is ${what}, not a Blogger export`, { file }, 'name the right format with --from, or use auto-detection');
}

/** Classic exports and Takeout are exports; entries known only by their Blogger ids are the public feed. */
function schemaOf(entry: CommentEntry, facts: FeedFacts, file: string): 'export' | 'public-feed' {
  if (entry.kindName !== 'id' && entry.kindName !== 'unknown') return 'export';
  if (entry.kindName === 'id' && /^tag:blogger\.com,1999:blog-/.test(facts.id ?? entry.id ?? '')) return 'public-feed';
  throw new BlogportError('FORMAT_UNKNOWN', 'is an Atom feed, but not a Blogger export (its entries have no Blogger kind or blogger:type)', { file }, 'name the right format with --from');
}

function namespaceScope(attributes: Record<string, string>): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'xmlns') scope[''] = value;
    else if (key.startsWith('xmlns:')) scope[key.slice(6)] = value;
  }
  return scope;
}

/** A feed-level element: the blog's id, title, home link, export time. */
function readFeedFact(record: RecordText, state: FeedState, facts: FeedFacts & { updated?: string }): void {
  const element = parseXmlElement(record.xml, { prefixes: BLOGGER_PREFIXES, scope: state.scope });
  if (!element) return;
  switch (element.name) {
    case 'id':
      facts.id ??= textOf(element).trim();
      break;
    case 'title':
      facts.title ??= textOf(element).replace(/\s+/g, ' ').trim() || undefined;
      break;
    case 'updated':
      facts.updated ??= textOf(element).trim();
      break;
    case 'link': {
      const href = element.attribute('href');
      if (element.attribute('rel') === 'alternate' && href) facts.url ??= href.trim();
      break;
    }
  }
}

/** XML 1.0 forbids these; exports pasted from Word carry them. They are dropped (and reported). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Parse an entry; `lean` (pass 1) reads only a comment's or the settings' fields (see `readEntry`). */
function parseRecord(record: RecordText, state: FeedState): ParsedEntry;
function parseRecord(record: RecordText, state: FeedState, lean: true): ParsedEntry<CommentEntry>;
function parseRecord(record: RecordText, state: FeedState, lean = false): ParsedEntry<BloggerEntry | CommentEntry> {
  const file = state.file;
  const issues: EntryIssue[] = [];
  let xml = record.xml;
  const at = (offset: number): SourceRef => ({ file, line: record.line + countNewlines(xml, offset), entry: record.index });
  CONTROL_CHARACTERS.lastIndex = 0;
  // The scanner searched the bytes already when it could (see XmlRecord.clean).
  if (!record.clean && CONTROL_CHARACTERS.test(xml)) {
    let removed = 0;
    xml = xml.replace(CONTROL_CHARACTERS, () => {
      removed++;
      return '';
    });
    issues.push({ code: 'CONTROL_CHARACTERS', message: `entry ${record.index}: removed ${removed} control character${removed === 1 ? '' : 's'} that XML does not allow`, source: { file, line: record.line, entry: record.index } });
  }
  const element = parseXmlElement(xml, {
    prefixes: BLOGGER_PREFIXES,
    scope: state.scope,
    onIssue: (issue) => {
      const warning: EntryIssue = { code: issue.code, message: `entry ${record.index}: ${issue.message}`, source: at(issue.offset) };
      if (issue.prefix) warning.prefix = issue.prefix;
      issues.push(warning);
    },
  });
  if (!element || localName(element.name) !== 'entry') return { issues };
  return { entry: lean ? readEntry(element, xml, true) : readEntry(element, xml), issues };
}

/**
 * Report an entry's problems. An undeclared prefix is the whole feed's problem: reported once,
 * as an archive warning. The rest are the entry's: returned to travel with its post when
 * `keep` is set, else reported.
 */
function deliverIssues(parsed: ParsedEntry<unknown>, state: FeedState, keep = false): PostWarning[] {
  const kept: PostWarning[] = [];
  for (const { prefix, ...issue } of parsed.issues) {
    if (prefix !== undefined) {
      if (state.undeclared.has(prefix)) continue;
      state.undeclared.add(prefix);
      state.warn(issue.code, issue.message, issue.source);
    } else if (keep) kept.push(issue);
    else state.warn(issue.code, issue.message, issue.source);
  }
  return kept;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
