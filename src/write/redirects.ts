/**
 * Redirect maps: old path → new path, in the format a server or host reads (`--redirects`). One
 * table entry per format: where the file goes (relative to the blog's output folder, given the
 * layout's public root) and how each line is written, escaped for that format's syntax and
 * matched the way that server matches a request.
 *
 * Blogger's mobile pages are the same path with `?m=1`. Formats that can match a query say so
 * explicitly (Netlify, JSON, CSV); nginx's `location =` and Apache's `RedirectMatch` match the
 * path alone, so the one line already covers `?m=1` (and `?showComment=…`).
 */
import { decodePath, type Redirect } from './siteMap.js';

export type RedirectFormatName = 'netlify' | 'nginx' | 'apache' | 'json' | 'csv';

export interface RedirectFormat {
  name: RedirectFormatName;
  /** Path of the map under the blog's output folder; `publicRoot` is the layout's (`static/`, `public/`, `''`). */
  fileName(publicRoot: string): string;
  /** The whole file. Deterministic: the same redirects give the same bytes. */
  render(redirects: readonly Redirect[]): string;
}

/** Blogger's mobile view of any page: the same path with this query. */
export const MOBILE_QUERY = 'm=1';
const STATUS = 301;

/** A line of comment saying what the file is, for the text formats. */
const HEADER = 'Old Blogger addresses and the new pages they moved to. Written by blogport: re-running it rewrites this file.';

export const redirectFormats: Record<RedirectFormatName, RedirectFormat> = {
  /**
   * Netlify `_redirects` (also read by Cloudflare Pages): `from [query] to status`, fields
   * separated by white space, so paths are percent-encoded (`encodePath` leaves no space, `:` or
   * `*`, which Netlify would read as a placeholder or splat). The `m=1` line comes first: Netlify
   * takes the first rule that matches, and one naming the query drops it from the redirect.
   */
  netlify: {
    name: 'netlify',
    fileName: (root) => `${root}_redirects`,
    render: (redirects) =>
      lines([
        `# ${HEADER}`,
        `# Blogger's mobile addresses (?${MOBILE_QUERY}) first: Netlify uses the first rule that matches.`,
        ...redirects.flatMap((r) => [`${r.from}  ${MOBILE_QUERY}  ${r.to}  ${STATUS}`, `${r.from}  ${r.to}  ${STATUS}`]),
      ]),
  },

  /**
   * nginx: `location = /old { return 301 /new; }`, one per path, to `include` in a `server`
   * block. nginx matches `location` against the decoded path, so the path is written decoded
   * (UTF-8), in double quotes when it holds anything nginx's config syntax would read.
   */
  nginx: {
    name: 'nginx',
    fileName: () => 'redirects.nginx.conf',
    render: (redirects) =>
      lines([
        `# ${HEADER}`,
        '# Include it inside a server { } block. `location =` matches the path alone, so',
        `# Blogger's mobile addresses (?${MOBILE_QUERY}) are redirected by the same line, without the query.`,
        ...redirects.map((r) => `location = ${nginxString(serverPath(r.from))} { return ${STATUS} ${nginxString(r.to)}; }`),
      ]),
  },

  /**
   * Apache (`.htaccess`, mod_alias): `RedirectMatch 301 ^/old$ /new`. An exact regular
   * expression rather than `Redirect`, which matches every path that starts with the old one.
   * Apache matches the decoded path; the expression spells every character that is not a plain
   * letter, digit or `/-_~` as an escape (`\.`, `\x20`, UTF-8 bytes as `\xC3\xA9`), so no
   * regex or config syntax survives in it. The target is written decoded: Apache percent-encodes
   * it itself (an encoded one would come out as `%25C3…`). Checked against Apache 2.4.
   */
  apache: {
    name: 'apache',
    fileName: (root) => `${root}.htaccess`,
    render: (redirects) =>
      lines([
        `# ${HEADER}`,
        `# mod_alias; RedirectMatch matches the path alone, so Blogger's mobile addresses (?${MOBILE_QUERY}) are redirected too.`,
        ...redirects.map((r) => `RedirectMatch ${STATUS} ^${regexLiteral(decodePath(r.from))}$ ${apacheTarget(r.to)}`),
      ]),
  },

  /** JSON: `[{ "from", "to", "status", "kind" }]`, paths percent-encoded, mobile addresses as their own entries. */
  json: {
    name: 'json',
    fileName: () => 'redirects.json',
    render: (redirects) => `${JSON.stringify(withMobile(redirects), null, 2)}\n`,
  },

  /** CSV (RFC 4180) with a header row: `from,to,status,kind`, as the JSON. */
  csv: {
    name: 'csv',
    fileName: () => 'redirects.csv',
    render: (redirects) =>
      `${[['from', 'to', 'status', 'kind'], ...withMobile(redirects).map((r) => [r.from, r.to, String(r.status), r.kind])]
        .map((row) => row.map(csvField).join(','))
        .join('\r\n')}\r\n`,
  },
};

/** Format names in the order --help shows them. */
export const redirectFormatNames = Object.keys(redirectFormats) as RedirectFormatName[];

function lines(list: readonly string[]): string {
  return `${list.join('\n')}\n`;
}

/** Each redirect, then the same old path with `?m=1`. */
function withMobile(redirects: readonly Redirect[]): { from: string; to: string; status: number; kind: string }[] {
  return redirects.flatMap((r) => [
    { from: r.from, to: r.to, status: STATUS, kind: r.kind },
    { from: `${r.from}?${MOBILE_QUERY}`, to: r.to, status: STATUS, kind: r.kind },
  ]);
}

/**
 * A path as servers match it, decoded — unless that would put a control character (a line break
 * from `%0A`…) into the config file: inputs are untrusted, and such a path stays encoded (it
 * then matches nothing, and injects nothing).
 */
function serverPath(encoded: string): string {
  const decoded = decodePath(encoded);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(decoded) ? encoded : decoded;
}

/**
 * A string for nginx's config: bare when it is plain path characters, else in double quotes with
 * `\` and `"` escaped (nginx reads `\"`, `\\`, `\n`, `\r`, `\t` in quoted strings).
 */
function nginxString(text: string): string {
  if (/^[A-Za-z0-9\-._~/%]+$/.test(text)) return text;
  const escaped = text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

/**
 * A regular expression (PCRE, as Apache uses it) matching exactly `text`: letters, digits and
 * `/-_~` as they are, other ASCII punctuation backslash-escaped, and as `\xHH` space, controls,
 * quotes (Apache's config syntax), the backslash (Apache's config reader turns `\\` into `\`)
 * and each UTF-8 byte of a non-ASCII character (Apache matches bytes).
 */
export function regexLiteral(text: string): string {
  let out = '';
  for (const ch of text) {
    if (/^[A-Za-z0-9/\-_~]$/.test(ch)) out += ch;
    else if (/^[!-/:-@[-`{-~]$/.test(ch) && !`"'\\`.includes(ch)) out += `\\${ch}`;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A RedirectMatch target: the decoded path, with what Apache's substitution would read escaped
 * (`$` → `\$`; a backslash is `\\\\` once the config reader and the substitution each take
 * one), in double quotes when it has white space or a quote.
 */
function apacheTarget(encoded: string): string {
  const text = serverPath(encoded).replace(/\\/g, '\\\\\\\\').replace(/\$/g, '\\$');
  return /[\s"]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
