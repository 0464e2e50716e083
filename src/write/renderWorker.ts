// A render worker: receives planned posts, sends back their rendered files; receives saved
// pages, sends back the posts found on them. Pure CPU work; the main thread keeps planning and writing.
import { parentPort } from 'node:worker_threads';
import { runRequest, type WorkerRequest, type WorkerResponse } from './renderer.js';

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id: request.id, ok: true, result: runRequest(request) };
  } catch (error) {
    response = { id: request.id, ok: false, message: (error as Error).message };
  }
  parentPort?.postMessage(response);
});
