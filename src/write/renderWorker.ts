// A render worker: receives planned posts, sends back their rendered files. Pure CPU work; the
// main thread keeps reading and writing.
import { parentPort } from 'node:worker_threads';
import { renderForWriting, type RenderRequest, type WorkerResponse } from './renderer.js';

parentPort?.on('message', ({ id, post, options, collectAssets }: RenderRequest) => {
  let response: WorkerResponse;
  try {
    response = { id, ok: true, result: renderForWriting(post, options, collectAssets) };
  } catch (error) {
    response = { id, ok: false, message: (error as Error).message };
  }
  parentPort?.postMessage(response);
});
