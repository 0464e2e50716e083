// The render workers run only from the built package (dist/), so they are tested here, where
// globalSetup has just built it.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Post, PostWarning } from '../../src/model/post.js';
import type { PageJob, PageOutcome } from '../../src/readers/html/pageWork.js';

const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;

/** The sample archive's posts (read by the built package) and a render worker pool of the built package. */
async function sampleAndRenderer() {
  const { createRenderer } = (await import(dist('write/renderer.js'))) as typeof import('../../src/write/renderer.js');
  const { readArchive } = (await import(dist('index.js'))) as typeof import('../../src/index.js');
  const posts: Post[] = [];
  for await (const post of readArchive(new URL('../../fixtures/sample-blog.txt', import.meta.url).pathname)) posts.push(post);
  return { posts, renderer: await createRenderer(true) };
}

describe('render workers', () => {
  it('render every post even when a worker dies mid-run (its posts, and all later ones, render inline)', async () => {
    const { posts, renderer } = await sampleAndRenderer();
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

  it('start the workers before the first post when asked (startNow), and only then', async () => {
    const { createRenderer } = (await import(dist('write/renderer.js'))) as typeof import('../../src/write/renderer.js');
    const { posts } = await sampleAndRenderer();
    const threads = (renderer: unknown) => (renderer as { workers?: unknown[] }).workers?.length ?? 0;
    const lazy = await createRenderer(true);
    const eager = await createRenderer(true, true);
    try {
      expect(threads(lazy)).toBe(0);
      expect(threads(eager)).toBe(availableParallelism() - 1);
      // Started early, the pool renders as one started by its first post does.
      const [early, late] = await Promise.all([eager.render(posts[0]!, { slug: 'a' }), lazy.render(posts[0]!, { slug: 'a' })]);
      expect(early.document).toBe(late.document);
      expect(threads(eager)).toBe(availableParallelism() - 1);
    } finally {
      await lazy.close();
      await eager.close();
    }
  });

  it('hand a render worker a reserve of posts at once, spread evenly over the workers, so none waits for this thread between posts', async () => {
    const { posts, renderer } = await sampleAndRenderer();
    try {
      const rendered = Array.from({ length: 200 }, (_, i) => renderer.render(posts[i % posts.length]!, { slug: `post-${i}` }));
      const pool = renderer as unknown as { workers: { pending: Map<number, unknown> }[]; queue: unknown[] };
      // Handed out synchronously, before any worker has answered.
      const held = pool.workers.map((slot) => slot.pending.size);
      expect(Math.min(...held)).toBeGreaterThanOrEqual(16);
      expect(Math.max(...held) - Math.min(...held)).toBeLessThanOrEqual(1);
      expect(pool.queue.length + held.reduce((a, b) => a + b, 0)).toBe(200);
      expect(await Promise.all(rendered)).toHaveLength(200);
    } finally {
      await renderer.close();
    }
  });

  it('send posts to a worker in batches, answer each post of a batch on its own (a post that fails fails alone)', async () => {
    const { Worker } = await import('node:worker_threads');
    const { posts, renderer } = await sampleAndRenderer();
    const send = Worker.prototype.postMessage;
    let messages = 0;
    Worker.prototype.postMessage = function (this: InstanceType<typeof Worker>, ...args: Parameters<typeof send>) {
      messages++;
      return send.apply(this, args);
    };
    try {
      const broken = { ...posts[0]!, body: null } as unknown as Post;
      const many = Array.from({ length: 200 }, (_, i) => (i === 13 ? broken : posts[i % posts.length]!));
      const outcomes = await Promise.allSettled(many.map((post, i) => renderer.render(post, { slug: `post-${i}` })));
      // 8 posts to a message (a message costs both threads a wake-up): far fewer than one each.
      expect(messages).toBeGreaterThan(0);
      expect(messages).toBeLessThanOrEqual(200 / 8 + 2 * availableParallelism());
      for (const [i, outcome] of outcomes.entries()) {
        if (i === 13) {
          expect(outcome.status).toBe('rejected');
          continue;
        }
        expect(outcome.status).toBe('fulfilled');
        const { document } = (outcome as PromiseFulfilledResult<{ document: string }>).value;
        expect(document).toContain(many[i]!.title);
      }
    } finally {
      Worker.prototype.postMessage = send;
      await renderer.close();
    }
  });

  it('render the same documents whether a worker renders a whole post or only converts its bodies and this thread finishes it', async () => {
    const { Worker } = await import('node:worker_threads');
    const { renderForWriting } = (await import(dist('write/renderer.js'))) as typeof import('../../src/write/renderer.js');
    const { posts, renderer } = await sampleAndRenderer();
    const send = Worker.prototype.postMessage;
    const split = { whole: 0, part: 0 };
    const partKeys = new Set<string>();
    Worker.prototype.postMessage = function (this: InstanceType<typeof Worker>, ...args: Parameters<typeof send>) {
      for (const request of args[0] as { kind: string; whole?: boolean; post: object }[]) {
        split[request.whole ? 'whole' : 'part']++;
        if (request.kind === 'bodies') for (const key of Object.keys(request.post)) partKeys.add(key);
      }
      return send.apply(this, args);
    };
    try {
      const many = Array.from({ length: 300 }, (_, i) => posts[i % posts.length]!);
      const results = await Promise.all(many.map((post, i) => renderer.render(post, { slug: `post-${i}`, comments: 'data' })));
      // Handed out with none waiting: whole; with a backlog: bodies only, finished here.
      expect(split.whole).toBeGreaterThan(0);
      expect(split.part).toBeGreaterThan(0);
      // Only converting, the worker is sent only what conversion reads, not the whole post.
      expect([...partKeys].every((key) => ['body', 'url', 'blog', 'comments'].includes(key))).toBe(true);
      expect(partKeys.has('body')).toBe(true);
      for (const [i, result] of results.entries()) {
        expect(result).toEqual(renderForWriting(many[i]!, { slug: `post-${i}`, comments: 'data' }));
      }
    } finally {
      Worker.prototype.postMessage = send;
      await renderer.close();
    }
  });

  it('parse a folder of saved pages on page workers into the same posts and warnings; a worker killed mid-read leaves its pages to the reader', async () => {
    const { createPageWorkers } = (await import(dist('write/renderer.js'))) as typeof import('../../src/write/renderer.js');
    const { readArchive } = (await import(dist('index.js'))) as typeof import('../../src/index.js');
    const folder = new URL('../fixtures/pages', import.meta.url).pathname;
    const read = async (pageWork?: (job: PageJob) => Promise<PageOutcome>) => {
      const posts: Post[] = [];
      const warnings: PostWarning[] = [];
      for await (const post of readArchive(folder, { pageWork, onWarning: (warning) => warnings.push(warning) })) posts.push(post);
      return { posts, warnings };
    };
    const here = await read();
    expect(here.posts.length).toBeGreaterThan(10);

    const pool = (await createPageWorkers())!;
    const workers = (pool as unknown as { workers: { worker: { terminate(): Promise<number> } }[] }).workers;
    try {
      expect(await read(pool.pageWork)).toEqual(here);
      // One per core, started by the first page.
      expect(workers).toHaveLength(availableParallelism());
    } finally {
      await pool.close();
    }

    const dying = (await createPageWorkers())!;
    const threads = (dying as unknown as { workers: { worker: { terminate(): Promise<number> } }[] }).workers;
    let sent = 0;
    let refused = 0;
    try {
      const killed = await read(async (job) => {
        // Kill a worker with pages in hand: they are refused, and the reader reads them itself.
        if (++sent === 3) void threads[0]!.worker.terminate();
        try {
          return await dying.pageWork(job);
        } catch (error) {
          refused++;
          throw error;
        }
      });
      expect(killed).toEqual(here);
      expect(refused).toBeGreaterThan(0);
    } finally {
      await dying.close();
    }
  });
});
