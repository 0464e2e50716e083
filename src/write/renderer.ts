import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderPost, type RenderedPost, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import type { Post } from '../model/post.js';
import { collectReferences, type AssetReference } from './assets/collect.js';

/** Turns a planned post into its files' contents, on this thread or on worker threads. */
export interface Renderer {
  /** `collectAssets` (`--assets download`): also find the document's image references, on the same thread. */
  render(post: Post, options: ToMarkdownOptions, collectAssets?: boolean): Promise<Rendered>;
  close(): Promise<void>;
}

/** A rendered post, with its image references when asked for. */
export interface Rendered extends RenderedPost {
  references?: AssetReference[];
}

export interface RenderRequest {
  id: number;
  post: Post;
  options: ToMarkdownOptions;
  collectAssets?: boolean;
}
export type RenderResponse = { id: number; ok: true; result: Rendered } | { id: number; ok: false; message: string };

/** Render, and find the image references when asked (the parse is costly: it runs where rendering does). */
export function renderForWriting(post: Post, options: ToMarkdownOptions, collectAssets = false): Rendered {
  const rendered: Rendered = renderPost(post, options);
  if (collectAssets) rendered.references = collectReferences(rendered.document);
  return rendered;
}

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
  render: async (post, options, collectAssets) => renderForWriting(post, options, collectAssets),
  close: async () => undefined,
};

interface Pending {
  post: Post;
  options: ToMarkdownOptions;
  collectAssets?: boolean;
  resolve: (result: Rendered) => void;
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

  render(post: Post, options: ToMarkdownOptions, collectAssets = false): Promise<Rendered> {
    if (this.degraded) return inlineRenderer.render(post, options, collectAssets);
    // The least busy worker: posts differ a lot in size, so round robin would leave one idle.
    let slot = this.workers[0]!;
    for (const candidate of this.workers) if (candidate.busy < slot.busy) slot = candidate;
    const id = this.nextId++;
    slot.busy++;
    return new Promise<Rendered>((resolve, reject) => {
      slot.pending.set(id, { post, options, collectAssets, resolve, reject });
      slot.worker.postMessage({ id, post, options, collectAssets } satisfies RenderRequest);
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
        waiting.resolve(renderForWriting(waiting.post, waiting.options, waiting.collectAssets));
      } catch (error) {
        waiting.reject(error as Error);
      }
    }
    slot.pending.clear();
  }
}
