/**
 * A minimal classic Blogger export ("Back up content") holding the given posts, for tests that
 * need HTML bodies (images, links) to go through the real reader, converter and layouts.
 */

export interface ExportPost {
  /** The old file name: `/2020/01/<slug>.html`. */
  slug: string;
  title: string;
  html: string;
  /** `media:thumbnail`: the export's cover image. */
  thumbnail?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

export function bloggerExport(posts: readonly ExportPost[]): string {
  const entries = posts.map(
    (post, i) =>
      `<entry><id>tag:blogger.com,1999:blog-1.post-${i + 1}</id><published>2020-01-${String(i + 1).padStart(2, '0')}T10:00:00.000Z</published>` +
      `<updated>2020-01-${String(i + 1).padStart(2, '0')}T10:00:00.000Z</updated>` +
      `<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#post'/>` +
      `<title type='text'>${escapeXml(post.title)}</title><content type='html'>${escapeXml(post.html)}</content>` +
      `<link rel='alternate' type='text/html' href='https://example.blogspot.com/2020/01/${post.slug}.html' title='${escapeXml(post.title)}'/>` +
      `<author><name>Ann</name></author>` +
      (post.thumbnail ? `<media:thumbnail xmlns:media='http://search.yahoo.com/mrss/' url='${escapeXml(post.thumbnail)}' height='72' width='72'/>` : '') +
      `</entry>`,
  );
  return (
    `<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/'>` +
    `<id>tag:blogger.com,1999:blog-1.archive</id><updated>2020-02-01T00:00:00.000Z</updated><title type='text'>Test blog</title>` +
    `<link rel='alternate' type='text/html' href='https://example.blogspot.com/'/>` +
    `<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>\n${entries.join('\n')}</feed>\n`
  );
}
