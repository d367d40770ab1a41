import * as tf from '@tensorflow/tfjs';

export const IMAGE_SIZE = 64;
export const IMAGE_CHANNELS = 3;

/**
 * Builds the DCGAN discriminator: a 64x64x3 image in [-1, 1] to the probability that it is
 * real. Keras counts 406,081 parameters, 640 of them the non-trainable BatchNorm statistics.
 */
export function buildDiscriminator(): tf.Sequential {
  const model = tf.sequential({ name: 'discriminator' });
  const filters = [64, 128, 128];
  filters.forEach((count, index) => {
    model.add(
      tf.layers.conv2d({
        // Output shapes: 32x32x64, 16x16x128, 8x8x128.
        ...(index === 0 ? { inputShape: [IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS] } : {}),
        filters: count,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.02 }),
      }),
    );
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  model.add(tf.layers.flatten()); // 8192
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' })); // 1
  return model;
}
