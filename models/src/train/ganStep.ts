import * as tf from '@tensorflow/tfjs';

/** Label of real images in the discriminator loss, below 1 (one-sided label smoothing). */
export const REAL_LABEL = 0.9;
export const FAKE_LABEL = 0;
const PROBABILITY_EPSILON = 1e-7;

export interface GanModels {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
}

export interface GanOptimizers {
  generator: tf.Optimizer;
  discriminator: tf.Optimizer;
}

/** Scalars of one GAN step; dLoss is the sum of the real and fake halves. */
export interface StepMetrics {
  dLoss: number;
  gLoss: number;
  /** Fraction of the real batch that the discriminator scored above 0.5. */
  dRealAcc: number;
  /** Fraction of the fake batch that the discriminator scored below 0.5. */
  dFakeAcc: number;
}

/** Creates Adam as in the DCGAN paper (Radford et al., 2015): learning rate 2e-4, beta1 0.5. */
export function createDcganOptimizer(): tf.AdamOptimizer {
  return tf.train.adam(2e-4, 0.5, 0.999, 1e-7);
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

function binaryCrossEntropy(probabilities: tf.Tensor, label: number): tf.Scalar {
  const clipped = tf.clipByValue(probabilities, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
  const positive = tf.mul(label, tf.log(clipped));
  const negative = tf.mul(1 - label, tf.log(tf.sub(1, clipped)));
  return tf.neg(tf.mean(tf.add(positive, negative))) as tf.Scalar;
}

function predict(model: tf.LayersModel, input: tf.Tensor): tf.Tensor {
  return model.apply(input, { training: true }) as tf.Tensor;
}

function fractionAbove(probabilities: tf.Tensor, threshold: number): tf.Scalar {
  return tf.mean(tf.cast(tf.greater(probabilities, threshold), 'float32'));
}

/**
 * Runs one DCGAN step: a discriminator update on a real batch and a fake batch (separate
 * forward passes, so BatchNorm sees one kind at a time), then a generator update through the
 * discriminator in training mode. Each update touches only its own model's trainable
 * variables. The generator update would also move the discriminator's BatchNorm statistics,
 * so those are put back afterwards, and the discriminator changes only in its own update.
 */
export async function trainGanStep(
  models: GanModels,
  optimizers: GanOptimizers,
  realImages: tf.Tensor4D,
  dLatent: tf.Tensor2D,
  gLatent: tf.Tensor2D,
): Promise<StepMetrics> {
  const { generator, discriminator } = models;
  const scalars = tf.tidy(() => {
    const fakeImages = predict(generator, dLatent);
    let realScores: tf.Tensor = tf.zeros([0]);
    let fakeScores: tf.Tensor = tf.zeros([0]);
    const dLoss = optimizers.discriminator.minimize(
      () => {
        // Kept past the gradient scope, which disposes everything but the loss.
        realScores = tf.keep(predict(discriminator, realImages));
        fakeScores = tf.keep(predict(discriminator, fakeImages));
        return tf.add(
          binaryCrossEntropy(realScores, REAL_LABEL),
          binaryCrossEntropy(fakeScores, FAKE_LABEL),
        );
      },
      true,
      trainableVariables(discriminator),
    );
    const dRealAcc = fractionAbove(realScores, 0.5);
    const dFakeAcc = tf.sub(1, fractionAbove(fakeScores, 0.5));
    tf.dispose([realScores, fakeScores]);

    const frozenStatistics = discriminator.nonTrainableWeights.map((weight) =>
      tf.keep(weight.read().clone()),
    );
    const gLoss = optimizers.generator.minimize(
      () => binaryCrossEntropy(predict(discriminator, predict(generator, gLatent)), 1),
      true,
      trainableVariables(generator),
    );
    discriminator.nonTrainableWeights.forEach((weight, index) => {
      const saved = frozenStatistics[index];
      if (saved !== undefined) {
        weight.write(saved);
        saved.dispose();
      }
    });
    return [dLoss, gLoss, dRealAcc, dFakeAcc].map((value) => value ?? tf.scalar(Number.NaN));
  });
  const values = await Promise.all(scalars.map((value) => value.data()));
  tf.dispose(scalars);
  const [dLoss, gLoss, dRealAcc, dFakeAcc] = values.map((array) => array[0] ?? Number.NaN);
  return {
    dLoss: dLoss ?? Number.NaN,
    gLoss: gLoss ?? Number.NaN,
    dRealAcc: dRealAcc ?? Number.NaN,
    dFakeAcc: dFakeAcc ?? Number.NaN,
  };
}
