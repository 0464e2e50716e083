import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderPost, type RenderedPost, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import type { Post } from '../model/post.js';
import { readPageBytes, type PageJob, type PageOutcome } from '../readers/html/pageWork.js';
import { collectReferences, type AssetReference } from './assets/collect.js';

/** Turns a planned post into its files' contents, on this thread or on worker threads. */
export interface Renderer {
  /** `collectAssets` (`--assets download`): also find the document's image references, on the same thread. */
  render(post: Post, options: ToMarkdownOptions, collectAssets?: boolean): Promise<Rendered>;
  /**
   * Saved pages parsed on the same worker threads (the reader's `pageWork`); absent when
   * rendering is inline. Rejects when a worker died: the reader then parses pages itself.
   */
  pageWork?: (job: PageJob) => Promise<PageOutcome>;
  close(): Promise<void>;
}

/** A rendered post, with its image references when asked for. */
export interface Rendered extends RenderedPost {
  references?: AssetReference[];
}

export interface RenderRequest {
  kind: 'render';
  id: number;
  post: Post;
  options: ToMarkdownOptions;
  collectAssets?: boolean;
}
/** A saved page to parse (`readPageBytes`); its bytes are moved to the worker, not copied. */
export interface PageRequest {
  kind: 'page';
  id: number;
  job: PageJob;
}
export type WorkerRequest = RenderRequest | PageRequest;
export type WorkerResponse = { id: number; ok: true; result: Rendered | PageOutcome } | { id: number; ok: false; message: string };

/** What a worker does with one request. */
export function runRequest(request: WorkerRequest): Rendered | PageOutcome {
  if (request.kind === 'page') return readPageBytes(request.job);
  return renderForWriting(request.post, request.options, request.collectAssets);
}

/** Render, and find the image references when asked (the parse is costly: it runs where rendering does). */
export function renderForWriting(post: Post, options: ToMarkdownOptions, collectAssets = false): Rendered {
  const rendered: Rendered = renderPost(post, options);
  if (collectAssets) rendered.references = collectReferences(rendered.document);
  return rendered;
}

/**
 * Rendering (HTML cleanup, Markdown, YAML) is the CPU-heavy step, so on large inputs it runs on
 * worker threads while this thread reads, plans and writes: every core is busy. Small inputs
 * render inline, where starting workers would cost more than it saves. When the compiled worker
 * is not there (running from TypeScript sources, e.g. in unit tests) rendering is inline.
 *
 * `workers`: by default one per core but this one, which stays busy reading (a Blogger export is
 * parsed here). A folder of saved pages is parsed on the workers too (`pageWork`), leaving this
 * thread little but planning and writing: then one per core.
 */
export async function createRenderer(parallel: boolean, workers = availableParallelism() - 1): Promise<Renderer> {
  const workerFile = fileURLToPath(new URL('./renderWorker.js', import.meta.url));
  if (!parallel || availableParallelism() < 2 || !existsSync(workerFile)) return inlineRenderer;
  return new WorkerRenderer(workerFile, Math.max(1, workers));
}

const inlineRenderer: Renderer = {
  render: async (post, options, collectAssets) => renderForWriting(post, options, collectAssets),
  close: async () => undefined,
};

/** A request in a worker's hands, with what it takes to answer it without the worker. */
interface Pending {
  request: WorkerRequest;
  resolve: (result: Rendered | PageOutcome) => void;
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
      worker.on('message', (message: WorkerResponse) => {
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
    return this.send({ kind: 'render', id: this.nextId++, post, options, collectAssets }) as Promise<Rendered>;
  }

  readonly pageWork = (job: PageJob): Promise<PageOutcome> => {
    if (this.degraded) return Promise.reject(new Error('the worker threads stopped'));
    // Moved, not copied, when the bytes are a buffer of their own (a small read may share one).
    const { bytes } = job;
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const moved = own ? bytes : new Uint8Array(bytes);
    return this.send({ kind: 'page', id: this.nextId++, job: { ...job, bytes: moved } }, [moved.buffer as ArrayBuffer]) as Promise<PageOutcome>;
  };

  private send(request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<Rendered | PageOutcome> {
    // The least busy worker: posts and pages differ a lot in size, so round robin would leave one idle.
    let slot = this.workers[0]!;
    for (const candidate of this.workers) if (candidate.busy < slot.busy) slot = candidate;
    slot.busy++;
    return new Promise<Rendered | PageOutcome>((resolve, reject) => {
      slot.pending.set(request.id, { request, resolve, reject });
      slot.worker.postMessage(request, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  /**
   * A worker died (out of memory on a huge post or page, or a crash): render its posts, and all
   * later ones, here. Its pages are refused (their bytes went with it): the reader reads them again.
   */
  private fallBack(slot: (typeof this.workers)[number]): void {
    this.degraded = true;
    for (const { request, resolve, reject } of slot.pending.values()) {
      if (request.kind === 'page') {
        reject(new Error('the worker thread stopped'));
        continue;
      }
      try {
        resolve(runRequest(request));
      } catch (error) {
        reject(error as Error);
      }
    }
    slot.pending.clear();
  }
}
