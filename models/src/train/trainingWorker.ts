import { Worker } from 'node:worker_threads';

import type { TrainingEvent, TrainingOptions } from './trainingLoop.ts';
import type { StopRequest, WorkerMessage } from './worker.ts';

/** A failure inside the training worker, with the original error's name and code. */
export class TrainingWorkerError extends Error {
  override readonly name = 'TrainingWorkerError';
  readonly code: string | null;
  readonly causeName: string;

  constructor(causeName: string, code: string | null, message: string) {
    super(message);
    this.causeName = causeName;
    this.code = code;
  }
}

export interface TrainingWorker {
  /** Resolves when training ends, after its last checkpoint; rejects on a training error. */
  done: Promise<void>;
  /** Asks the worker to checkpoint and stop after the step in progress. */
  stop(): void;
}

/**
 * Runs training in a worker thread, off the caller's event loop. The worker loads TypeScript
 * through tsx, so it runs the same under the tsx CLI and under vitest.
 */
export function startTrainingWorker(
  options: TrainingOptions,
  onEvent: (event: TrainingEvent) => void,
): TrainingWorker {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    workerData: options,
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  let failure: TrainingWorkerError | null = null;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'error') {
        failure = new TrainingWorkerError(message.name, message.code, message.message);
      } else {
        onEvent(message);
      }
    });
    worker.on('error', reject);
    worker.on('exit', (exitCode) => {
      if (failure !== null) {
        reject(failure);
      } else if (exitCode !== 0) {
        reject(new TrainingWorkerError('Error', null, `training worker exited with ${exitCode}`));
      } else {
        resolve();
      }
    });
  });
  return {
    done,
    stop: () => worker.postMessage({ type: 'stop' } satisfies StopRequest),
  };
}
