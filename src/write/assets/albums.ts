/**
 * Google Takeout ships the images uploaded through Blogger in `Blogger/Albums/<album>/<file>`:
 * the originals, under the file name they were uploaded with — the name Blogger also put at the
 * end of the image URL (`…/s1600/Investment-page-001.jpg`). When that name is reliable the album
 * file is used instead of a download. Reliable means: a Blogger-hosted URL; a name that is not
 * generic (`image.png`, `unnamed.jpg`, `0001.jpg` repeat across uploads); exactly one album file
 * of that name; and no other image (other than a resized copy of the same one) already matched
 * to it in this run.
 */
import type { AlbumFile, AlbumFiles } from '../../readers/reader.js';

const BLOGGER_HOST = /(?:^|\.)(?:bp\.blogspot\.com|googleusercontent\.com|ggpht\.com)$/i;
/** Names cameras, phones and editors give every file: they say nothing about which image it is. */
const GENERIC_STEM = /^(?:image|img|imag|unnamed|untitled|photo|picture|pic|screenshot|screen[\s_-]?shot|blank|download|file|capture|dsc|dscn|dcim)?[\s_-]*\(?\d*\)?$/i;
/** Blogger's size folder in a path-style URL (`/s1600/`, `/w400-h300/`, `/s72-c/`). */
const SIZE_FOLDER = /^[swh]\d+(?:-[a-z0-9]+)*$/i;

export class AlbumMatcher {
  private readonly byName = new Map<string, AlbumFile[]>();
  private readonly sources: AlbumFiles[] = [];
  /** Album file name → the image identity first matched to it. */
  private readonly claimed = new Map<string, string>();

  add(albums: AlbumFiles): void {
    this.sources.push(albums);
    for (const file of albums.files) {
      const key = normalise(file.name);
      const list = this.byName.get(key);
      if (list) list.push(file);
      else this.byName.set(key, [file]);
    }
  }

  get size(): number {
    let count = 0;
    for (const list of this.byName.values()) count += list.length;
    return count;
  }

  /** The album file holding the image at `url`, when the match is reliable. */
  match(url: string): AlbumFile | undefined {
    if (this.byName.size === 0) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (!BLOGGER_HOST.test(parsed.hostname)) return undefined;
    const segments = parsed.pathname.split('/').filter(Boolean);
    let name = segments.at(-1) ?? '';
    try {
      name = decodeURIComponent(name);
    } catch {
      return undefined;
    }
    const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
    if (stem === name || GENERIC_STEM.test(stem)) return undefined;
    const key = normalise(name);
    const files = this.byName.get(key);
    if (!files || files.length !== 1) return undefined;
    // The same upload at another size (or on another bp.blogspot.com shard) is the same image.
    const identity = segments.filter((s, i) => !(i === segments.length - 2 && SIZE_FOLDER.test(s))).join('/');
    const first = this.claimed.get(key);
    if (first !== undefined && first !== identity) return undefined;
    this.claimed.set(key, identity);
    return files[0];
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close().catch(() => undefined)));
  }
}

const normalise = (name: string) => name.normalize('NFC').toLowerCase();
