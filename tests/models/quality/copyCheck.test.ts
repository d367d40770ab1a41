import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import {
  checkCopies,
  summarizeDistances,
  type CopyCheck,
} from '../../../models/src/quality/copyCheck.ts';
import {
  featureRows,
  nearestNeighbours,
  pixelRows,
} from '../../../models/src/quality/nearestNeighbour.ts';
import { QualityError } from '../../../models/src/quality/qualityError.ts';
import { SeededRandom } from '../../../models/src/train/random.ts';

function randomRows(count: number, dimension: number, seed: string) {
  const random = SeededRandom.fromSeed(seed);
  const values = Float32Array.from({ length: count * dimension }, () => random.next());
  return { values, count, dimension };
}

function randomFaces(count: number, seed: string): Uint8Array[] {
  const random = SeededRandom.fromSeed(seed);
  return Array.from({ length: count }, () =>
    Uint8Array.from({ length: 64 * 64 * 3 }, () => random.nextUint32() & 255),
  );
}

function bruteForce(queries: Float32Array, reference: Float32Array, dimension: number) {
  const result: { index: number; distance: number }[] = [];
  for (let q = 0; q < queries.length / dimension; q++) {
    let best = { index: -1, distance: Infinity };
    for (let r = 0; r < reference.length / dimension; r++) {
      let sum = 0;
      for (let i = 0; i < dimension; i++) {
        const difference = (queries[q * dimension + i] ?? 0) - (reference[r * dimension + i] ?? 0);
        sum += difference * difference;
      }
      if (Math.sqrt(sum) < best.distance) {
        best = { index: r, distance: Math.sqrt(sum) };
      }
    }
    result.push(best);
  }
  return result;
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('nearestNeighbours', () => {
  // 1,100 reference rows span two blocks of the search.
  const queries = randomRows(40, 6, 'queries');
  const reference = randomRows(1100, 6, 'reference');

  it('finds the brute-force neighbours', () => {
    const expected = bruteForce(queries.values, reference.values, 6);

    const found = nearestNeighbours(featureRows(queries), featureRows(reference));

    expect(Array.from(found.indices)).toEqual(expected.map((entry) => entry.index));
    found.distances.forEach((distance, row) => {
      expect(distance).toBeCloseTo(expected[row]?.distance ?? NaN, 5);
    });
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;

    nearestNeighbours(featureRows(queries), featureRows(reference));

    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns nothing for no queries', () => {
    const none = { values: new Float32Array(0), count: 0, dimension: 6 };

    expect(nearestNeighbours(featureRows(none), featureRows(reference)).distances).toHaveLength(0);
  });

  it('rejects rows of different widths', () => {
    const narrow = randomRows(3, 5, 'narrow');

    expect(() => nearestNeighbours(featureRows(narrow), featureRows(reference))).toThrow(
      /5 values per row, the reference 6/,
    );
  });

  it('rejects an empty reference set', () => {
    const none = { values: new Float32Array(0), count: 0, dimension: 6 };

    expect(() => nearestNeighbours(featureRows(queries), featureRows(none))).toThrow(QualityError);
  });
});

describe('pixelRows', () => {
  it('scales bytes to [0, 1]', () => {
    const face = new Uint8Array(64 * 64 * 3).fill(51);

    expect(pixelRows([face]).rows(0, 1)[100]).toBeCloseTo(0.2, 6);
  });

  it('rejects a face of the wrong size', () => {
    expect(() => pixelRows([new Uint8Array(10)])).toThrow(/face 0 must be 12288 bytes/);
  });
});

describe('checkCopies', () => {
  const training = randomFaces(30, 'training');
  const heldOut = randomFaces(10, 'held-out');
  // Fake 2 is training face 7 with one byte changed; the others are new noise.
  const fakes = randomFaces(5, 'fakes');
  const planted = Uint8Array.from(training[7] ?? []);
  planted[0] = (planted[0] ?? 0) ^ 1;
  fakes[2] = planted;

  let check: CopyCheck;

  beforeAll(() => {
    check = checkCopies(pixelRows(fakes), pixelRows(heldOut), pixelRows(training));
  });

  it('flags the planted copy', () => {
    expect(check.possibleCopies.map((copy) => copy.fake)).toEqual([2]);
  });

  it('names the copied training face', () => {
    expect(check.possibleCopies[0]?.trainingFace).toBe(7);
  });

  it('reports the exact distance of the copy', () => {
    expect(check.possibleCopies[0]?.distance).toBeCloseTo(1 / 255, 6);
  });

  it('summarizes the fakes with the copy as minimum', () => {
    expect(check.fakes.min).toBeCloseTo(1 / 255, 6);
  });

  it('counts fakes below the held-out 5th percentile', () => {
    expect(check.belowHeldOutP5).toBe(1);
  });

  it('summarizes held-out faces far from the training set', () => {
    expect(check.heldOut.min).toBeGreaterThan(20);
  });

  it('rejects an empty set of fakes', () => {
    expect(() => checkCopies(pixelRows([]), pixelRows(heldOut), pixelRows(training))).toThrow(
      /needs fakes and held-out faces, got 0 and 10/,
    );
  });
});

describe('summarizeDistances', () => {
  it('interpolates the 5th percentile and the median', () => {
    const distances = Array.from({ length: 21 }, (_, index) => 21 - index);

    expect(summarizeDistances(distances)).toEqual({ min: 1, p5: 2, median: 11 });
  });

  it('rejects no distances', () => {
    expect(() => summarizeDistances([])).toThrow(/empty set of distances/);
  });
});
