// A page worker: receives a saved page's bytes, sends back what the page holds (its findings,
// merge keys and the posts asked for). Pure CPU work; the main thread plans and writes.
import { parentPort } from 'node:worker_threads';
import { readPageBytes } from '../readers/html/pageWork.js';
import type { PageRequest, WorkerResponse } from './renderer.js';

parentPort?.on('message', ({ id, job }: PageRequest) => {
  let response: WorkerResponse;
  try {
    response = { id, ok: true, result: readPageBytes(job) };
  } catch (error) {
    response = { id, ok: false, message: (error as Error).message };
  }
  parentPort?.postMessage(response);
});
