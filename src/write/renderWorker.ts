// A render worker: receives planned posts, sends back their rendered files. Pure CPU work; the
// main thread keeps reading and writing.
import { parentPort } from 'node:worker_threads';
import { renderPost } from '../layouts/toMarkdown.js';
import type { RenderRequest, RenderResponse } from './renderer.js';

parentPort?.on('message', ({ id, post, options }: RenderRequest) => {
  let response: RenderResponse;
  try {
    response = { id, ok: true, result: renderPost(post, options) };
  } catch (error) {
    response = { id, ok: false, message: (error as Error).message };
  }
  parentPort?.postMessage(response);
});
