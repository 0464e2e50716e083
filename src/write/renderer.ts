import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderPost, type RenderedPost, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import type { Post } from '../model/post.js';

/** Turns a planned post into its files' contents, on this thread or on worker threads. */
export interface Renderer {
  render(post: Post, options: ToMarkdownOptions): Promise<RenderedPost>;
  close(): Promise<void>;
}

export interface RenderRequest {
  id: number;
  post: Post;
  options: ToMarkdownOptions;
}
export type RenderResponse = { id: number; ok: true; result: RenderedPost } | { id: number; ok: false; message: string };

/**
 * Rendering (HTML cleanup, Markdown, YAML) is the CPU-heavy step, so on large inputs it runs on
 * worker threads while this thread reads, parses, plans and writes: every core is busy. Small
 * inputs render inline, where starting workers would cost more than it saves. When the compiled
 * worker is not there (running from TypeScript sources, e.g. in unit tests) rendering is inline.
 */
export async function createRenderer(parallel: boolean): Promise<Renderer> {
  const workerFile = fileURLToPath(new URL('./renderWorker.js', import.meta.url));
  if (!parallel || availableParallelism() < 2 || !existsSync(workerFile)) return inlineRenderer;
  // This thread stays busy reading, planning and writing, so it counts as one of the cores.
  return new WorkerRenderer(workerFile, Math.max(1, availableParallelism() - 1));
}

const inlineRenderer: Renderer = {
  render: async (post, options) => renderPost(post, options),
  close: async () => undefined,
};

interface Pending {
  post: Post;
  options: ToMarkdownOptions;
  resolve: (result: RenderedPost) => void;
  reject: (error: Error) => void;
}

/**
 * Each worker's old generation is capped so its heap stays small: V8 otherwise lets the heap of a
 * thread that churns through parse and conversion garbage grow by hundreds of MB before it
 * collects. A post too big for the cap kills its worker; its posts are then rendered here.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 };

class WorkerRenderer implements Renderer {
  private readonly workers: { worker: Worker; busy: number; pending: Map<number, Pending> }[] = [];
  private nextId = 0;
  /** Set once a worker died: everything from then on renders on this thread. */
  private degraded = false;

  constructor(file: string, size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(file, { resourceLimits: WORKER_LIMITS });
      const slot = { worker, busy: 0, pending: new Map<number, Pending>() };
      worker.on('message', (message: RenderResponse) => {
        const waiting = slot.pending.get(message.id);
        if (!waiting) return;
        slot.pending.delete(message.id);
        slot.busy--;
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new Error(message.message));
      });
      worker.on('error', () => this.fallBack(slot));
      worker.on('exit', () => this.fallBack(slot));
      this.workers.push(slot);
    }
  }

  render(post: Post, options: ToMarkdownOptions): Promise<RenderedPost> {
    if (this.degraded) return inlineRenderer.render(post, options);
    // The least busy worker: posts differ a lot in size, so round robin would leave one idle.
    let slot = this.workers[0]!;
    for (const candidate of this.workers) if (candidate.busy < slot.busy) slot = candidate;
    const id = this.nextId++;
    slot.busy++;
    return new Promise<RenderedPost>((resolve, reject) => {
      slot.pending.set(id, { post, options, resolve, reject });
      slot.worker.postMessage({ id, post, options } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  /** A worker died (out of memory on a huge post, or a crash): render its posts, and all later ones, here. */
  private fallBack(slot: (typeof this.workers)[number]): void {
    this.degraded = true;
    for (const waiting of slot.pending.values()) {
      try {
        waiting.resolve(renderPost(waiting.post, waiting.options));
      } catch (error) {
        waiting.reject(error as Error);
      }
    }
    slot.pending.clear();
  }
}
