import type { Post } from '../../src/model/post.js';

/**
 * A complete, valid Post for tests: a published post dated 2015-03-01 22:34 (no zone), with
 * no tags, categories, aliases or comments. Override any field.
 */
export function makePost(overrides: Partial<Post> = {}): Post {
  return {
    id: 'test:posts.txt#1',
    kind: 'post',
    title: 'Hello World',
    date: { precision: 'local', date: '2015-03-01', time: '22:34:00' },
    tags: [],
    categories: [],
    draft: false,
    aliases: [],
    body: { format: 'text', value: 'Hello.' },
    comments: [],
    source: { file: 'posts.txt', line: 1 },
    warnings: [],
    ...overrides,
  };
}
