// A render worker: receives planned posts, a batch at a time, and sends back their rendered
// files in one message per batch. Pure CPU work; the main thread keeps reading and writing.
import { parentPort } from 'node:worker_threads';
import { renderForWriting, type RenderRequest, type WorkerAnswers, type WorkerResponse } from './renderer.js';

function answer({ id, post, options, collectAssets }: RenderRequest): WorkerResponse {
  try {
    return { id, ok: true, result: renderForWriting(post, options, collectAssets) };
  } catch (error) {
    return { id, ok: false, message: (error as Error).message };
  }
}

parentPort?.on('message', (requests: RenderRequest[]) => {
  const answers: WorkerAnswers = requests.map(answer);
  parentPort?.postMessage(answers);
});
