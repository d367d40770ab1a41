import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import sharp from 'sharp';

import type { BackendName } from '../models/src/backend.ts';
import { listImageFiles } from '../models/src/faces/faceFolder.ts';
import { DEFAULT_HOLDOUT_RATIO, DEFAULT_HOLDOUT_SEED } from '../models/src/faces/holdout.ts';
import { startTrainingWorker } from '../models/src/train/trainingWorker.ts';

/** A temporary folder of faces that both the training worker and the fake pool read. */
export interface FaceSet {
  dir: string;
  count: number;
  /** `dataset` when the files link to real faces, `synthetic` when they are generated noise. */
  source: 'dataset' | 'synthetic';
}

/** Creates the run's temporary folder, for the face set and the training worker's output. */
export async function createScratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'real-or-fake-bench-'));
}

export async function removeScratchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Links the first `count` images of `datasetDir` into `<scratch>/faces`, so that no image is
 * copied. Where the folder is missing or has fewer images, writes `count` 64x64 PNGs of
 * Gaussian noise instead, which cost the models the same arithmetic.
 */
export async function prepareFaceSet(
  scratchDir: string,
  datasetDir: string,
  count: number,
): Promise<FaceSet> {
  const dir = join(scratchDir, 'faces');
  await mkdir(dir, { recursive: true });
  const files = await listImageFiles(datasetDir).catch(() => []);
  if (files.length >= count) {
    await Promise.all(
      files
        .slice(0, count)
        .map((file, index) => symlink(join(datasetDir, file), join(dir, linkName(index, file)))),
    );
    return { dir, count, source: 'dataset' };
  }
  for (let index = 0; index < count; index++) {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000', noise } })
      .png()
      .toFile(join(dir, `synthetic-${index}.png`));
  }
  return { dir, count, source: 'synthetic' };
}

function linkName(index: number, file: string): string {
  return `${String(index).padStart(5, '0')}-${basename(file)}`;
}

/** A DCGAN training run in a worker thread, the load that the serving measurements run under. */
export interface TrainingLoad {
  /** Steps finished so far. */
  readonly steps: number;
  /** Resolves after the first step, once the worker has loaded its faces and built its models. */
  readonly firstStep: Promise<void>;
  /** Stops after the step in progress and waits for the worker's final checkpoint. */
  stop(): Promise<void>;
}

/** Starts the trainer's worker on `dataDir` at batch 32, writing into `runDir`. */
export function startTrainingLoad(
  dataDir: string,
  runDir: string,
  backend: BackendName,
): TrainingLoad {
  let steps = 0;
  let reportFirstStep: () => void = () => {};
  const firstStep = new Promise<void>((resolve) => {
    reportFirstStep = resolve;
  });
  const worker = startTrainingWorker(
    {
      dataDir,
      runDir,
      // Far more than a run lasts: the worker trains until stop().
      epochs: 10_000,
      batchSize: 32,
      seed: 'bench',
      holdoutSeed: DEFAULT_HOLDOUT_SEED,
      holdoutRatio: DEFAULT_HOLDOUT_RATIO,
      // No checkpoint during the measurement; stop() writes one at the end.
      checkpointMinutes: 24 * 60,
      resume: false,
      backend,
    },
    (event) => {
      if (event.type === 'step') {
        steps++;
        reportFirstStep();
      }
    },
  );
  // A worker that fails before its first step rejects firstStep instead of leaving it pending.
  const started = Promise.race([firstStep, worker.done]);
  return {
    get steps() {
      return steps;
    },
    firstStep: started,
    async stop() {
      worker.stop();
      await worker.done;
    },
  };
}
