/**
 * Serialising front matter. YAML comes from the `yaml` library, never from string concatenation.
 *
 * Site generators read front matter with YAML 1.1-era parsers (Jekyll: Psych/libyaml; Hugo:
 * go-yaml; Eleventy and Astro: js-yaml), where `yes`, `no`, `on`, `~`, `0123`, `12:30` or
 * `2015-03-01` are not strings. So every string is written so that it reads back as the same
 * string under both YAML 1.2 (core schema) and YAML 1.1 (`compat: 'yaml-1.1'`), and characters
 * that YAML 1.1 treats as line breaks or forbids (NEL, U+2028/9, BOM, DEL, C1 controls, lone
 * surrogates), tabs (libyaml refuses them in plain scalars) and `=` (YAML 1.1's value type) are
 * written double-quoted with escapes. Checked against PyYAML (libyaml) as well as the `yaml`
 * library. Dates, and only dates, are written as plain timestamps
 * (`date: 2015-03-01T22:34:00+01:00`) so generators read them as dates: a layout marks them by
 * wrapping the ISO string in a {@link FrontMatterDate}.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Schema, type ScalarTag, type Tags } from 'yaml';

/** YAML 1.1 timestamp, as the generators' parsers recognise it. */
const TIMESTAMP_RE =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A date value for front matter: written as an unquoted YAML timestamp. `toString()`/`toJSON()`
 * give the ISO string, so it compares and serialises like one outside YAML.
 */
export class FrontMatterDate {
  constructor(readonly iso: string) {
    if (!TIMESTAMP_RE.test(iso)) throw new TypeError(`Not an ISO 8601 timestamp: ${JSON.stringify(iso)}`);
  }
  toString(): string {
    return this.iso;
  }
  toJSON(): string {
    return this.iso;
  }
}

/** Characters written as escapes in a double-quoted string (see the module comment). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[\u0000-\u001f"\\\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\0': '\\0',
};

/** A double-quoted YAML scalar valid in 1.1 and 1.2, with `\uXXXX` for anything risky. */
function escapedDoubleQuoted(value: string): string {
  return `"${value.replace(
    ESCAPE_ALL,
    (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}"`;
}

const timestampTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  identify: (value) => value instanceof FrontMatterDate,
  resolve: (str) => str,
  stringify: (item) => (item.value as FrontMatterDate).iso,
};

/**
 * Strings the library would write in a way some YAML 1.1 parser misreads: characters above,
 * tabs (libyaml/PyYAML refuse a tab inside a plain scalar), `=` (YAML 1.1's "value" type), and
 * two of Psych's own readings (Jekyll): `:word` is a Ruby symbol, which Jekyll's safe loading
 * refuses (the whole site stops building), and digits with commas (`1,000`, `0x1,`) are numbers.
 * Other strings use the library's own string tag.
 */
const isRiskyString = (value: unknown): boolean =>
  typeof value === 'string' &&
  (value === '=' ||
    (value.length > 1 && value.startsWith(':')) ||
    (value.includes(',') && PSYCH_NUMBER.test(value)) ||
    (MAYBE_RISKY.test(value) && (NEEDS_ESCAPE.test(value) || value.includes('\t'))));

/** What Psych may read as an integer or a float once commas are allowed in them (a superset). */
const PSYCH_NUMBER = /^[-+]?[0-9.][0-9a-fA-FxXob_,.]*(?:[eE][-+]?[0-9]+)?$/;

/**
 * Every character NEEDS_ESCAPE or a tab could match, any surrogate included: one cheap scan that
 * rules out almost every string before the exact test (the library asks once per string per tag
 * lookup, and a post has many).
 */
// eslint-disable-next-line no-control-regex
const MAYBE_RISKY = /[\u0000-\u0008\t\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

const riskyStringTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: isRiskyString,
  resolve: (str) => str,
  stringify: (item) => escapedDoubleQuoted(String(item.value)),
};

/**
 * Strings that read back as themselves in every YAML parser when written plain: a letter or `/`
 * first (so never a number, date, `.inf`, `~`, an indicator or a document marker), then only
 * letters, marks, digits, spaces and punctuation that mean nothing inside a block plain scalar,
 * no `: ` or ` #` (a mapping value, a comment), no `:` or space last. Most titles, names, tags,
 * ids, URLs and old paths are such strings. The library would write them plain too, after testing
 * each against every tag of both schemas; this tag answers first and skips those tests (a third
 * of the cost of writing front matter). The words YAML 1.1 or 1.2 read as booleans or null are
 * left to the library, which quotes them.
 */
const SAFE_PLAIN = /^[\p{L}/][\p{L}\p{M}\p{N} _.,/()'!?&+\-:#%=~@;*]*$/u;
/** The same for ASCII, tested first: a third of the cost of the Unicode one. */
const SAFE_PLAIN_ASCII = /^[A-Za-z/][A-Za-z0-9 _.,/()'!?&+\-:#%=~@;*]*$/;
const PLAIN_BREAKERS = /: | #|[: ]$/;
/** Longer strings (comment bodies, descriptions) go to the library: testing them twice per tag lookup costs more than it saves. */
const SAFE_PLAIN_LENGTH = 200;
const WORD_VALUES = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null']);

const isSafePlainString = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length <= SAFE_PLAIN_LENGTH &&
  (SAFE_PLAIN_ASCII.test(value) || SAFE_PLAIN.test(value)) &&
  !PLAIN_BREAKERS.test(value) &&
  !(value.length <= 5 && WORD_VALUES.has(value.toLowerCase()));

const safePlainTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  identify: isSafePlainString,
  resolve: (str) => str,
  stringify: (item) => String(item.value),
};

const DOCUMENT_OPTIONS = {
  version: '1.2',
  schema: 'core',
  // Quote anything a YAML 1.1 parser would read as a bool, number, null or timestamp.
  compat: 'yaml-1.1',
  // Ours first: tags are matched in order.
  customTags: (tags: Tags) => [timestampTag, safePlainTag, riskyStringTag, ...tags],
  aliasDuplicateObjects: false,
  keepUndefined: false,
} as const;

const TO_STRING_OPTIONS = { lineWidth: 0, indentSeq: true, directives: false } as const;

/**
 * The general way, for any value: the library makes the nodes (`createNode`), and finds each
 * scalar's tag by asking every tag whether it identifies the value. One document serves every
 * call: building its schema from the options above is a sixth of the cost of writing a small
 * front matter. `directives: false` skips the walk over the whole tree that looks for tags
 * needing a `%TAG` line: ours are all default tags, so there never is one (and no `---`: the
 * text is the same).
 */
let general: Document | undefined;

/** {@link stringifyData} the general way only: for the tests that compare the two ways. */
export function stringifyDataGenerally(value: unknown): string {
  general ??= new Document(null, DOCUMENT_OPTIONS);
  general.contents = general.createNode(value, DOCUMENT_OPTIONS);
  return general.toString(TO_STRING_OPTIONS);
}

/*
 * The fast way, for the values layouts give (plain objects and arrays of strings, dates,
 * numbers, booleans): the nodes are made here, and each string is classified once, by the same
 * tests in the same order as the library's tag lookup (safe plain, then risky, then the
 * library's string tag), which marks its node with the chosen tag. The library then picks the
 * tag object by name and format instead of calling every tag's `identify`: twice per string the
 * general way (once making the node, once writing it). The tag objects, and so every scalar's
 * text, are the same; so is the document's text (the tests compare the two ways on random data).
 */
const STR_TAG = 'tag:yaml.org,2002:str';
const SAFE_PLAIN_FORMAT = 'blogport-safe-plain';
const ESCAPED_FORMAT = 'blogport-escaped';

const FAST_OPTIONS = {
  ...DOCUMENT_OPTIONS,
  // Tags with a `format` are chosen only by a node carrying that format (see stringFormat).
  customTags: (tags: Tags) => [
    timestampTag,
    { ...safePlainTag, format: SAFE_PLAIN_FORMAT },
    { ...riskyStringTag, format: ESCAPED_FORMAT },
    ...tags,
  ],
} as const;

/**
 * Its version is null, which turns off directives, explicit tags and anchors: the tags marked on
 * nodes select tag objects, and are never written (they are all default tags anyway).
 */
let fast: Document | undefined;

function fastDocument(): Document {
  if (!fast) {
    fast = new Document(null, FAST_OPTIONS);
    fast.setSchema(null, { schema: fast.schema });
  }
  return fast;
}

/**
 * Nodes are reused from one call to the next: making them is most of the cost of building the
 * tree (each constructor defines a property), and a call only needs them while it writes. The
 * pools hold the nodes of the largest document written so far, up to a cap; past it, nodes are
 * made afresh. Like a document's contents, they keep the last document's values alive until
 * the next call.
 */
const POOL_MAX = 4096;
const scalarPool: Scalar[] = [];
const pairPool: Pair[] = [];
const mapPool: YAMLMap[] = [];
const seqPool: YAMLSeq[] = [];
let scalarsUsed = 0;
let pairsUsed = 0;
let mapsUsed = 0;
let seqsUsed = 0;

function scalarNode(value: unknown, tag: string | undefined, format: string | undefined): Scalar {
  let node = scalarPool[scalarsUsed];
  if (node) node.value = value;
  else {
    node = new Scalar(value);
    if (scalarsUsed < POOL_MAX) scalarPool.push(node);
  }
  scalarsUsed++;
  node.tag = tag;
  node.format = format;
  return node;
}

function pairNode(key: Scalar, value: Scalar | YAMLMap | YAMLSeq): Pair {
  let node = pairPool[pairsUsed];
  if (node) {
    node.key = key;
    node.value = value;
  } else {
    node = new Pair(key, value);
    if (pairsUsed < POOL_MAX) pairPool.push(node);
  }
  pairsUsed++;
  return node;
}

function mapNode(schema: Schema): YAMLMap {
  let node = mapPool[mapsUsed];
  if (node) node.items.length = 0;
  else {
    node = new YAMLMap(schema);
    if (mapsUsed < POOL_MAX) mapPool.push(node);
  }
  mapsUsed++;
  return node;
}

function seqNode(schema: Schema): YAMLSeq {
  let node = seqPool[seqsUsed];
  if (node) node.items.length = 0;
  else {
    node = new YAMLSeq(schema);
    if (seqsUsed < POOL_MAX) seqPool.push(node);
  }
  seqsUsed++;
  return node;
}

/** The format marking which of our string tags the library's lookup would choose, if any. */
function stringFormat(value: string): string | undefined {
  if (isSafePlainString(value)) return SAFE_PLAIN_FORMAT;
  if (isRiskyString(value)) return ESCAPED_FORMAT;
  return undefined;
}

/**
 * Key nodes, shared by every document (a node is only read while writing). Front matter and
 * comments use a few dozen keys; the cap keeps arbitrary data from growing it without end.
 */
const keyNodes = new Map<string, Scalar>();
const KEY_NODES_MAX = 1000;

function keyNode(key: string): Scalar {
  let node = keyNodes.get(key);
  if (!node) {
    node = new Scalar(key);
    node.tag = STR_TAG;
    node.format = stringFormat(key);
    if (keyNodes.size < KEY_NODES_MAX) keyNodes.set(key, node);
  }
  return node;
}

/** What `createNode` would make of `value`, or undefined for a value only the general way handles. */
function fastNode(value: unknown, schema: Schema): Scalar | YAMLMap | YAMLSeq | undefined {
  switch (typeof value) {
    case 'string':
      // Marked with the tag the library's lookup would choose for it.
      return scalarNode(value, STR_TAG, stringFormat(value));
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      // Untagged: the library's lookup chooses, as it does for the nodes `createNode` makes.
      return scalarNode(value, undefined, undefined);
    case 'object': {
      if (value === null) return scalarNode(value, undefined, undefined);
      if (value instanceof FrontMatterDate) return scalarNode(value, timestampTag.tag, undefined);
      // createNode calls a toJSON, and makes a sequence of anything iterable.
      if ('toJSON' in value) return undefined;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === Array.prototype) {
        const seq = seqNode(schema);
        for (const item of value as unknown[]) {
          const node = fastNode(item, schema);
          if (!node) return undefined;
          seq.items.push(node);
        }
        return seq;
      }
      if ((proto === Object.prototype || proto === null) && !(Symbol.iterator in value)) {
        const map = mapNode(schema);
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) {
          const item = record[key];
          if (item === undefined) continue;
          const node = fastNode(item, schema);
          if (!node) return undefined;
          map.items.push(pairNode(keyNode(key), node));
        }
        return map;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The front matter as YAML text (without the `---` fences). */
export function stringifyFrontMatter(frontMatter: Record<string, unknown>): string {
  return stringifyData(frontMatter);
}

/**
 * Plain data (a comments data file) as YAML text, written like front matter: generators read
 * data files with the same YAML 1.1-era parsers (Jekyll's `_data` with Psych), so a commenter
 * named `yes` or `null` must stay a string there too.
 */
export function stringifyData(value: unknown): string {
  const doc = fastDocument();
  scalarsUsed = pairsUsed = mapsUsed = seqsUsed = 0;
  const contents = fastNode(value, doc.schema);
  if (!contents) return stringifyDataGenerally(value);
  doc.contents = contents;
  return doc.toString(TO_STRING_OPTIONS);
}

/** `---\n<yaml>---\n\n<body>`: a Markdown file with YAML front matter. Ends with one newline. */
export function renderDocument(frontMatter: Record<string, unknown>, markdownBody: string): string {
  const yaml = Object.keys(frontMatter).length === 0 ? '' : stringifyFrontMatter(frontMatter);
  const body = markdownBody.replace(/^(?:\r?\n)+/, '').trimEnd();
  return `---\n${yaml}---\n\n${body}${body ? '\n' : ''}`;
}
