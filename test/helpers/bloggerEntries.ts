// What the tests of the byte readers of Blogger entries (plainComment, plainPost) share: the
// namespace declarations of both export kinds, the fixture feeds, and a feed's entries as the
// byte scanner cuts them, each with the declarations of its root.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quickKindOfBytes } from '../../src/readers/blogger/entry.js';
import type { EntryKind } from '../../src/readers/blogger/schema.js';
import { scanXmlBytes } from '../../src/readers/common/xmlBytes.js';
import { localName } from '../../src/readers/common/xmlEntries.js';

export const CLASSIC_SCOPE = {
  '': 'http://www.w3.org/2005/Atom',
  openSearch: 'http://a9.com/-/spec/opensearchrss/1.0/',
  gd: 'http://schemas.google.com/g/2005',
  thr: 'http://purl.org/syndication/thread/1.0',
  georss: 'http://www.georss.org/georss',
};
export const TAKEOUT_SCOPE = { '': 'http://www.w3.org/2005/Atom', blogger: 'http://schemas.google.com/blogger/2018' };

export const bloggerFixtures = fileURLToPath(new URL('../fixtures/blogger/', import.meta.url));

/** Every feed (`.xml`, `.atom`) under a folder. */
export function feedFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return feedFiles(path);
    return /\.(xml|atom)$/.test(name) ? [path] : [];
  });
}

/** A feed's entries whose kind (as pass 1 guesses it) `wanted` accepts, each with the declarations of its root. */
export async function entriesOf(bytes: Buffer, wanted: (kind: EntryKind | undefined) => boolean) {
  const out: { bytes: Buffer; scope: Record<string, string> }[] = [];
  let scope: Record<string, string> = {};
  for await (const batch of scanXmlBytes((async function* () {
    yield bytes;
  })())) {
    for (const event of batch) {
      if (event.type === 'root') {
        scope = {};
        for (const [key, value] of Object.entries(event.attributes)) if (key === 'xmlns' || key.startsWith('xmlns:')) scope[key === 'xmlns' ? '' : key.slice(6)] = value;
      }
      if (event.type !== 'record' || localName(event.record.name) !== 'entry') continue;
      if (wanted(quickKindOfBytes(event.record.bytes))) out.push({ bytes: Buffer.from(event.record.bytes), scope });
    }
  }
  return out;
}
