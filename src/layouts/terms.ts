/**
 * How each generator turns a tag into the path segment of its tag page. Each follows the
 * generator's own documented behaviour, so a redirect or a rewritten link lands on the page the
 * generator actually builds.
 */
import slugifyText from '@sindresorhus/slugify';

/**
 * Hugo's taxonomy term path (`urlize`): Unicode letters, digits and marks are kept, as are
 * `. / \ _ # + ~ - @` and `%XX` escapes; a run of white space becomes one hyphen (none at the
 * start, none right after a hyphen); everything else is dropped; then lower case, one character
 * at a time as Go does it (`İ` → `i`, where JavaScript's `toLowerCase` gives `i̇`).
 * `Land Use` → `land-use`, `Café` → `café`, `C++` → `c++`, `Q&A` → `qa`.
 */
export function hugoTerm(tag: string): string {
  const chars = [...tag.trim()];
  let out = '';
  let pendingHyphen = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const escape = ch === '%' && /^[0-9A-Fa-f]{2}$/.test((chars[i + 1] ?? '') + (chars[i + 2] ?? ''));
    if (escape || /^[\p{L}\p{N}\p{M}./\\_#+~@-]$/u.test(ch)) {
      if (pendingHyphen && ch !== '-') out += '-';
      pendingHyphen = false;
      out += ch;
    } else if (out !== '' && !out.endsWith('-') && /^\s$/u.test(ch)) {
      pendingHyphen = true;
    }
  }
  return [...out].map((ch) => String.fromCodePoint(ch.toLowerCase().codePointAt(0)!)).join('');
}

/**
 * Jekyll's `slugify` in its default mode (what jekyll-archives names tag pages with): every run of
 * characters other than Unicode letters, marks and decimal digits becomes one hyphen, hyphens at
 * the ends are dropped, then lower case. `Land Use` → `land-use`, `Café` → `café`.
 */
export function jekyllTerm(tag: string): string {
  return tag
    .replace(/[^\p{M}\p{L}\p{Nd}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/**
 * Eleventy's `slugify` filter (@sindresorhus/slugify without decamelising, apostrophes dropped):
 * transliterated ASCII, lower case, hyphens. `Land Use` → `land-use`, `Café` → `cafe`,
 * `Don't panic` → `dont-panic`.
 */
export function eleventyTerm(tag: string): string {
  return slugifyText(tag, { decamelize: false, customReplacements: [["'", '']] });
}
