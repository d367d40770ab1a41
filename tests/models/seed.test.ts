import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  reinitializeWeights,
  selectBackend,
  toTfjsSeed,
} from '@real-or-fake/models';

beforeAll(async () => {
  await selectBackend('wasm');
});

function seededWeights(seed: number): Buffer[] {
  const model = buildDiscriminator();
  reinitializeWeights(model, seed);
  const bytes = model.weights.map((weight) => Buffer.from(weight.read().dataSync().buffer));
  model.dispose();
  return bytes;
}

/** Values of one weight, found by layer class and position because layer names are global. */
function weightValues(
  model: tf.LayersModel,
  className: string,
  occurrence: number,
  weightName: string,
): Float32Array {
  const layer = model.layers.filter((candidate) => candidate.getClassName() === className)[
    occurrence
  ];
  const weight = layer?.weights.find((candidate) => candidate.originalName.endsWith(weightName));
  if (weight === undefined) {
    throw new Error(`no ${weightName} in ${className} layer ${occurrence}`);
  }
  return weight.read().dataSync() as Float32Array;
}

describe('reinitializeWeights', () => {
  it('gives two builds the same weights for one seed', () => {
    const first = seededWeights(5);
    const second = seededWeights(5);

    first.forEach((bytes, index) => {
      expect(bytes.equals(second[index] as Buffer)).toBe(true);
    });
  });

  it('reproduces seed 0, which tfjs treats as unseeded', () => {
    const [first] = seededWeights(0);
    const [second] = seededWeights(0);

    expect((first as Buffer).equals(second as Buffer)).toBe(true);
  });

  it('rejects a fractional seed', () => {
    const model = buildDiscriminator();
    expect(() => reinitializeWeights(model, 0.5)).toThrow(RangeError);
    model.dispose();
  });

  it('gives different seeds different kernels', () => {
    const [first] = seededWeights(5);
    const [second] = seededWeights(6);

    expect((first as Buffer).equals(second as Buffer)).toBe(false);
  });

  it('draws each kernel from its layer initializer', () => {
    const model = buildDiscriminator();
    reinitializeWeights(model, 7);
    const kernel = weightValues(model, 'Conv2D', 1, '/kernel');
    model.dispose();
    const mean = kernel.reduce((sum, value) => sum + value, 0) / kernel.length;
    const variance = kernel.reduce((sum, value) => sum + (value - mean) ** 2, 0) / kernel.length;

    // The convolutions use N(0, 0.02). Over 131,072 draws the sample deviation has a standard
    // error of about 0.2%.
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Math.sqrt(variance)).toBeCloseTo(0.02, 3);
  });

  it('keeps constant initializers constant', () => {
    const model = buildDiscriminator();
    reinitializeWeights(model, 8);
    const gamma = Array.from(weightValues(model, 'BatchNormalization', 0, '/gamma'));
    const bias = Array.from(weightValues(model, 'Conv2D', 0, '/bias'));
    model.dispose();

    expect(gamma.every((value) => value === 1)).toBe(true);
    expect(bias.every((value) => value === 0)).toBe(true);
  });

  it('leaves the tensor count unchanged', () => {
    const model = buildDiscriminator();
    reinitializeWeights(model, 9);
    const before = tf.memory().numTensors;

    reinitializeWeights(model, 10);

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('toTfjsSeed', () => {
  it('never returns 0', () => {
    expect(toTfjsSeed(0)).toBe(1);
  });

  it('keeps distinct seeds distinct', () => {
    const mapped = new Set([-2, -1, 0, 1, 2].map(toTfjsSeed));
    expect(mapped.size).toBe(5);
  });
});
