import * as tf from '@tensorflow/tfjs';

import { FACE_BYTES } from '../inference.ts';
import type { FeatureMatrix } from './frechet.ts';
import { QualityError } from './qualityError.ts';

/** Rows read a block at a time, so a large reference set never sits in memory as floats. */
export interface RowSource {
  count: number;
  dimension: number;
  /** Rows `start` to `end` (exclusive), row-major. */
  rows(start: number, end: number): Float32Array;
}

/** Each query's nearest reference row and the L2 distance to it. */
export interface Neighbours {
  distances: Float64Array;
  indices: Int32Array;
}

const REFERENCE_BLOCK = 1024;

/** Wraps feature vectors as a row source. */
export function featureRows(features: FeatureMatrix): RowSource {
  const { values, count, dimension } = features;
  return {
    count,
    dimension,
    rows: (start, end) => values.subarray(start * dimension, end * dimension),
  };
}

/** Wraps 64x64 RGB faces as rows of 12,288 values in [0, 1]. */
export function pixelRows(faces: readonly Uint8Array[]): RowSource {
  faces.forEach((face, index) => {
    if (!(face instanceof Uint8Array) || face.length !== FACE_BYTES) {
      throw new QualityError('invalid-faces', `face ${index} must be ${FACE_BYTES} bytes`);
    }
  });
  return {
    count: faces.length,
    dimension: FACE_BYTES,
    rows: (start, end) => {
      const block = new Float32Array((end - start) * FACE_BYTES);
      for (let row = start; row < end; row++) {
        const face = faces[row] as Uint8Array;
        const offset = (row - start) * FACE_BYTES;
        for (let i = 0; i < FACE_BYTES; i++) {
          block[offset + i] = (face[i] as number) / 255;
        }
      }
      return block;
    },
  };
}

/**
 * Finds the nearest reference row of every query row by L2 distance.
 *
 * Candidates come from |q|^2 + |r|^2 - 2 q.r in float32 matrix products, which lose about
 * 1e-7 of |q|^2 to cancellation, so the reported distance is recomputed exactly in float64
 * for the winning pair. Two references closer to a query than that rounding may swap places.
 */
export function nearestNeighbours(queries: RowSource, reference: RowSource): Neighbours {
  if (queries.dimension !== reference.dimension) {
    throw new QualityError(
      'invalid-features',
      `queries have ${queries.dimension} values per row, the reference ${reference.dimension}`,
    );
  }
  if (reference.count === 0) {
    throw new QualityError('invalid-faces', 'the reference set is empty');
  }
  const best = new Float32Array(queries.count).fill(Infinity);
  const indices = new Int32Array(queries.count).fill(-1);
  if (queries.count > 0) {
    const query = tf.tensor2d(queries.rows(0, queries.count), [queries.count, queries.dimension]);
    const queryNorms = tf.tidy(() => tf.sum(tf.square(query), 1, true));
    try {
      for (let start = 0; start < reference.count; start += REFERENCE_BLOCK) {
        const end = Math.min(start + REFERENCE_BLOCK, reference.count);
        const [minima, positions] = tf.tidy(() => {
          const block = tf.tensor2d(reference.rows(start, end), [end - start, reference.dimension]);
          const blockNorms = tf.sum(tf.square(block), 1).expandDims(0);
          const products = tf.matMul(query, block, false, true);
          const squared = tf.add(tf.add(queryNorms, blockNorms), tf.mul(products, -2));
          return [tf.min(squared, 1).dataSync(), tf.argMin(squared, 1).dataSync()];
        });
        for (let row = 0; row < queries.count; row++) {
          const candidate = minima[row] as number;
          if (candidate < (best[row] as number)) {
            best[row] = candidate;
            indices[row] = start + (positions[row] as number);
          }
        }
      }
    } finally {
      tf.dispose([query, queryNorms]);
    }
  }
  const distances = new Float64Array(queries.count);
  for (let row = 0; row < queries.count; row++) {
    const match = indices[row] as number;
    distances[row] = exactDistance(queries.rows(row, row + 1), reference.rows(match, match + 1));
  }
  return { distances, indices };
}

function exactDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}
