import { describe, expect, it } from 'vitest';
import { CommentBook } from '../../src/readers/blogger/comments.js';

const live = (id: string, text: string) => ({ comment: { id, body: { format: 'html' as const, value: text } } });

describe('CommentBook', () => {
  it('hands each post its comments once sealed, replies to a deleted comment re-threaded to its kept ancestor, and takes no more comments then', () => {
    const book = new CommentBook();
    book.addLive(live('c1', 'first'), { post: 'p1' });
    book.addGone('c2', { post: 'p1', parent: 'c1' });
    book.addLive(live('c3', 'reply to the deleted one'), { post: 'p1', parent: 'c2' });
    book.addLive(live('c4', 'elsewhere'), { post: 'p2' });
    expect(book.has('c2')).toBe(true);
    book.seal();
    // Sealed: the owner index is gone, so nothing may be added any more.
    expect(() => book.addLive(live('c5', 'late'), { post: 'p1' })).toThrow(/sealed/);
    expect(() => book.addGone('c6', { post: 'p1' })).toThrow(/sealed/);
    expect(book.take('p1').map((c) => [c.id, c.replyTo])).toEqual([
      ['c1', undefined],
      ['c3', 'c1'],
    ]);
    expect(book.untaken()).toBe(1);
    expect(book.take('p2').map((c) => c.body.value)).toEqual(['elsewhere']);
    expect(book.take('p1')).toEqual([]);
    expect(book.untaken()).toBe(0);
  });
});
