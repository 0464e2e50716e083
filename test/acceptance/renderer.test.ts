// The render workers run only from the built package (dist/), so they are tested here, where
// globalSetup has just built it.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../src/model/post.js';

const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;

describe('render workers', () => {
  it('render every post even when a worker dies mid-run (its posts, and all later ones, render inline)', async () => {
    const { createRenderer } = (await import(dist('write/renderer.js'))) as typeof import('../../src/write/renderer.js');
    const { readArchive } = (await import(dist('index.js'))) as typeof import('../../src/index.js');
    const posts: Post[] = [];
    for await (const post of readArchive(new URL('../../fixtures/sample-blog.txt', import.meta.url).pathname)) posts.push(post);
    const renderer = await createRenderer(true);
    const many = Array.from({ length: 50 }, (_, i) => posts[i % posts.length]!);
    const rendered = many.map((post, i) => renderer.render(post, { slug: `post-${i}` }));
    // Kill a worker while it still has posts in hand (there is one per spare core).
    const workers = (renderer as unknown as { workers?: { worker: { terminate(): Promise<number> } }[] }).workers;
    expect(workers?.length ?? 0).toBe(availableParallelism() - 1);
    await workers?.[0]?.worker.terminate();
    const results = await Promise.all(rendered);
    await renderer.close();
    expect(results).toHaveLength(50);
    for (const [i, result] of results.entries()) {
      expect(result.document).toMatch(/^---\ntitle: /);
      expect(result.document).toContain(many[i]!.title);
    }
  });
});
