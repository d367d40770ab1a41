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

/** Creates Adam with the usual DCGAN settings: learning rate 2e-4, beta1 0.5. */
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
 * Runs `update` while keeping `model`'s non-trainable weights (BatchNorm moving statistics) as
 * they were. A model that runs in training mode only to feed the other model's update would
 * otherwise move its statistics.
 */
function withStatisticsKept<T>(model: tf.LayersModel, update: () => T): T {
  const saved = model.nonTrainableWeights.map((weight) => tf.keep(weight.read().clone()));
  try {
    return update();
  } finally {
    model.nonTrainableWeights.forEach((weight, index) => {
      const value = saved[index];
      if (value !== undefined) {
        weight.write(value);
      }
    });
    tf.dispose(saved);
  }
}

/** Losses and accuracies of a discriminator update, as scalars the caller disposes. */
interface DiscriminatorScalars {
  dLoss: tf.Scalar;
  dRealAcc: tf.Scalar;
  dFakeAcc: tf.Scalar;
}

/**
 * Updates the discriminator on a real batch and a batch of fakes drawn from `latent`, in two
 * forward passes so that BatchNorm normalizes one kind at a time. The generator runs in training
 * mode, as in its own update, but none of its weights change.
 */
export function discriminatorStep(
  models: GanModels,
  optimizer: tf.Optimizer,
  realImages: tf.Tensor4D,
  latent: tf.Tensor2D,
): DiscriminatorScalars {
  const { generator, discriminator } = models;
  return tf.tidy(() => {
    const fakeImages = withStatisticsKept(generator, () => predict(generator, latent));
    let realScores: tf.Tensor = tf.zeros([0]);
    let fakeScores: tf.Tensor = tf.zeros([0]);
    const dLoss = optimizer.minimize(
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
    const dFakeAcc = tf.sub(1, fractionAbove(fakeScores, 0.5)) as tf.Scalar;
    tf.dispose([realScores, fakeScores]);
    return { dLoss: dLoss ?? tf.scalar(Number.NaN), dRealAcc, dFakeAcc };
  });
}

/**
 * Updates the generator so that the discriminator scores its fakes as real (label 1). The
 * discriminator runs in training mode, with batch statistics and dropout as in its own update,
 * but none of its weights change. Returns the generator loss, which the caller disposes.
 */
export function generatorStep(
  models: GanModels,
  optimizer: tf.Optimizer,
  latent: tf.Tensor2D,
): tf.Scalar {
  const { generator, discriminator } = models;
  return tf.tidy(() => {
    const gLoss = withStatisticsKept(discriminator, () =>
      optimizer.minimize(
        () => binaryCrossEntropy(predict(discriminator, predict(generator, latent)), 1),
        true,
        trainableVariables(generator),
      ),
    );
    return gLoss ?? tf.scalar(Number.NaN);
  });
}

/** Runs one DCGAN step, a discriminator update then a generator update, and reads the scalars. */
export async function trainGanStep(
  models: GanModels,
  optimizers: GanOptimizers,
  realImages: tf.Tensor4D,
  dLatent: tf.Tensor2D,
  gLatent: tf.Tensor2D,
): Promise<StepMetrics> {
  const { dLoss, dRealAcc, dFakeAcc } = discriminatorStep(
    models,
    optimizers.discriminator,
    realImages,
    dLatent,
  );
  const gLoss = generatorStep(models, optimizers.generator, gLatent);
  const scalars = [dLoss, gLoss, dRealAcc, dFakeAcc];
  const values = await Promise.all(scalars.map((value) => value.data()));
  tf.dispose(scalars);
  const [dLossValue, gLossValue, dRealValue, dFakeValue] = values.map(
    (array) => array[0] ?? Number.NaN,
  );
  return {
    dLoss: dLossValue ?? Number.NaN,
    gLoss: gLossValue ?? Number.NaN,
    dRealAcc: dRealValue ?? Number.NaN,
    dFakeAcc: dFakeValue ?? Number.NaN,
  };
}
