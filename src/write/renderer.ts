import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { convertBodies, postBodies, renderPost, type ConvertedBodies, type PostBodies, type RenderedPost, type ToMarkdownOptions } from '../layouts/toMarkdown.js';
import type { Post } from '../model/post.js';
import type { PageJob, PageOutcome } from '../readers/html/pageWork.js';
import { collectReferences, type AssetReference } from './assets/collect.js';

/** Turns a planned post into its files' contents, on this thread or on worker threads. */
export interface Renderer {
  /** `collectAssets` (`--assets download`): also find the document's image references, on the same thread. */
  render(post: Post, options: ToMarkdownOptions, collectAssets?: boolean): Promise<Rendered>;
  close(): Promise<void>;
}

/** Saved pages parsed on worker threads: the reader's `pageWork`. */
export interface PageWorkers {
  /** Rejects once a worker died: the reader then parses pages itself. */
  pageWork(job: PageJob): Promise<PageOutcome>;
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
  /** The worker renders the whole post, not only its bodies (set when the request is handed out). */
  whole?: boolean;
}
/** Only a post's bodies to convert: what a render request becomes when this thread finishes the post (see `dispatch`). */
export interface BodiesRequest {
  kind: 'bodies';
  id: number;
  post: PostBodies;
  options: ToMarkdownOptions;
}
/** A saved page to parse (`readPageBytes`); its bytes are moved to the worker, not copied. */
export interface PageRequest {
  kind: 'page';
  id: number;
  job: PageJob;
}
export type WorkerRequest = RenderRequest | PageRequest;
/** What a worker is sent: a request as queued, or its bodies only. */
export type WorkerMessage = RenderRequest | BodiesRequest | PageRequest;
export type WorkerResponse = { id: number; ok: true; result: Rendered | PageOutcome | ConvertedBodies } | { id: number; ok: false; message: string };
/** Requests travel to a worker in batches, and its answers come back the same way (see WorkerPool). */
export type WorkerBatch = WorkerMessage[];
export type WorkerAnswers = WorkerResponse[];

/**
 * A render worker's part of a request: the whole post, or only the bodies' conversion (most of
 * the work), the rest — front matter and YAML — being done by this thread when the answer comes
 * (see WorkerPool.dispatch). With `collectAssets` always the whole post, as finding the image
 * references in the document is costly too.
 */
export function workerPart(request: RenderRequest | BodiesRequest): Rendered | ConvertedBodies {
  if (request.kind === 'bodies') return convertBodies(request.post, request.options);
  return renderForWriting(request.post, request.options, request.collectAssets);
}

/** A request as sent: whole, or (when this thread finishes the post) only what converting its bodies reads. */
function message(request: WorkerRequest): WorkerMessage {
  if (request.kind === 'page' || request.whole || request.collectAssets) return request;
  try {
    return { kind: 'bodies', id: request.id, post: postBodies(request.post), options: request.options };
  } catch {
    // A post not shaped as the model says (a library caller's): the worker gets all of it, and fails it alone.
    request.whole = true;
    return request;
  }
}

/** Render, and find the image references when asked (the parse is costly: it runs where rendering does). */
export function renderForWriting(post: Post, options: ToMarkdownOptions, collectAssets = false, converted?: ConvertedBodies): Rendered {
  const rendered: Rendered = renderPost(post, options, converted);
  if (collectAssets) rendered.references = collectReferences(rendered.document);
  return rendered;
}

/**
 * Rendering (HTML cleanup, Markdown, YAML) is the CPU-heavy step, so on large inputs it runs on
 * worker threads (one per core but this one, which stays busy reading) while this thread reads,
 * plans and writes: every core is busy. Small inputs render inline, where starting workers would
 * cost more than it saves. When the compiled worker is not there (running from TypeScript
 * sources, e.g. in unit tests) rendering is inline. `startNow`: the workers start at once rather
 * than with the first post (see convert's EAGER_WORKERS_BELOW).
 */
export async function createRenderer(parallel: boolean, startNow = false): Promise<Renderer> {
  const workerFile = fileURLToPath(new URL('./renderWorker.js', import.meta.url));
  if (!parallel || availableParallelism() < 2 || !existsSync(workerFile)) return inlineRenderer;
  const pool = new WorkerPool(workerFile, Math.max(1, availableParallelism() - 1), RENDERS_PER_WORKER, RENDERS_PER_MESSAGE);
  if (startNow) pool.start();
  return pool;
}

/**
 * Workers that parse saved pages (decode, parse, find and make posts: most of a mirror's CPU
 * time), one per core: this thread then only plans and writes, and one page worker alone is the
 * run's longest thread (2,000-page mirror on 2 cores: CPU/wall 1.55 with one, 1.89 and a tenth
 * less wall time with two). They are not the render workers: a thread that runs both jobs
 * compiles and warms both, and one pool doing both cost a quarter more CPU time. Undefined where
 * workers cannot run (one core, or running from TypeScript sources).
 */
export async function createPageWorkers(): Promise<PageWorkers | undefined> {
  const workerFile = fileURLToPath(new URL('./pageWorker.js', import.meta.url));
  if (availableParallelism() < 2 || !existsSync(workerFile)) return undefined;
  return new WorkerPool(workerFile, availableParallelism(), PAGES_PER_WORKER, 1);
}

const inlineRenderer: Renderer = {
  render: async (post, options, collectAssets) => renderForWriting(post, options, collectAssets),
  close: async () => undefined,
};

/** A request, with what it takes to answer it without a worker. */
interface Queued {
  request: WorkerRequest;
  /** Moved to the worker with the request (a page's bytes). */
  transfer: ArrayBuffer[];
  resolve: (result: Rendered | PageOutcome) => void;
  reject: (error: Error) => void;
}

/**
 * Posts a render worker holds at once. This thread hands a worker more only when it gets back to
 * its event loop, which it does not while the reader has posts ready (they come as microtasks),
 * so a worker holding only one or two in reserve sits idle between hand-outs: on the
 * 10,000-post export, 32 instead of 2 cut the wall time by about a tenth (tmpfs, medians of 3).
 * The posts in flight stay bounded by convert's own limit.
 */
const RENDERS_PER_WORKER = 32;
/**
 * Posts sent to a render worker in one message (and answered in one). A message costs both
 * threads a fixed price beyond copying its data (a wake-up of the other thread and the port's
 * bookkeeping): per post, it was the main thread's largest single cost on the 30,000-post text
 * dump. Fewer are sent when this thread goes back to its event loop before a batch fills up.
 */
const RENDERS_PER_MESSAGE = 8;
/** Saved pages a page worker holds at once (the reader keeps at most 8 in flight): one at work, one waiting. */
const PAGES_PER_WORKER = 2;

/**
 * Each worker's old generation is capped so its heap stays small: V8 otherwise lets the heap of a
 * thread that churns through parse and conversion garbage grow by hundreds of MB before it
 * collects. A post or page too big for the cap kills its worker; its posts are then rendered
 * here, and its pages read by the reader itself.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 };

/**
 * Worker threads fed from one queue: a worker gets its next request when it answers one, so none
 * sits idle while another has a backlog (posts and pages differ a lot in size).
 */
class WorkerPool implements Renderer, PageWorkers {
  private readonly workers: { worker: Worker; alive: boolean; pending: Map<number, Queued>; outbox: Queued[] }[] = [];
  /** Requests no worker has room for yet, oldest first (a pool gets either pages or posts). */
  private readonly queue: Queued[] = [];
  private nextId = 0;
  /** Set once a worker died: everything from then on renders on this thread. */
  private degraded = false;
  /** A flush of the workers' unsent batches is due when this thread next gets to its event loop. */
  private flushDue = false;

  /**
   * Workers start with the first request (a folder holding one page, or no post, never starts
   * them), or when `start` is called.
   */
  constructor(
    private readonly file: string,
    private readonly size: number,
    /** Requests one worker holds at once. */
    private readonly perWorker: number,
    /** Requests sent in one message. */
    private readonly perMessage: number,
  ) {}

  /** Start the workers now, so their start-up (a thread, its modules) overlaps this thread's work. */
  start(): void {
    if (this.workers.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(this.file, { resourceLimits: WORKER_LIMITS });
      const slot = { worker, alive: true, pending: new Map<number, Queued>(), outbox: [] as Queued[] };
      worker.on('message', (answers: WorkerAnswers) => {
        const settled: [Queued, WorkerResponse][] = [];
        for (const answer of answers) {
          const waiting = slot.pending.get(answer.id);
          if (!waiting) continue;
          slot.pending.delete(answer.id);
          settled.push([waiting, answer]);
        }
        // The worker gets its next batch before this thread goes on with these answers.
        this.dispatch();
        this.flush(slot);
        for (const [waiting, answer] of settled) {
          if (!answer.ok) {
            waiting.reject(new Error(answer.message));
            continue;
          }
          const { request } = waiting;
          if (request.kind === 'page' || request.whole || request.collectAssets) {
            waiting.resolve(answer.result as Rendered | PageOutcome);
            continue;
          }
          // The worker converted the bodies; front matter and YAML are this thread's part.
          try {
            waiting.resolve(renderForWriting(request.post, request.options, false, answer.result as ConvertedBodies));
          } catch (error) {
            waiting.reject(error as Error);
          }
        }
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

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private send(request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<Rendered | PageOutcome> {
    if (this.workers.length === 0) this.start();
    return new Promise<Rendered | PageOutcome>((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Hand queued requests out, each to the live worker holding fewest, while one has room. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let least: (typeof this.workers)[number] | undefined;
      for (const slot of this.workers) {
        if (slot.alive && slot.pending.size < this.perWorker && (!least || slot.pending.size < least.pending.size)) least = slot;
      }
      if (!least) return;
      const next = this.queue.shift()!;
      // Posts still waiting behind this one: the workers are the slower side, so this thread, which
      // would otherwise wait for them, finishes the post (front matter, YAML) when it comes back.
      // Otherwise the worker does all of it. The threads stay about equally busy whichever side
      // an archive loads more (Blogger bodies, plain text).
      if (next.request.kind === 'render') next.request.whole = this.queue.length === 0;
      least.pending.set(next.request.id, next);
      least.outbox.push(next);
      if (least.outbox.length >= this.perMessage) this.flush(least);
      else if (!this.flushDue) {
        this.flushDue = true;
        setImmediate(() => {
          this.flushDue = false;
          for (const slot of this.workers) this.flush(slot);
        });
      }
    }
  }

  /** Send a worker the requests assigned to it and not sent yet, in one message. */
  private flush(slot: (typeof this.workers)[number]): void {
    if (slot.outbox.length === 0 || !slot.alive) return;
    const batch = slot.outbox.splice(0);
    const requests: WorkerBatch = batch.map((queued) => message(queued.request));
    slot.worker.postMessage(requests, batch.flatMap((queued) => queued.transfer));
  }

  /**
   * A worker died (out of memory on a huge post or page, or a crash): its posts, those still
   * queued and all later ones render here. Its pages and the queued ones are refused (a page's
   * bytes may have gone with it): the reader reads them again itself.
   */
  private fallBack(slot: (typeof this.workers)[number]): void {
    this.degraded = true;
    slot.alive = false;
    const orphans = [...slot.pending.values(), ...this.queue.splice(0)];
    slot.pending.clear();
    slot.outbox.length = 0;
    for (const { request, resolve, reject } of orphans) {
      if (request.kind === 'page') {
        reject(new Error('the worker thread stopped'));
        continue;
      }
      try {
        resolve(renderForWriting(request.post, request.options, request.collectAssets));
      } catch (error) {
        reject(error as Error);
      }
    }
  }
}
