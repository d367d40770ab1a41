import { join } from 'node:path';

import type { Logger } from 'pino';

import { selectBackend } from '../models/src/backend.ts';
import { buildSeededModels } from '../models/src/bench/modelRates.ts';
import { ModelService } from '../server/src/ai/modelService.ts';
import type { Config } from '../server/src/config.ts';
import { splitHoldout } from '../server/src/faces/holdout.ts';
import { loadFaceFolder } from '../server/src/faces/loadFaces.ts';
import type { BenchPlan } from './plan.ts';
import { measureServingCondition, type ServingCondition } from './serving.ts';
import { prepareFaceSet, startTrainingLoad } from './trainingLoad.ts';

export interface ServingResult {
  status: 'measured' | 'skipped' | 'failed';
  reason: string | null;
  /** Backend of the serving thread and of the training worker, as TF_BACKEND selects. */
  backend: string | null;
  poolCapacity: number;
  fakeRatio: number;
  arrivalMeanMs: number;
  faceCount: number | null;
  faceSource: 'dataset' | 'synthetic' | null;
  /** Training steps the worker finished while the training condition was measured. */
  trainingSteps: number | null;
  idle: ServingCondition | null;
  training: ServingCondition | null;
  /** Training condition over idle condition, per latency and percentile. */
  ratios: ServingRatios | null;
}

export interface ServingRatios {
  discriminatorBatch1P50: number;
  discriminatorBatch1P99: number;
  /** Thread CPU time per discriminator call, training over idle. */
  discriminatorBatch1CpuMean: number;
  nextFakeImageP50: number;
  nextFakeImageP99: number;
  takeCallP50: number;
  takeCallP99: number;
  roundPrepareP50: number;
  roundPrepareP99: number;
}

/**
 * Measures the serving thread with no training, then while the trainer's worker runs a DCGAN
 * at batch 32 in the same process on a small face set. The models are the real ModelService
 * over seeded, untrained weights, so that no checkpoint on disk is read.
 */
export async function benchServing(
  config: Config,
  plan: BenchPlan,
  scratchDir: string,
  logger: Logger,
  progress: (message: string) => void,
): Promise<ServingResult> {
  const backend = await selectBackend(config.tfBackend);
  const faceSet = await prepareFaceSet(scratchDir, config.facesDir, plan.trainingFaces);
  const { faces } = await loadFaceFolder(faceSet.dir, logger);
  const { play } = splitHoldout(faces, config.holdoutSeed);
  const { generator, discriminator } = buildSeededModels();
  const models = new ModelService(generator, discriminator, {
    generator: 'bench-untrained',
    discriminator: 'bench-untrained',
  });
  const result: ServingResult = {
    status: 'measured',
    reason: null,
    backend,
    poolCapacity: config.fakePoolSize,
    fakeRatio: config.fakeRatio,
    arrivalMeanMs: plan.arrivalMeanMs,
    faceCount: faceSet.count,
    faceSource: faceSet.source,
    trainingSteps: null,
    idle: null,
    training: null,
    ratios: null,
  };
  const setup = {
    models,
    discriminator,
    playFaces: play,
    config,
    logger,
    scoreCalls: plan.servingScoreCalls,
    arrivals: plan.servingArrivals,
    arrivalMeanMs: plan.arrivalMeanMs,
  };
  try {
    progress('serving: without training');
    result.idle = await measureServingCondition(setup);
    progress('serving: starting the training worker');
    const load = startTrainingLoad(faceSet.dir, join(scratchDir, 'run'), config.tfBackend);
    try {
      await load.firstStep;
      progress('serving: with training');
      const stepsBefore = load.steps;
      result.training = await measureServingCondition(setup);
      result.trainingSteps = load.steps - stepsBefore;
    } finally {
      await load.stop();
    }
    result.ratios = compareConditions(result.idle, result.training);
    return result;
  } finally {
    models.dispose();
  }
}

function compareConditions(idle: ServingCondition, training: ServingCondition): ServingRatios {
  return {
    discriminatorBatch1P50: training.discriminatorBatch1.p50Ms / idle.discriminatorBatch1.p50Ms,
    discriminatorBatch1P99: training.discriminatorBatch1.p99Ms / idle.discriminatorBatch1.p99Ms,
    discriminatorBatch1CpuMean:
      training.discriminatorBatch1Cpu.meanMs / idle.discriminatorBatch1Cpu.meanMs,
    nextFakeImageP50: training.nextFakeImage.p50Ms / idle.nextFakeImage.p50Ms,
    nextFakeImageP99: training.nextFakeImage.p99Ms / idle.nextFakeImage.p99Ms,
    takeCallP50: training.takeCall.p50Ms / idle.takeCall.p50Ms,
    takeCallP99: training.takeCall.p99Ms / idle.takeCall.p99Ms,
    roundPrepareP50: training.roundPrepare.p50Ms / idle.roundPrepare.p50Ms,
    roundPrepareP99: training.roundPrepare.p99Ms / idle.roundPrepare.p99Ms,
  };
}

/** Builds the result of a serving section that was skipped or failed. */
export function servingNotMeasured(
  status: 'skipped' | 'failed',
  reason: string,
  config: Config,
  plan: BenchPlan,
): ServingResult {
  return {
    status,
    reason,
    backend: null,
    poolCapacity: config.fakePoolSize,
    fakeRatio: config.fakeRatio,
    arrivalMeanMs: plan.arrivalMeanMs,
    faceCount: null,
    faceSource: null,
    trainingSteps: null,
    idle: null,
    training: null,
    ratios: null,
  };
}
