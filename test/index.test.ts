import { describe, expect, it } from 'vitest';
import * as blogport from '../src/index.js';

describe('public API', () => {
  it('exports exactly these names (a change here is a change to users)', () => {
    expect(Object.keys(blogport).sort()).toEqual(
      [
        'BlogportError',
        'convert',
        'detectReader',
        'exitCodeOf',
        'inputFromBytes',
        'layoutNames',
        'layouts',
        'optionTable',
        'readArchive',
        'readers',
        'readPageBytes',
        'textToMarkdown',
        'toMarkdown',
      ].sort(),
    );
  });

  it('streams posts from bytes and renders one as a document, without touching the disk', async () => {
    const bytes = new TextEncoder().encode('Sunday, 1 March 2015\n\nHello: world\n\nBody with *stars*.\n');
    const posts = [];
    for await (const post of blogport.readArchive(blogport.inputFromBytes('mem.txt', bytes))) posts.push(post);
    expect(posts).toHaveLength(1);
    expect(blogport.toMarkdown(posts[0]!, { layout: 'hugo' })).toBe(
      '---\ntitle: "Hello: world"\ndate: 2015-03-01\nslug: hello-world\n---\n\nBody with \\*stars\\*.\n',
    );
  });
});
