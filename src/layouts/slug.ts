/**
 * Slugs: the file/URL-safe name of a post. A slug is always `[a-z0-9]+(-[a-z0-9]+)*` — ASCII,
 * lowercase, hyphen-separated — so it can never be `.`/`..`, contain `/` or `\`, start with `_`
 * or `.` (hidden/special to site generators) or be a Windows device name.
 */
import slugifyText from '@sindresorhus/slugify';
import { BlogportError } from '../model/errors.js';

export const DEFAULT_SLUG_LENGTH = 80;
/** Shorter caps would leave no room for the `-2` suffixes of duplicates. */
export const MIN_SLUG_LENGTH = 16;

/** What every slug produced here matches. Layouts refuse anything else in a path. */
export const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Characters whose slug is just "lowercase, everything else a hyphen". */
const PLAIN_ASCII = /^[A-Za-z0-9 \t\-_.,:;!?"()/\\@#$%*+=[\]{}<>|~]*$/;

/** Device names Windows refuses as file names whatever the extension (`con.md` too). */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * Readable ASCII slug of `text`: transliterated (`Café` → `cafe`, `Straße` → `strasse`,
 * `Привет` → `privet`; German umlauts use the German convention, `Über` → `ueber`), lowercase,
 * runs of anything else collapsed to one hyphen, `&` → `and`. CamelCase is NOT split
 * (`iPhone` → `iphone`).
 *
 * Returns `''` when nothing transliterable is left (`日本語`, emoji only, `...`): the caller
 * falls back (to the title, the id, …).
 *
 * Capped at `maxLength` (default 80, at least 16) on a word boundary when there is one; a single
 * over-long word is cut. Windows device names get a suffix (`con` → `con-1`).
 */
export function slugify(text: string, options: { maxLength?: number } = {}): string {
  const maxLength = checkMaxLength(options.maxLength);
  // Plain-ASCII titles need no transliteration: the library would give exactly this (checked
  // over random strings of these characters), at a fraction of its cost — it rebuilds its
  // patterns on every call. Apostrophes, `&`, `^` and backticks have rules of their own there.
  let slug = PLAIN_ASCII.test(text) ? text.toLowerCase() : slugifyText(text, { decamelize: false, lowercase: true });
  // The library keeps only [a-z0-9-] here, but make the invariant local and certain.
  slug = slug
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  slug = capSlug(slug, maxLength);
  if (WINDOWS_RESERVED.test(slug)) slug = `${slug}-1`;
  return slug;
}

/**
 * Hands out unique slugs within one output. The first `hello` gets `hello`, later ones
 * `hello-2`, `hello-3`, … shortened if needed to stay within `maxLength`.
 *
 * Uniqueness is case-insensitive (`Hello` and `hello` collide, as they do on macOS and Windows
 * file systems) and per scope: the key is `scope + '/' + slug`. Layouts say which scope a post
 * lives in (`Layout.slugScope`), e.g. per folder, or per date for Jekyll's dated file names.
 */
export class SlugRegistry {
  private readonly taken = new Set<string>();
  private readonly maxLength: number;

  constructor(options: { maxLength?: number } = {}) {
    this.maxLength = checkMaxLength(options.maxLength);
  }

  /** Claim `slug` (or the first free `slug-N`) in `scope`; returns the slug to use. */
  claim(slug: string, scope = ''): string {
    if (slug === '') throw new TypeError('SlugRegistry.claim: empty slug (fall back before claiming)');
    const base = capSlug(slug, this.maxLength);
    if (this.tryTake(base, scope)) return base;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = capSlug(base, this.maxLength - suffix.length) + suffix;
      if (this.tryTake(candidate, scope)) return candidate;
    }
  }

  /** Mark `slug` as taken in `scope` without claiming it (names the site generator owns). */
  reserve(slug: string, scope = ''): void {
    this.taken.add(key(slug, scope));
  }

  /** Whether `slug` is already taken in `scope` (case-insensitively). */
  has(slug: string, scope = ''): boolean {
    return this.taken.has(key(slug, scope));
  }

  private tryTake(slug: string, scope: string): boolean {
    const k = key(slug, scope);
    if (this.taken.has(k)) return false;
    this.taken.add(k);
    return true;
  }
}

function key(slug: string, scope: string): string {
  return `${scope}/${slug}`.normalize('NFC').toLowerCase();
}

/** Cut at the last hyphen within `max` when there is one, else hard; no trailing hyphen. */
function capSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  let cut = slug.slice(0, max);
  if (slug[max] !== '-') {
    const lastHyphen = cut.lastIndexOf('-');
    if (lastHyphen > 0) cut = cut.slice(0, lastHyphen);
  }
  return cut.replace(/-+$/, '');
}

function checkMaxLength(maxLength: number | undefined): number {
  if (maxLength === undefined) return DEFAULT_SLUG_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < MIN_SLUG_LENGTH) {
    throw new BlogportError(
      'BAD_OPTION',
      `slug length must be a whole number of at least ${MIN_SLUG_LENGTH}, not ${maxLength}`,
      undefined,
      `try ${DEFAULT_SLUG_LENGTH}`,
    );
  }
  return maxLength;
}
