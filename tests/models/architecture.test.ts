import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  LATENT_SIZE,
  reinitializeWeights,
  selectBackend,
} from '@real-or-fake/models';

beforeAll(async () => {
  await selectBackend('wasm');
});

function outputShapesOf(model: tf.LayersModel, className: string): unknown[] {
  return model.layers
    .filter((layer) => layer.getClassName() === className)
    .map((layer) => layer.outputShape);
}

function countWeights(weights: tf.LayerVariable[]): number {
  return weights.reduce((total, weight) => total + weight.read().size, 0);
}

describe('buildDiscriminator', () => {
  let model: tf.Sequential;

  beforeAll(() => {
    model = buildDiscriminator();
    reinitializeWeights(model, 1);
  });

  afterAll(() => {
    model.dispose();
  });

  it('has 406,081 parameters', () => {
    expect(model.countParams()).toBe(406_081);
  });

  it('has 640 non-trainable batch-norm statistics', () => {
    expect(countWeights(model.nonTrainableWeights)).toBe(640);
  });

  it('halves the resolution in each convolution', () => {
    expect(outputShapesOf(model, 'Conv2D')).toEqual([
      [null, 32, 32, 64],
      [null, 16, 16, 128],
      [null, 8, 8, 128],
    ]);
  });

  it('outputs one probability per image', () => {
    const images = tf.randomUniform([3, 64, 64, 3], -1, 1, 'float32', 2);

    const output = model.predict(images) as tf.Tensor;
    const values = Array.from(output.dataSync());

    expect(output.shape).toEqual([3, 1]);
    expect(values.every((value) => value > 0 && value < 1)).toBe(true);
    tf.dispose([images, output]);
  });
});

describe('buildGenerator', () => {
  let model: tf.Sequential;

  beforeAll(() => {
    model = buildGenerator();
    reinitializeWeights(model, 3);
  });

  afterAll(() => {
    model.dispose();
  });

  it('has 814,819 parameters', () => {
    expect(model.countParams()).toBe(814_819);
  });

  it('doubles the resolution before each convolution', () => {
    expect(outputShapesOf(model, 'Conv2D')).toEqual([
      [null, 8, 8, 128],
      [null, 16, 16, 64],
      [null, 32, 32, 32],
      [null, 64, 64, 3],
    ]);
  });

  it('outputs 64x64 RGB images in [-1, 1]', () => {
    const latents = tf.randomNormal([2, LATENT_SIZE], 0, 1, 'float32', 4);

    const output = model.predict(latents) as tf.Tensor;
    const values = Array.from(output.dataSync());

    expect(output.shape).toEqual([2, 64, 64, 3]);
    expect(values.every((value) => value >= -1 && value <= 1)).toBe(true);
    tf.dispose([latents, output]);
  });
});
