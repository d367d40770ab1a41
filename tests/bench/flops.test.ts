import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildDiscriminator, buildGenerator, selectBackend } from '@real-or-fake/models';

import { countModelFlops } from '../../models/src/bench/flops.ts';

const models: tf.LayersModel[] = [];

function keep<T extends tf.LayersModel>(model: T): T {
  models.push(model);
  return model;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

afterAll(() => {
  models.forEach((model) => model.dispose());
});

describe('countModelFlops', () => {
  it('counts each discriminator convolution from its output shape', () => {
    const flops = countModelFlops(keep(buildDiscriminator()));

    // 32*32*64 * 4*4*3, 16*16*128 * 4*4*64, 8*8*128 * 4*4*128, then Dense 8192 -> 1.
    expect(flops.layers.map((layer) => layer.macsPerImage)).toEqual([
      3_145_728, 33_554_432, 16_777_216, 8192,
    ]);
  });

  it('counts the generator as Dense plus four convolutions', () => {
    const flops = countModelFlops(keep(buildGenerator()));

    // Dense 100 -> 4096, then 3x3 convolutions at 8, 16, 32 and 64 pixels square.
    expect(flops.layers.map((layer) => layer.macsPerImage)).toEqual([
      409_600, 18_874_368, 18_874_368, 18_874_368, 3_538_944,
    ]);
  });

  it('doubles multiply-adds into FLOP', () => {
    const flops = countModelFlops(keep(buildDiscriminator()));

    expect(flops.flopsPerImage).toBe(2 * 53_485_568);
  });

  it('lists the layer classes it leaves out', () => {
    const flops = countModelFlops(keep(buildGenerator()));

    expect(flops.uncountedClasses.sort()).toEqual([
      'BatchNormalization',
      'ReLU',
      'Reshape',
      'UpSampling2D',
    ]);
  });

  it('counts a transposed convolution from its input', () => {
    const model = keep(tf.sequential());
    model.add(
      tf.layers.conv2dTranspose({
        inputShape: [4, 4, 8],
        filters: 2,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
      }),
    );

    // Each of the 4*4 input positions meets the whole 3*3*8*2 kernel.
    expect(countModelFlops(model).macsPerImage).toBe(16 * 3 * 3 * 8 * 2);
  });

  it('counts a Dense layer once per position of a sequence', () => {
    const model = keep(tf.sequential());
    model.add(tf.layers.dense({ inputShape: [5, 3], units: 4 }));

    expect(countModelFlops(model).macsPerImage).toBe(5 * 3 * 4);
  });

  it('counts the layers of a nested model', () => {
    const inner = tf.sequential();
    inner.add(tf.layers.dense({ inputShape: [10], units: 6 }));
    const outer = keep(tf.sequential());
    outer.add(inner);
    outer.add(tf.layers.dense({ units: 2 }));

    expect(countModelFlops(outer).macsPerImage).toBe(10 * 6 + 6 * 2);
  });

  it('creates no tensors', () => {
    const model = keep(buildDiscriminator());
    const before = tf.memory().numTensors;

    countModelFlops(model);

    expect(tf.memory().numTensors).toBe(before);
  });
});
