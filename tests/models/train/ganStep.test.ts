import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  LATENT_SIZE,
  reinitializeWeights,
  selectBackend,
} from '@real-or-fake/models';

import { registerWasmTrainingKernels } from '../../../models/src/kernels/index.ts';
import {
  createDcganOptimizer,
  discriminatorStep,
  generatorStep,
  trainGanStep,
  type GanModels,
  type GanOptimizers,
} from '../../../models/src/train/ganStep.ts';

const BATCH = 4;

function snapshot(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((weight) => weight.read().dataSync() as Float32Array);
}

function changedWeights(before: Float32Array[], model: tf.LayersModel): number {
  const after = snapshot(model);
  return after.filter((values, index) => !tf.util.arraysEqual(values, before[index] ?? [])).length;
}

let models: GanModels;
let optimizers: GanOptimizers;
let real: tf.Tensor4D;
let latent: tf.Tensor2D;

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
  real = tf.randomUniform([BATCH, 64, 64, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
  latent = tf.randomNormal([BATCH, LATENT_SIZE], 0, 1, 'float32', 8) as tf.Tensor2D;
});

beforeEach(() => {
  models = { generator: buildGenerator(), discriminator: buildDiscriminator() };
  reinitializeWeights(models.generator, 1);
  reinitializeWeights(models.discriminator, 2);
  optimizers = { generator: createDcganOptimizer(), discriminator: createDcganOptimizer() };
});

describe('trainGanStep', () => {
  it('returns finite losses and accuracies', async () => {
    const metrics = await trainGanStep(models, optimizers, real, latent, latent);
    for (const value of Object.values(metrics)) {
      expect(Number.isFinite(value)).toBe(true);
    }
    expect(metrics.dRealAcc).toBeGreaterThanOrEqual(0);
    expect(metrics.dFakeAcc).toBeLessThanOrEqual(1);
  });

  it('changes every trainable weight of both models', async () => {
    const values = (model: tf.LayersModel) =>
      model.trainableWeights.map((weight) => weight.read().dataSync() as Float32Array);
    const generatorBefore = values(models.generator);
    const discriminatorBefore = values(models.discriminator);
    await trainGanStep(models, optimizers, real, latent, latent);
    const unchanged = (model: tf.LayersModel, before: Float32Array[]) =>
      values(model).filter((after, index) => tf.util.arraysEqual(after, before[index] ?? []))
        .length;
    expect(unchanged(models.generator, generatorBefore)).toBe(0);
    expect(unchanged(models.discriminator, discriminatorBefore)).toBe(0);
  });

  it('keeps the tensor count stable across steps', async () => {
    await trainGanStep(models, optimizers, real, latent, latent);
    const tensors = tf.memory().numTensors;
    await trainGanStep(models, optimizers, real, latent, latent);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('generatorStep', () => {
  it('leaves every discriminator weight unchanged', () => {
    const before = snapshot(models.discriminator);
    tf.dispose(generatorStep(models, optimizers.generator, latent));
    expect(changedWeights(before, models.discriminator)).toBe(0);
  });

  it('changes the generator', () => {
    const before = snapshot(models.generator);
    tf.dispose(generatorStep(models, optimizers.generator, latent));
    expect(changedWeights(before, models.generator)).toBeGreaterThan(0);
  });
});

describe('discriminatorStep', () => {
  it('leaves every generator weight unchanged', () => {
    const before = snapshot(models.generator);
    tf.dispose(Object.values(discriminatorStep(models, optimizers.discriminator, real, latent)));
    expect(changedWeights(before, models.generator)).toBe(0);
  });

  it('changes the discriminator', () => {
    const before = snapshot(models.discriminator);
    tf.dispose(Object.values(discriminatorStep(models, optimizers.discriminator, real, latent)));
    expect(changedWeights(before, models.discriminator)).toBeGreaterThan(0);
  });
});
