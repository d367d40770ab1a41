import { DEFAULT_HOLDOUT_RATIO, DEFAULT_HOLDOUT_SEED } from '../faces/holdout.ts';
import type { BackendName } from '../backend.ts';
import type { TrainingOptions } from './trainingLoop.ts';

export const TRAIN_USAGE = `Usage: npm run train -- --data DIR [options]

  --data DIR               folder of PNG or JPEG faces, searched recursively (required)
  --epochs N               epochs to train in total, counting resumed ones (default 100)
  --resume                 continue from <run-dir>/checkpoint
  --seed S                 seed of batch order, latent vectors and samples (default real-or-fake)
  --run-dir DIR            output folder (default models/runs/main)
  --batch-size N           images per batch (default 32)
  --checkpoint-minutes M   minutes between checkpoints (default 5)
  --backend NAME           auto, tensorflow-gpu, tensorflow, wasm or cpu (default auto)
  --help                   print this help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}

const BACKENDS: readonly BackendName[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface RawTrainArgs {
  data?: string | undefined;
  epochs?: string | undefined;
  resume?: boolean | undefined;
  seed?: string | undefined;
  'run-dir'?: string | undefined;
  'batch-size'?: string | undefined;
  'checkpoint-minutes'?: string | undefined;
  backend?: string | undefined;
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${name} must be a positive integer, got '${text}'`);
  }
  return value;
}

/** Validates command-line values and fills in defaults. */
export function parseTrainArgs(values: RawTrainArgs): TrainingOptions {
  if (values.data === undefined || values.data.trim() === '') {
    throw new UsageError('--data is required: the folder of face images to train on');
  }
  const minutesText = values['checkpoint-minutes'];
  const checkpointMinutes = minutesText === undefined ? 5 : Number(minutesText);
  if (!Number.isFinite(checkpointMinutes) || checkpointMinutes <= 0) {
    throw new UsageError(
      `--checkpoint-minutes must be a positive number, got '${String(minutesText)}'`,
    );
  }
  const backend = values.backend ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  }
  const seed = values.seed ?? 'real-or-fake';
  if (seed === '') {
    throw new UsageError('--seed must not be empty');
  }
  return {
    dataDir: values.data,
    runDir: values['run-dir'] ?? 'models/runs/main',
    epochs: positiveInteger('epochs', values.epochs, 100),
    batchSize: positiveInteger('batch-size', values['batch-size'], 32),
    seed,
    holdoutSeed: DEFAULT_HOLDOUT_SEED,
    holdoutRatio: DEFAULT_HOLDOUT_RATIO,
    checkpointMinutes,
    resume: values.resume ?? false,
    backend: backend as BackendName,
  };
}
