import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { layouts, layoutNames } from '../../src/layouts/index.js';
import { convertBodies, renderPost, toMarkdown } from '../../src/layouts/toMarkdown.js';
import type { Comment } from '../../src/model/post.js';
import { makePost } from '../helpers/makePost.js';

const comments: Comment[] = [
  { id: 'c1', author: 'Ann', authorUrl: 'https://ann.example/', date: { precision: 'offset', date: '2015-03-02', time: '08:00:00', offset: '+01:00' }, body: { format: 'text', value: 'Nice *post*.' } },
  { id: 'c2', author: 'Bob', body: { format: 'text', value: 'Thanks!' }, replyTo: 'c1' },
];
const post = makePost({ comments, image: 'https://img.example/a.jpg', description: 'A: short', location: { name: 'Ankara', latitude: 39.9, longitude: 32.8 } });
const frontMatterOf = (document: string) => parse(document.split('---\n')[1]!) as Record<string, unknown>;

describe('renderPost', () => {
  it('puts comments in a data file by default: flat, threaded by reply_to, bodies as Markdown', () => {
    const rendered = renderPost(post, { layout: 'hugo' });
    expect(frontMatterOf(rendered.document)).not.toHaveProperty('archived_comments');
    expect(parse(rendered.comments!)).toEqual([
      { id: 'c1', author: 'Ann', author_url: 'https://ann.example/', date: '2015-03-02T08:00:00+01:00', body: 'Nice \\*post\\*.\n' },
      { id: 'c2', author: 'Bob', reply_to: 'c1', body: 'Thanks!\n' },
    ]);
  });

  it.each(layoutNames)('%s: renders the same from bodies converted beforehand (elsewhere) as from the post alone', (name) => {
    for (const comments of ['data', 'front-matter', 'none'] as const) {
      const options = { layout: name, slug: 'hello-world', comments };
      const converted = convertBodies(post, options);
      expect(converted.comments).toHaveLength(comments === 'none' ? 0 : 2);
      expect(converted.comments[0]?.markdown).toBe(comments === 'none' ? undefined : 'Nice \\*post\\*.\n');
      expect(renderPost(post, options, converted)).toEqual(renderPost(post, options));
    }
  });

  it.each(layoutNames)('%s: writes its comments data where the generator reads data, in a format it reads', (name) => {
    const layout = layouts[name];
    const rendered = renderPost(post, { layout: name, slug: 'hello-world' });
    const path = layout.commentsPath(post, 'hello-world', { bundle: false });
    expect(path).not.toMatch(/(^|\/)\.\.?\//);
    if (layout.commentsFormat === 'json') expect(JSON.parse(rendered.comments!)).toHaveLength(2);
    else expect(parse(rendered.comments!)).toHaveLength(2);
  });

  it('puts comments in front matter with --comments front-matter, and nowhere with none', () => {
    expect(frontMatterOf(renderPost(post, { comments: 'front-matter' }).document).archived_comments).toHaveLength(2);
    const none = renderPost(post, { comments: 'none' });
    expect(none.comments).toBeUndefined();
    expect(none.document).not.toContain('Ann');
  });

  it('toMarkdown keeps comments in the one document it returns', () => {
    expect(frontMatterOf(toMarkdown(post)).archived_comments).toHaveLength(2);
  });

  it.each([
    ['plain', { image: 'https://img.example/a.jpg', description: 'A: short', location: { name: 'Ankara', latitude: 39.9, longitude: 32.8 } }],
    ['hugo', { images: ['https://img.example/a.jpg'], description: 'A: short' }],
    ['jekyll', { image: 'https://img.example/a.jpg', description: 'A: short' }],
    ['astro', { heroImage: 'https://img.example/a.jpg', description: 'A: short' }],
  ] as const)('%s: cover image and description reach front matter', (name, expected) => {
    expect(frontMatterOf(renderPost(post, { layout: name }).document)).toMatchObject(expected);
  });
});

describe('renderPost: the Markdown dialect of the layout', () => {
  it('escapes for kramdown in jekyll output, bodies and comments alike, and for CommonMark elsewhere', () => {
    const piped = makePost({
      body: { format: 'text', value: 'Tickets | Times\nQ&amp;A at $$5' },
      comments: [{ id: 'c', body: { format: 'html', value: '<p>yes | no</p>' } }],
    });
    const jekyll = renderPost(piped, { layout: 'jekyll' });
    expect(jekyll.document).toContain('Tickets \\| Times\nQ&amp;amp;A at \\$\\$5\n');
    expect(parse(jekyll.comments!)[0].body).toBe('yes \\| no\n');
    const hugo = renderPost(piped, { layout: 'hugo' });
    expect(hugo.document).toContain('Tickets | Times\nQ\\&amp;A at $$5\n');
  });
});
