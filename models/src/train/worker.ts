import { parentPort, workerData } from 'node:worker_threads';

import { runTraining, type TrainingEvent, type TrainingOptions } from './trainingLoop.ts';

/** Messages from the training worker to its parent. */
export type WorkerMessage =
  TrainingEvent | { type: 'error'; name: string; code: string | null; message: string };

/** Message from the parent asking the worker to checkpoint and stop after the current step. */
export interface StopRequest {
  type: 'stop';
}

if (parentPort === null) {
  throw new Error('worker.ts runs inside a worker thread; use startTrainingWorker()');
}
const port = parentPort;
let stopRequested = false;
port.on('message', (message: StopRequest) => {
  if (message.type === 'stop') {
    stopRequested = true;
  }
});

const post = (message: WorkerMessage): void => port.postMessage(message);
try {
  await runTraining(workerData as TrainingOptions, post, () => stopRequested);
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as { code?: unknown }).code;
  post({
    type: 'error',
    name: failure.name,
    code: typeof code === 'string' ? code : null,
    message: failure.message,
  });
}
port.close();
