import type { BlogInfo } from '../../model/post.js';
import { SETTINGS } from './schema.js';

/**
 * A blog's settings, as the export states them: classic exports carry one `settings` entry per
 * setting (`…settings.BLOG_NAME`), Takeout a `settings.csv` beside `feed.atom` (a header row of
 * lower-case names, one row of values). Both end up here keyed by upper-case name.
 */
export type BlogSettings = Map<string, string>;

/** The setting's name from a classic settings entry id (`tag:blogger.com,1999:blog-1.settings.BLOG_NAME`). */
export function settingName(id: string | undefined): string | undefined {
  const m = id ? /\.settings\.([A-Za-z0-9_]+)$/.exec(id) : null;
  return m ? m[1]!.toUpperCase() : undefined;
}

/** Takeout's settings.csv → settings (`blog_name` → `BLOG_NAME`). */
export function settingsFromCsv(text: string): BlogSettings {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const settings: BlogSettings = new Map();
  const [header, values] = rows;
  if (!header || !values) return settings;
  header.forEach((name, i) => {
    const value = values[i];
    if (name.trim() && value !== undefined && value !== '') settings.set(name.trim().toUpperCase(), value);
  });
  return settings;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface FeedFacts {
  /** The feed's `<id>` (`tag:blogger.com,1999:blog-123.archive`). */
  id?: string;
  title?: string;
  /** The feed's `alternate` link: the blog's home page. */
  url?: string;
}

/**
 * The blog, from its settings and the feed's own id, title and link. The blog id is Blogger's
 * number; its URL is the feed's home link, else built from the blog's address settings
 * (Takeout only names the blogspot subdomain: `https://NAME.blogspot.com/`, which Blogger keeps
 * redirecting to a custom domain).
 */
export function blogInfoOf(feed: FeedFacts, settings: BlogSettings, fallbackId: string): BlogInfo {
  const id = blogIdOf(feed.id) ?? fallbackId;
  const blog: BlogInfo = { id };
  const title = pick(settings, SETTINGS.name) ?? feed.title;
  if (title) blog.title = title;
  const url = feed.url ?? blogUrlFromSettings(settings);
  if (url) blog.url = url;
  const hosts = hostsFromSettings(settings).filter((host) => !url || !sameHost(host, url));
  if (hosts.length > 0) blog.hosts = hosts;
  const timezone = pick(settings, SETTINGS.timezone);
  if (timezone) blog.timezone = timezone;
  const convertLineBreaks = settings.get('BLOG_CONVERT_LINE_BREAKS')?.trim().toLowerCase();
  if (convertLineBreaks === 'true' || convertLineBreaks === 'false') blog.convertLineBreaks = convertLineBreaks === 'true';
  return blog;
}

/** `tag:blogger.com,1999:blog-8602458710133943982.archive` → `8602458710133943982`. */
export function blogIdOf(id: string | undefined): string | undefined {
  return id ? /blog-(\d+)/.exec(id)?.[1] : undefined;
}

function blogUrlFromSettings(settings: BlogSettings): string | undefined {
  const explicit = settings.get('BLOG_URL');
  if (explicit && /^https?:\/\//i.test(explicit)) return explicit.endsWith('/') ? explicit : `${explicit}/`;
  const custom = pick(settings, SETTINGS.customDomain);
  if (custom) return `https://${custom.replace(/^https?:\/\//i, '').replace(/\/+$/, '')}/`;
  const subdomain = pick(settings, SETTINGS.subdomain);
  if (subdomain && /^[a-z0-9-]+$/i.test(subdomain)) return `https://${subdomain.toLowerCase()}.blogspot.com/`;
  return undefined;
}

/** Every address the settings name: the explicit URL, the custom domain, the blogspot subdomain. */
function hostsFromSettings(settings: BlogSettings): string[] {
  const hosts: string[] = [];
  const explicit = settings.get('BLOG_URL')?.trim();
  if (explicit && /^https?:\/\//i.test(explicit)) hosts.push(explicit);
  const custom = pick(settings, SETTINGS.customDomain);
  if (custom) hosts.push(`https://${custom.replace(/^https?:\/\//i, '').replace(/\/+$/, '')}/`);
  const subdomain = pick(settings, SETTINGS.subdomain);
  if (subdomain && /^[a-z0-9-]+$/i.test(subdomain)) hosts.push(`https://${subdomain.toLowerCase()}.blogspot.com/`);
  return [...new Set(hosts)];
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).hostname.toLowerCase() === new URL(b).hostname.toLowerCase();
  } catch {
    return false;
  }
}

function pick(settings: BlogSettings, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = settings.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}
