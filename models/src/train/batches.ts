import type * as tf from '@tensorflow/tfjs';

import type { FaceImage } from '../faces/faceFolder.ts';
import { pixelsToTensor } from '../inference.ts';
import { SeededRandom } from './random.ts';

/** Returns the number of full batches in one epoch; the last partial batch is dropped. */
export function stepsPerEpoch(faceCount: number, batchSize: number): number {
  return Math.floor(faceCount / batchSize);
}

/** Returns the order of faces in an epoch, the same for a given seed and epoch on every run. */
export function epochOrder(faceCount: number, seed: string, epoch: number): number[] {
  return SeededRandom.fromSeed(`${seed}:epoch:${epoch}`).permutation(faceCount);
}

/** Builds a [batch, 64, 64, 3] tensor in [-1, 1] from faces at the given positions. */
export function realBatch(
  faces: readonly FaceImage[],
  order: readonly number[],
  batchIndex: number,
  batchSize: number,
): tf.Tensor4D {
  const pixels: Uint8Array[] = [];
  for (let slot = 0; slot < batchSize; slot++) {
    const face = faces[order[batchIndex * batchSize + slot] ?? -1];
    if (face === undefined) {
      throw new RangeError(`batch ${batchIndex} of size ${batchSize} runs past the faces`);
    }
    pixels.push(face.pixels);
  }
  return pixelsToTensor(pixels);
}
