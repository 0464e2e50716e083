/**
 * The pages of an input: the file itself, or every HTML file in a folder tree (a wget/HTTrack
 * mirror, a folder of "Save page as…" files). Browser asset folders (`Page_files/`) and the
 * duplicates mirrors are full of (`?showComment=` comment permalinks, `?m=1` mobile copies) are
 * recognised and counted, not read.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BlogportError } from '../../model/errors.js';
import { readFolder } from '../input.js';
import type { ReaderInput } from '../reader.js';

export interface PageSource {
  /** Shown in messages: the input's name, plus the path inside a folder. */
  file: string;
  /** Path relative to the input folder, `/`-separated (its place in a mirror). */
  relativePath?: string;
  /** The page's bytes; a page larger than `limit` bytes is refused without being read. */
  read(limit: number): Promise<Uint8Array>;
}

export interface PageList {
  pages: PageSource[];
  /** Files recognised and deliberately not read, by kind. */
  skipped: { what: string; file: string }[];
}

const HTML_FILE = /\.(?:x?html?|shtml|php|aspx?|jsp)(?:[?@].*)?$/i;
/** `Page_files/`, `Page-Dateien/`, `Page_fichiers/`: what browsers save a page's assets into. */
const ASSET_FOLDER = /[_-](?:files|dateien|fichiers|archivos|arquivos|file|bestanden|filer|tiedostot)$/i;
/** Mirror copies of a page: mobile (`?m=1`), comment permalinks, Blogger widget and feed variants. */
const MIRROR_DUPLICATE = /[?@&](?:m=[01]|showComment=|widgetType=|action=|replytocom=|share=)/i;
const SKIP_FOLDERS = new Set(['.git', 'node_modules', '.svn', '.hg']);
const MAX_DEPTH = 16;

function isMirrorDuplicate(name: string): boolean {
  return MIRROR_DUPLICATE.test(name);
}

export function tooLarge(file: string, size: number, limit: number): BlogportError {
  return new BlogportError(
    'PAGE_TOO_LARGE',
    `is ${Math.round(size / 1048576)} MB, larger than any blog page (limit ${Math.round(limit / 1048576)} MB); skipped`,
    { file },
    'check that it is a saved blog page; a page this size is usually a data dump or a broken download',
  );
}

/** A page read whole, into a buffer of its own (so it can be moved to another thread, not copied). */
async function readAll(path: string, file: string, limit: number): Promise<Uint8Array> {
  const { size } = await stat(path);
  if (size > limit) throw tooLarge(file, size, limit);
  return readFile(path);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

export async function listPages(input: ReaderInput): Promise<PageList> {
  if (input.members) {
    const pages = input.members.map((member): PageSource => ({
      file: member.name,
      read: async (limit) => {
        if (member.size > limit) throw tooLarge(member.name, member.size, limit);
        return collect(member.chunks());
      },
    }));
    return { pages, skipped: [] };
  }
  if (input.kind === 'file') {
    const read = async (limit: number) => {
      if (input.size > limit) throw tooLarge(input.name, input.size, limit);
      return collect(input.chunks());
    };
    return { pages: [{ file: input.name, read }], skipped: [] };
  }
  const root = input.path;
  if (!root) throw new BlogportError('INPUT_IS_DIRECTORY', 'is a folder without a path on disk', { file: input.name });
  const pages: PageSource[] = [];
  const skipped: PageList['skipped'] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    const entries = await readFolder(folder, input.name);
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      const shown = `${input.name.replace(/[\\/]+$/, '')}/${rel}`;
      if (entry.isDirectory()) {
        if (SKIP_FOLDERS.has(entry.name)) continue;
        if (ASSET_FOLDER.test(entry.name)) {
          skipped.push({ what: 'saved-page asset folder', file: shown });
          continue;
        }
        if (depth < MAX_DEPTH) await walk(path, depth + 1);
      } else if (entry.isFile() && HTML_FILE.test(entry.name)) {
        if (isMirrorDuplicate(entry.name)) {
          skipped.push({ what: 'mirror duplicate page', file: shown });
          continue;
        }
        pages.push({ file: shown, relativePath: rel, read: (limit) => readAll(path, shown, limit) });
      }
    }
  };
  await walk(root, 0);
  if (pages.length === 0) {
    throw new BlogportError('FORMAT_UNKNOWN', 'is a folder with no HTML pages in it', { file: input.name }, 'point at a folder of saved .html pages, or at one page');
  }
  return { pages, skipped };
}
