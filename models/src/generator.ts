import * as tf from '@tensorflow/tfjs';

import { IMAGE_CHANNELS } from './discriminator.ts';

export const LATENT_SIZE = 100;

/**
 * Builds the DCGAN generator: a latent vector drawn from N(0, 1) to a 64x64x3 image in [-1, 1].
 *
 * Each 2x step is nearest-neighbour upsampling followed by a 3x3 convolution instead of a
 * strided Conv2DTranspose. Both double the resolution, but tfjs 4.22's wasm backend runs
 * Conv2DTranspose (Conv2DBackpropInput) as a scalar loop, several times slower per FLOP than
 * its Conv2D, and upsampling also avoids the checkerboard artifacts of transposed convolutions.
 */
export function buildGenerator(): tf.Sequential {
  const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02 });
  const model = tf.sequential({ name: 'generator' });
  model.add(
    tf.layers.dense({
      inputShape: [LATENT_SIZE],
      units: 4 * 4 * 256,
      useBias: false,
      kernelInitializer: init(),
    }),
  );
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.reLU());
  model.add(tf.layers.reshape({ targetShape: [4, 4, 256] })); // 4x4x256

  for (const filters of [128, 64, 32]) {
    // Output shapes: 8x8x128, 16x16x64, 32x32x32.
    model.add(tf.layers.upSampling2d({ size: [2, 2] }));
    model.add(
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        kernelInitializer: init(),
      }),
    );
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.reLU());
  }

  model.add(tf.layers.upSampling2d({ size: [2, 2] })); // 64x64x32
  model.add(
    tf.layers.conv2d({
      filters: IMAGE_CHANNELS,
      kernelSize: 3,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: init(),
    }),
  ); // 64x64x3
  return model;
}
