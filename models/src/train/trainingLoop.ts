import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import * as tf from '@tensorflow/tfjs';

import { selectBackend, type BackendName } from '../backend.ts';
import { loadFaceFolder, type FaceImage } from '../faces/faceFolder.ts';
import { splitByPath } from '../faces/holdout.ts';
import { LATENT_SIZE } from '../generator.ts';
import { registerWasmTrainingKernels } from '../kernels/index.ts';
import { toTfjsSeed } from '../seed.ts';
import { epochOrder, realBatch, stepsPerEpoch } from './batches.ts';
import { trainGanStep, type GanModels } from './ganStep.ts';
import { evaluateHeldOut, type HeldOutMetrics } from './heldOutMetrics.ts';
import { LossLog, type StepRecord } from './lossLog.ts';
import { SeededRandom } from './random.ts';
import { GRID_SIDE, renderSampleGrid } from './sampleGrid.ts';
import { saveTrainingCheckpoint, type RunIdentity } from './trainingCheckpoint.ts';
import { startOrResume, TrainingSetupError, type Session } from './trainingSession.ts';

export { TrainingSetupError, type TrainingSetupErrorCode } from './trainingSession.ts';

export interface TrainingOptions {
  dataDir: string;
  runDir: string;
  epochs: number;
  batchSize: number;
  /** Seed of the initial weights, the batch order, the latent vectors and the sample grid. */
  seed: string;
  /** Seed of the held-out split, the same rule the game uses. */
  holdoutSeed: string;
  holdoutRatio: number;
  checkpointMinutes: number;
  resume: boolean;
  backend: BackendName;
}

export type TrainingEvent =
  | { type: 'log'; message: string; fields: Record<string, unknown> }
  | { type: 'step'; record: StepRecord; totalSteps: number; stepsPerEpoch: number }
  | { type: 'epoch'; epoch: number; samplePath: string; heldOut: HeldOutMetrics | null }
  | { type: 'checkpoint'; path: string; step: number }
  | { type: 'finished'; step: number; stopped: boolean };

/**
 * Trains the DCGAN on a folder of faces until `options.epochs` epochs are complete or
 * `shouldStop` turns true, checkpointing every `checkpointMinutes` and at the end.
 */
export async function runTraining(
  options: TrainingOptions,
  emit: (event: TrainingEvent) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const backend = await selectBackend(options.backend, (message, fields) =>
    emit({ type: 'log', message, fields }),
  );
  registerWasmTrainingKernels();

  const dataDir = resolve(options.dataDir);
  const { faces, skipped } = await loadFaceFolder(dataDir);
  if (skipped.length > 0) {
    emit({
      type: 'log',
      message: 'skipped unreadable images',
      fields: { count: skipped.length, first: skipped[0] },
    });
  }
  const split = splitByPath(faces, options.holdoutSeed, options.holdoutRatio);
  const perEpoch = stepsPerEpoch(split.train.length, options.batchSize);
  if (perEpoch === 0) {
    throw new TrainingSetupError(
      'too-few-faces',
      `${split.train.length} training faces in ${dataDir} do not fill one batch of ` +
        `${options.batchSize}; lower --batch-size or add faces`,
    );
  }
  emit({
    type: 'log',
    message: 'loaded faces',
    fields: { dataDir, train: split.train.length, heldOut: split.holdout.length, backend },
  });

  const run: RunIdentity = {
    seed: options.seed,
    batchSize: options.batchSize,
    dataDir,
    trainFaces: split.train.length,
  };
  await mkdir(join(options.runDir, 'samples'), { recursive: true });
  const session = await startOrResume(options, run, emit);
  const lossLog = new LossLog(join(options.runDir, 'losses.jsonl'));
  await lossLog.truncateAfter(session.progress.step);
  try {
    await trainEpochs(options, run, backend, split, session, lossLog, emit, shouldStop);
  } finally {
    session.models.generator.dispose();
    session.models.discriminator.dispose();
    session.optimizers.generator.dispose();
    session.optimizers.discriminator.dispose();
  }
}

async function trainEpochs(
  options: TrainingOptions,
  run: RunIdentity,
  backend: string,
  split: { train: FaceImage[]; holdout: FaceImage[] },
  session: Session,
  lossLog: LossLog,
  emit: (event: TrainingEvent) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { models, optimizers, progress } = session;
  const perEpoch = stepsPerEpoch(split.train.length, options.batchSize);
  const totalSteps = perEpoch * options.epochs;
  const latentRandom = new SeededRandom(progress.latentRandomState);
  const sampleLatent = tf.randomNormal(
    [GRID_SIDE * GRID_SIDE, LATENT_SIZE],
    0,
    1,
    'float32',
    SeededRandom.fromSeed(`${options.seed}:samples`).nextUint32(),
  ) as tf.Tensor2D;
  const checkpointEveryMs = options.checkpointMinutes * 60_000;
  let sessionStart = performance.now();
  let lastCheckpoint = performance.now();
  const card = { dataDir: run.dataDir, backend, batchSize: options.batchSize };

  const checkpoint = async (): Promise<void> => {
    const now = performance.now();
    progress.elapsedMs += now - sessionStart;
    sessionStart = now;
    progress.latentRandomState = latentRandom.getState();
    const path = await saveTrainingCheckpoint(options.runDir, models, optimizers, progress, run, {
      ...card,
      epoch: progress.epoch,
      elapsedMs: Math.round(progress.elapsedMs),
    });
    lastCheckpoint = performance.now();
    emit({ type: 'checkpoint', path, step: progress.step });
  };

  let stopped = false;
  try {
    while (progress.epoch < options.epochs && !stopped) {
      const order = epochOrder(split.train.length, options.seed, progress.epoch);
      while (progress.batchIndex < perEpoch) {
        if (shouldStop()) {
          stopped = true;
          break;
        }
        const started = performance.now();
        const real = realBatch(split.train, order, progress.batchIndex, options.batchSize);
        const shape: [number, number] = [options.batchSize, LATENT_SIZE];
        const dLatent = tf.randomNormal(
          shape,
          0,
          1,
          'float32',
          toTfjsSeed(latentRandom.nextUint32()),
        );
        const gLatent = tf.randomNormal(
          shape,
          0,
          1,
          'float32',
          toTfjsSeed(latentRandom.nextUint32()),
        );
        const metrics = await trainGanStep(
          models,
          optimizers,
          real,
          dLatent as tf.Tensor2D,
          gLatent as tf.Tensor2D,
        );
        tf.dispose([real, dLatent, gLatent]);
        progress.step += 1;
        progress.batchIndex += 1;
        const seconds = (performance.now() - started) / 1000;
        const record: StepRecord = {
          step: progress.step,
          epoch: progress.epoch,
          ...metrics,
          imagesPerSecond: options.batchSize / seconds,
          time: new Date().toISOString(),
        };
        await lossLog.append(record);
        emit({ type: 'step', record, totalSteps, stepsPerEpoch: perEpoch });
        if (performance.now() - lastCheckpoint >= checkpointEveryMs) {
          await checkpoint();
        }
      }
      if (progress.batchIndex >= perEpoch) {
        await finishEpoch(options, models, split.holdout, sampleLatent, progress.epoch, emit);
        progress.epoch += 1;
        progress.batchIndex = 0;
      }
    }
    await checkpoint();
  } finally {
    sampleLatent.dispose();
  }
  emit({ type: 'finished', step: progress.step, stopped });
}

async function finishEpoch(
  options: TrainingOptions,
  models: GanModels,
  holdout: FaceImage[],
  sampleLatent: tf.Tensor2D,
  epoch: number,
  emit: (event: TrainingEvent) => void,
): Promise<void> {
  const number = String(epoch + 1).padStart(3, '0');
  const samplePath = join(options.runDir, 'samples', `epoch-${number}.png`);
  await writeFile(samplePath, await renderSampleGrid(models.generator, sampleLatent));
  const heldOut = await evaluateHeldOut(models.generator, models.discriminator, holdout, epoch);
  const metricsLine = JSON.stringify({ epoch: epoch + 1, time: new Date().toISOString(), heldOut });
  await writeFile(join(options.runDir, 'epochs.jsonl'), `${metricsLine}\n`, { flag: 'a' });
  emit({ type: 'epoch', epoch, samplePath, heldOut });
}
