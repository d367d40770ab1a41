import * as tf from '@tensorflow/tfjs';

import { IMAGE_CHANNELS, IMAGE_SIZE } from './discriminator.ts';
import { LATENT_SIZE } from './generator.ts';
import {
  describeKindSignature,
  describeSignature,
  hasKindSignature,
  type ModelKind,
} from './kind.ts';
import { toTfjsSeed } from './seed.ts';

/** Bytes in one face: 64x64 RGB, row-major HWC, one byte per channel. */
export const FACE_BYTES = IMAGE_SIZE * IMAGE_SIZE * IMAGE_CHANNELS;

/** Images per forward pass, which bounds peak memory for large requests. */
export const INFERENCE_BATCH_SIZE = 16;

export type InferenceErrorCode =
  'invalid-count' | 'invalid-seed' | 'invalid-face' | 'invalid-model';

export class InferenceError extends Error {
  override readonly name = 'InferenceError';

  constructor(
    readonly code: InferenceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Converts 0..255 RGB faces into a [n, 64, 64, 3] float32 tensor in [-1, 1], the range the
 * generator's tanh produces and the discriminator reads. The caller disposes the tensor.
 */
export function pixelsToTensor(faces: readonly Uint8Array[]): tf.Tensor4D {
  checkFaces(faces);
  const values = new Float32Array(faces.length * FACE_BYTES);
  faces.forEach((face, index) => {
    const offset = index * FACE_BYTES;
    for (let i = 0; i < FACE_BYTES; i++) {
      values[offset + i] = (face[i] as number) / 127.5 - 1;
    }
  });
  return tf.tensor4d(values, [faces.length, IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS]);
}

/**
 * Converts a [n, 64, 64, 3] tensor in [-1, 1] into n RGB faces, rounding to the nearest level
 * and clamping values outside the range. Reads the data synchronously and does not dispose
 * the tensor.
 */
export function tensorToPixels(images: tf.Tensor4D): Uint8Array[] {
  const [count, height, width, channels] = images.shape;
  if (height !== IMAGE_SIZE || width !== IMAGE_SIZE || channels !== IMAGE_CHANNELS) {
    throw new InferenceError(
      'invalid-face',
      `Expected images of shape [n,64,64,3], got ${JSON.stringify(images.shape)}`,
    );
  }
  const values = images.dataSync();
  const faces: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const face = new Uint8Array(FACE_BYTES);
    const offset = index * FACE_BYTES;
    for (let i = 0; i < FACE_BYTES; i++) {
      const level = Math.round(((values[offset + i] as number) + 1) * 127.5);
      // NaN passes through min and max, and the Uint8Array stores it as 0.
      face[i] = Math.min(255, Math.max(0, level));
    }
    faces.push(face);
  }
  return faces;
}

/**
 * Generates `count` faces from latent vectors drawn from N(0, 1).
 *
 * With an integer `seed`, the same weights and count give the same faces on a backend whose kernels
 * are deterministic, which the wasm and cpu backends are.
 */
export function generateFaces(
  generator: tf.LayersModel,
  count: number,
  seed?: number,
): Uint8Array[] {
  requireKind(generator, 'generator');
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InferenceError(
      'invalid-count',
      `Face count must be a non-negative integer, got ${count}`,
    );
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InferenceError('invalid-seed', `Seed must be an integer, got ${seed}`);
  }
  if (count === 0) {
    return [];
  }

  const tfjsSeed = seed === undefined ? undefined : toTfjsSeed(seed);
  const latents = tf.randomNormal([count, LATENT_SIZE], 0, 1, 'float32', tfjsSeed);
  try {
    const faces: Uint8Array[] = [];
    for (let start = 0; start < count; start += INFERENCE_BATCH_SIZE) {
      const size = Math.min(INFERENCE_BATCH_SIZE, count - start);
      const batch = tf.tidy(() => {
        const images = generator.predict(latents.slice([start, 0], [size, LATENT_SIZE]));
        return tensorToPixels(images as tf.Tensor4D);
      });
      faces.push(...batch);
    }
    return faces;
  } finally {
    latents.dispose();
  }
}

/** Scores each face with the discriminator: its sigmoid output, 0 = fake, 1 = real. */
export function scoreFaces(
  discriminator: tf.LayersModel,
  faces: readonly Uint8Array[],
): Float32Array {
  requireKind(discriminator, 'discriminator');
  // Checked up front so that an error names the face's index in `faces`, not in its batch.
  checkFaces(faces);
  const scores = new Float32Array(faces.length);
  for (let start = 0; start < faces.length; start += INFERENCE_BATCH_SIZE) {
    const chunk = faces.slice(start, start + INFERENCE_BATCH_SIZE);
    const values = tf.tidy(() => {
      const output = discriminator.predict(pixelsToTensor(chunk)) as tf.Tensor;
      return output.dataSync();
    });
    scores.set(values, start);
  }
  return scores;
}

function checkFaces(faces: readonly Uint8Array[]): void {
  faces.forEach((face, index) => {
    if (!(face instanceof Uint8Array) || face.length !== FACE_BYTES) {
      const got = face instanceof Uint8Array ? `${face.length} bytes` : typeof face;
      throw new InferenceError(
        'invalid-face',
        `Face ${index} must be a Uint8Array of ${FACE_BYTES} bytes (64x64 RGB), got ${got}`,
      );
    }
  });
}

function requireKind(model: tf.LayersModel, kind: ModelKind): void {
  if (!hasKindSignature(model, kind)) {
    throw new InferenceError(
      'invalid-model',
      `Expected a ${kind} (${describeKindSignature(kind)}), ` +
        `got a ${describeSignature(model)} model`,
    );
  }
}
