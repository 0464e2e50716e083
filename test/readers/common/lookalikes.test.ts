import { describe, expect, it } from 'vitest';
import { lookalikeOf } from '../../../src/readers/common/lookalikes.js';
import { inputFromBytes, openInput } from '../../../src/readers/input.js';
import { detectReader } from '../../../src/readers/index.js';
import { fixturePath, readAll } from '../../helpers/readAll.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('lookalikes: blog exports blogport has no reader for, named by what they are', () => {
  it.each([
    ['blogger/not-blogger/wordpress.xml', 'a WordPress export (WXR)'],
    ['blogger/not-blogger/rss.xml', 'an RSS feed'],
    ['blogger/not-blogger/atom.xml', 'an Atom feed'],
    ['text/movable-type-export.txt', 'a Movable Type export (the format of Movable Type, TypePad and Hatena Blog)'],
  ])('%s is %s: auto-detection says so in one line, with what blogport does read', async (path, what) => {
    const { posts, error } = await readAll(fixturePath(path));
    expect(posts).toEqual([]);
    expect(error).toMatchObject({ code: 'FORMAT_UNKNOWN', message: `is ${what}, which blogport does not read yet` });
    expect((error as { toLine(): string }).toLine()).toMatch(/^.+: is .+, which blogport does not read yet — blogport reads plain-text dumps, Blogger exports and saved HTML pages \(--from text, blogger, html\)$/);
  });

  it('recognises an RSS 1.0 feed, a Ghost JSON export, and a UTF-16 WordPress export', () => {
    expect(lookalikeOf(bytes('<?xml version="1.0"?>\n<!-- feed -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>'))).toBe('an RSS 1.0 (RDF) feed');
    expect(lookalikeOf(bytes('{"db":[{"meta":{"version":"5.2.0"},"data":{"posts":[{"id":"1","title":"Hi"}]}}]}'))).toBe('a Ghost export (JSON)');
    const wxr = '\ufeff<?xml version="1.0" encoding="UTF-16"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel/></rss>';
    const utf16 = new Uint8Array(wxr.length * 2);
    for (let i = 0; i < wxr.length; i++) utf16[i * 2] = wxr.charCodeAt(i) & 0xff, (utf16[i * 2 + 1] = wxr.charCodeAt(i) >> 8);
    expect(lookalikeOf(utf16)).toBe('a WordPress export (WXR)');
  });

  it('leaves alone what a reader does take: a text dump with date headers, a saved page, a Blogger export, plain notes', async () => {
    expect(detectReader(await openInput(fixturePath('text/untitled-post.txt'))).name).toBe('text');
    expect(detectReader(await openInput(fixturePath('blogger/not-blogger/page.html'))).name).toBe('html');
    expect(detectReader(await openInput(fixturePath('blogger/classic-tiny/export.xml'))).name).toBe('blogger');
    // A note that mentions a title and a date is still the text reader's to explain.
    const notes = inputFromBytes('notes.txt', bytes('TITLE: my notes\nDATE: yesterday\nnothing else here\n'));
    expect(lookalikeOf(notes.sample)).toBeUndefined();
    expect(detectReader(notes).name).toBe('text');
  });
});
