// A page worker: receives saved pages' bytes, sends back what each page holds (its findings,
// merge keys and the posts asked for). Pure CPU work; the main thread plans and writes.
import { parentPort } from 'node:worker_threads';
import { readPageBytes } from '../readers/html/pageWork.js';
import type { PageRequest, WorkerAnswers, WorkerResponse } from './renderer.js';

function answer({ id, job }: PageRequest): WorkerResponse {
  try {
    return { id, ok: true, result: readPageBytes(job) };
  } catch (error) {
    return { id, ok: false, message: (error as Error).message };
  }
}

parentPort?.on('message', (requests: PageRequest[]) => {
  const answers: WorkerAnswers = requests.map(answer);
  parentPort?.postMessage(answers);
});
