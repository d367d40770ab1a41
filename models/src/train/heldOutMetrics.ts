import * as tf from '@tensorflow/tfjs';

import type { FaceImage } from '../faces/faceFolder.ts';
import { LATENT_SIZE } from '../generator.ts';
import { toTfjsSeed } from '../seed.ts';
import { realBatch } from './batches.ts';

/** The discriminator's accuracy on faces it never trained on, with a fake for each real one. */
export interface HeldOutMetrics {
  heldOutFaces: number;
  /** Fraction of held-out real faces scored above 0.5. */
  realAccuracy: number;
  /** Fraction of fresh fakes scored below 0.5. */
  fakeAccuracy: number;
  meanRealScore: number;
  meanFakeScore: number;
}

const EVALUATION_BATCH = 64;

/**
 * Scores up to `limit` held-out real faces and as many fresh fakes with the discriminator in
 * inference mode. The fakes come from latent vectors drawn with `seed`.
 */
export async function evaluateHeldOut(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  faces: readonly FaceImage[],
  seed: number,
  limit = 512,
): Promise<HeldOutMetrics | null> {
  const count = Math.min(limit, faces.length);
  if (count === 0) {
    return null;
  }
  const order = Array.from({ length: count }, (_, index) => index);
  let realAbove = 0;
  let fakeBelow = 0;
  let realSum = 0;
  let fakeSum = 0;
  for (let start = 0; start < count; start += EVALUATION_BATCH) {
    const size = Math.min(EVALUATION_BATCH, count - start);
    const real = realBatch(faces, order.slice(start, start + size), 0, size);
    const scores = tf.tidy(() => {
      const latent = tf.randomNormal(
        [size, LATENT_SIZE],
        0,
        1,
        'float32',
        toTfjsSeed(seed + start),
      );
      const fakes = generator.predict(latent) as tf.Tensor4D;
      const both = tf.concat([real, fakes]) as tf.Tensor4D;
      return tf.reshape(discriminator.predict(both) as tf.Tensor, [2 * size]);
    });
    real.dispose();
    const values = await scores.data();
    scores.dispose();
    for (let index = 0; index < size; index++) {
      const realScore = values[index] ?? 0;
      const fakeScore = values[size + index] ?? 1;
      realSum += realScore;
      fakeSum += fakeScore;
      realAbove += realScore > 0.5 ? 1 : 0;
      fakeBelow += fakeScore < 0.5 ? 1 : 0;
    }
  }
  return {
    heldOutFaces: count,
    realAccuracy: realAbove / count,
    fakeAccuracy: fakeBelow / count,
    meanRealScore: realSum / count,
    meanFakeScore: fakeSum / count,
  };
}
