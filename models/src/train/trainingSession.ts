import { buildDiscriminator } from '../discriminator.ts';
import { buildGenerator } from '../generator.ts';
import { reinitializeWeights } from '../seed.ts';
import { createDcganOptimizer, type GanModels, type GanOptimizers } from './ganStep.ts';
import { SeededRandom } from './random.ts';
import {
  findTrainingCheckpoint,
  hasTrainingCheckpoint,
  loadTrainingCheckpoint,
  type RunIdentity,
  type TrainingProgress,
} from './trainingCheckpoint.ts';
import type { TrainingEvent, TrainingOptions } from './trainingLoop.ts';

/** Models, optimizers and progress of a run, fresh or loaded from its checkpoint. */
export interface Session {
  models: GanModels;
  optimizers: GanOptimizers;
  progress: TrainingProgress;
}

/**
 * Creates a new run with seeded weights or, with `options.resume`, loads the run's checkpoint.
 * A new run never overwrites an existing checkpoint, and a resumed one must keep its seed and
 * batch size.
 */
export async function startOrResume(
  options: TrainingOptions,
  run: RunIdentity,
  emit: (event: TrainingEvent) => void,
): Promise<Session> {
  if (!options.resume) {
    if (await hasTrainingCheckpoint(options.runDir)) {
      throw new TrainingSetupError(
        'run-exists',
        `${options.runDir} already contains a training checkpoint; pass --resume to continue ` +
          'that run or choose another --run-dir',
      );
    }
    const progress: TrainingProgress = {
      step: 0,
      epoch: 0,
      batchIndex: 0,
      latentRandomState: SeededRandom.fromSeed(`${options.seed}:latent`).getState(),
      elapsedMs: 0,
    };
    const models = { generator: buildGenerator(), discriminator: buildDiscriminator() };
    const weightSeed = SeededRandom.fromSeed(`${options.seed}:weights`).nextUint32() % 2 ** 30;
    reinitializeWeights(models.generator, weightSeed);
    reinitializeWeights(models.discriminator, weightSeed + 1000);
    const optimizers = {
      generator: createDcganOptimizer(),
      discriminator: createDcganOptimizer(),
    };
    return { models, optimizers, progress };
  }
  const dir = await findTrainingCheckpoint(options.runDir);
  const loaded = await loadTrainingCheckpoint(dir, createDcganOptimizer);
  if (loaded.run.seed !== run.seed || loaded.run.batchSize !== run.batchSize) {
    const saved = `seed '${loaded.run.seed}', batch size ${loaded.run.batchSize}`;
    const requested = `seed '${run.seed}', batch size ${run.batchSize}`;
    throw new TrainingSetupError(
      'resume-mismatch',
      `checkpoint in ${dir} was trained with ${saved}, but this run asks for ${requested}; ` +
        'pass the same --seed and --batch-size or start a new --run-dir',
    );
  }
  if (loaded.run.trainFaces !== run.trainFaces || loaded.run.dataDir !== run.dataDir) {
    emit({
      type: 'log',
      message: 'resuming on different training data than the checkpoint was trained on',
      fields: { saved: loaded.run, current: run },
    });
  }
  emit({ type: 'log', message: 'resumed from checkpoint', fields: { dir, ...loaded.progress } });
  return { models: loaded.models, optimizers: loaded.optimizers, progress: loaded.progress };
}

export type TrainingSetupErrorCode = 'run-exists' | 'resume-mismatch' | 'too-few-faces';

export class TrainingSetupError extends Error {
  override readonly name = 'TrainingSetupError';
  readonly code: TrainingSetupErrorCode;

  constructor(code: TrainingSetupErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
