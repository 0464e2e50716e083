// A render worker: receives planned posts, a batch at a time, and sends back their converted
// bodies (or, for --assets download, their rendered files) in one message per batch. Pure CPU
// work; the main thread keeps reading, finishes each post (front matter, YAML) and writes.
import { parentPort } from 'node:worker_threads';
import { workerPart, type BodiesRequest, type RenderRequest, type WorkerAnswers, type WorkerResponse } from './renderer.js';

function answer(request: RenderRequest | BodiesRequest): WorkerResponse {
  const { id } = request;
  try {
    return { id, ok: true, result: workerPart(request) };
  } catch (error) {
    return { id, ok: false, message: (error as Error).message };
  }
}

parentPort?.on('message', (requests: (RenderRequest | BodiesRequest)[]) => {
  const answers: WorkerAnswers = requests.map(answer);
  parentPort?.postMessage(answers);
});
