import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  CheckpointError,
  LATENT_SIZE,
  reinitializeWeights,
  selectBackend,
} from '@real-or-fake/models';

import { registerWasmTrainingKernels } from '../../../models/src/kernels/index.ts';
import {
  createDcganOptimizer,
  trainGanStep,
  type GanModels,
  type GanOptimizers,
} from '../../../models/src/train/ganStep.ts';
import {
  findTrainingCheckpoint,
  loadTrainingCheckpoint,
  saveTrainingCheckpoint,
  type LoadedTraining,
  type RunIdentity,
  type TrainingProgress,
} from '../../../models/src/train/trainingCheckpoint.ts';

const PROGRESS: TrainingProgress = {
  step: 12,
  epoch: 3,
  batchIndex: 5,
  latentRandomState: 123456789,
  elapsedMs: 4321.5,
};
const RUN: RunIdentity = { seed: 'test', batchSize: 2, dataDir: '/faces', trainFaces: 40 };

let root: string;
let models: GanModels;
let optimizers: GanOptimizers;
let savedDir: string;

async function optimizerValues(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  const values = weights.map((weight) => weight.tensor.dataSync() as Float32Array);
  tf.dispose(weights.filter((weight) => weight.name === 'iter').map((weight) => weight.tensor));
  return values;
}

function disposeLoaded(loaded: LoadedTraining): void {
  loaded.models.generator.dispose();
  loaded.models.discriminator.dispose();
  loaded.optimizers.generator.dispose();
  loaded.optimizers.discriminator.dispose();
}

/** Copies the saved checkpoint into a fresh run folder that a test may damage. */
async function copyOfCheckpoint(name: string): Promise<string> {
  const runDir = join(root, name);
  await cp(savedDir, join(runDir, 'checkpoint'), { recursive: true });
  return runDir;
}

async function loadError(dir: string): Promise<CheckpointError> {
  try {
    disposeLoaded(await loadTrainingCheckpoint(dir, createDcganOptimizer));
  } catch (error) {
    if (error instanceof CheckpointError) {
      return error;
    }
    throw error;
  }
  throw new Error(`loading ${dir} succeeded, expected a CheckpointError`);
}

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
  root = await mkdtemp(join(tmpdir(), 'training-checkpoint-'));
  models = { generator: buildGenerator(), discriminator: buildDiscriminator() };
  reinitializeWeights(models.generator, 3);
  reinitializeWeights(models.discriminator, 4);
  optimizers = { generator: createDcganOptimizer(), discriminator: createDcganOptimizer() };
  const real = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
  const latent = tf.randomNormal([2, LATENT_SIZE], 0, 1, 'float32', 6) as tf.Tensor2D;
  // Two steps give Adam non-zero moments and an iteration count to restore.
  await trainGanStep(models, optimizers, real, latent, latent);
  await trainGanStep(models, optimizers, real, latent, latent);
  tf.dispose([real, latent]);
  savedDir = await saveTrainingCheckpoint(join(root, 'run'), models, optimizers, PROGRESS, RUN, {
    backend: 'wasm',
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('saveTrainingCheckpoint and loadTrainingCheckpoint', () => {
  let loaded: LoadedTraining;

  beforeAll(async () => {
    loaded = await loadTrainingCheckpoint(savedDir, createDcganOptimizer);
  });

  afterAll(() => disposeLoaded(loaded));

  it('restore the progress', () => {
    expect(loaded.progress).toEqual(PROGRESS);
  });

  it('restore the run identity', () => {
    expect(loaded.run).toEqual(RUN);
  });

  it('restore both models bit for bit', () => {
    for (const kind of ['generator', 'discriminator'] as const) {
      const expected = models[kind].getWeights().map((weight) => weight.dataSync());
      const actual = loaded.models[kind].getWeights().map((weight) => weight.dataSync());
      expect(actual).toEqual(expected);
    }
  });

  it('restore the Adam moments and iteration count', async () => {
    for (const kind of ['generator', 'discriminator'] as const) {
      const expected = await optimizerValues(optimizers[kind]);
      expect(expected.length).toBeGreaterThan(1);
      expect(await optimizerValues(loaded.optimizers[kind])).toEqual(expected);
    }
  });

  it('leave no tensors behind', async () => {
    const tensors = tf.memory().numTensors;
    disposeLoaded(await loadTrainingCheckpoint(savedDir, createDcganOptimizer));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('loadTrainingCheckpoint', () => {
  it('rejects a weights file with a flipped byte as corrupt', async () => {
    const runDir = await copyOfCheckpoint('flipped');
    const weights = join(runDir, 'checkpoint', 'discriminator', 'weights.bin');
    const bytes = await readFile(weights);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(weights, bytes);
    const error = await loadError(join(runDir, 'checkpoint'));
    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(weights);
  });

  it('rejects a truncated optimizer file as corrupt', async () => {
    const runDir = await copyOfCheckpoint('truncated');
    const path = join(runDir, 'checkpoint', 'optimizers.bin');
    await writeFile(path, (await readFile(path)).subarray(0, 1000));
    expect((await loadError(join(runDir, 'checkpoint'))).code).toBe('corrupt');
  });

  it('rejects a state file that is not JSON as corrupt', async () => {
    const runDir = await copyOfCheckpoint('not-json');
    const path = join(runDir, 'checkpoint', 'training-state.json');
    await writeFile(path, '{"version": 1, "progress": ');
    const error = await loadError(join(runDir, 'checkpoint'));
    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
  });

  it('rejects a state file of another version as a mismatch', async () => {
    const runDir = await copyOfCheckpoint('version');
    const path = join(runDir, 'checkpoint', 'training-state.json');
    const state = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...state, version: 99 }));
    expect((await loadError(join(runDir, 'checkpoint'))).code).toBe('mismatch');
  });

  it('rejects optimizer state that does not fit the model as a mismatch', async () => {
    const runDir = await copyOfCheckpoint('swapped');
    const path = join(runDir, 'checkpoint', 'training-state.json');
    const state = JSON.parse(await readFile(path, 'utf8')) as {
      optimizers: { generator: unknown; discriminator: unknown };
    };
    const { generator, discriminator } = state.optimizers;
    state.optimizers = { generator: discriminator, discriminator: generator };
    await writeFile(path, JSON.stringify(state));
    const tensors = tf.memory().numTensors;
    expect((await loadError(join(runDir, 'checkpoint'))).code).toBe('mismatch');
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('findTrainingCheckpoint', () => {
  it('rejects a run folder without a checkpoint as missing', async () => {
    await expect(findTrainingCheckpoint(join(root, 'empty'))).rejects.toMatchObject({
      code: 'missing',
    });
  });

  it('falls back to the previous checkpoint after an interrupted swap', async () => {
    const runDir = await copyOfCheckpoint('interrupted');
    await rename(join(runDir, 'checkpoint'), join(runDir, 'checkpoint.old'));
    expect(await findTrainingCheckpoint(runDir)).toBe(join(runDir, 'checkpoint.old'));
  });
});
