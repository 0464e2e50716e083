/**
 * Where a post's images go and what they are called. Names come from the URL's file name
 * (`…/s1600/Investment-page-001.jpg` → `investment-page-001`), made into a safe slug: a scraped
 * page cannot choose a path (`../../etc/passwd`, `C:\`, `%2e%2e`, a device name), because nothing
 * of the URL survives but `[a-z0-9-]`. Each post gets its own folder; names are unique in it
 * (case-insensitively), handed out in the order the post refers to them.
 */
import { posix } from 'node:path';
import type { Layout } from '../../layouts/layout.js';
import { slugify } from '../../layouts/slug.js';
import { BlogportError } from '../../model/errors.js';

/** Where one post's images are stored and how its document links them. */
export interface AssetPlace {
  /** Folder (relative to the output folder, POSIX) this post's new files go in. */
  folder: string;
  /**
   * Files are shared within a scope: the same URL or the same bytes are stored once per scope.
   * The blog's assets folder when images sit in a static folder; the bundle with Hugo bundles.
   */
  scope: string;
  /** The link a document at `documentPath` uses for a stored file at `path`. */
  linkTo(path: string): string;
}

export interface PlaceOptions {
  bundle: boolean;
  /** `--assets-dir`; the layout's default when absent. */
  assetsDir?: string;
}

const STEM_LENGTH = 60;

/**
 * The folder for a post's images and the links to them. With Hugo bundles (and no explicit
 * `--assets-dir`) that is the bundle itself (`content/posts/<slug>/`, linked by file name);
 * otherwise `<assets dir>/<post key>/`, linked at the URL the generator publishes it at, or
 * relatively when it publishes it nowhere (the plain layout).
 */
export function placeFor(layout: Layout, options: PlaceOptions, documentPath: string, prefix: string): AssetPlace {
  const relativeLink = (path: string) => encodePath(posix.relative(posix.dirname(documentPath), path));
  if (options.bundle && !options.assetsDir && documentPath.endsWith('/index.md')) {
    const folder = posix.dirname(documentPath);
    return { folder, scope: folder, linkTo: relativeLink };
  }
  const root = prefix + (options.assetsDir ?? layout.assets.dir);
  return {
    folder: `${root}/${postKey(documentPath.slice(prefix.length))}`,
    scope: root,
    linkTo: (path) => {
      const served = path.startsWith(prefix) ? layout.assets.urlOf(path.slice(prefix.length)) : undefined;
      return served !== undefined ? encodePath(served) : relativeLink(path);
    },
  };
}

/** A path as a URL path: each segment percent-encoded (`media files/a#1.jpg` → `media%20files/a%231.jpg`). */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * A post's folder name under the assets folder, from its (unique) document path:
 * `content/posts/hello.md` → `posts/hello`, `_posts/2015-03-01-hello.md` → `posts/2015-03-01-hello`,
 * `src/content/blog/hello.md` → `blog/hello`, a root page `about.md` → `about`.
 */
export function postKey(documentPath: string): string {
  return documentPath
    .replace(/\.md$/, '')
    .replace(/\/index$/, '')
    .replace(/^(?:src\/)?content\//, '')
    .replace(/^_/, '');
}

/** The name stem a URL suggests: its file name as a slug, with a Blogger thumbnail's size kept apart. */
export function stemOf(url: string): string {
  if (/^data:/i.test(url)) return 'image';
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return 'image';
  }
  const segments = path.split('/').filter(Boolean);
  let name = segments.at(-1) ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Keep it encoded; slugify makes it safe either way.
  }
  // googleusercontent's `…/AVvXsE…=s1600` has no file name, only an opaque id and a size.
  const suffixSize = /=([swh]\d+(?:-[a-z0-9]+)*)$/i.exec(name);
  if (suffixSize || /^[A-Za-z0-9_-]{40,}(?:=.*)?$/.test(name)) name = '';
  name = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  // Blogger's path style puts the size in the folder before the name: `/s640/x.jpg`.
  const size = suffixSize?.[1] ?? /^([swh]\d+(?:-[a-z0-9]+)*)$/i.exec(segments.at(-2) ?? '')?.[1];
  let stem = slugify(name, { maxLength: STEM_LENGTH }) || 'image';
  const original = !size || /^s(?:0|1600)$/i.test(size);
  if (!original) stem = slugify(`${stem}-${size}`, { maxLength: STEM_LENGTH });
  return stem;
}

/** Hands out file-name stems unique within a folder (case-insensitively, whatever the extension). */
export class StemBook {
  private readonly taken = new Map<string, Set<string>>();

  /** Mark a stem as used (a file already there from an earlier run). */
  hold(folder: string, stem: string): void {
    this.folderSet(folder).add(stem.toLowerCase());
  }

  /** `stem`, else `stem-2`, `stem-3` …: the first not yet handed out in `folder`. */
  claim(folder: string, stem: string): string {
    const taken = this.folderSet(folder);
    let candidate = stem;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  }

  private folderSet(folder: string): Set<string> {
    const key = folder.toLowerCase();
    let set = this.taken.get(key);
    if (!set) this.taken.set(key, (set = new Set()));
    return set;
  }
}

/**
 * `--assets-dir` as given: a relative folder inside the output folder, written with `/`.
 * Anything that could leave the output folder is a usage error.
 */
export function checkAssetsDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const clean = dir.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  const parts = clean.split('/');
  if (clean === '' || clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || parts.some((p) => p === '..' || p === '.' || p === '' || p.includes('\0'))) {
    throw new BlogportError('BAD_OPTION', `--assets-dir ${JSON.stringify(dir)} must be a folder inside the output folder`, undefined, 'e.g. --assets-dir static/images');
  }
  return clean;
}
