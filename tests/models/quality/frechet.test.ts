import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';

import {
  featureStatistics,
  frechetDistance,
  symmetricSquareRoot,
  type FeatureMatrix,
  type FeatureStatistics,
} from '../../../models/src/quality/frechet.ts';
import { QualityError } from '../../../models/src/quality/qualityError.ts';
import { SeededRandom } from '../../../models/src/train/random.ts';

/** Draws `count` rows from N(mean, I) with a seeded Box-Muller transform. */
function gaussianRows(count: number, mean: readonly number[], seed: string): FeatureMatrix {
  const random = SeededRandom.fromSeed(seed);
  const dimension = mean.length;
  const values = new Float32Array(count * dimension);
  for (let i = 0; i < values.length; i++) {
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    values[i] = (mean[i % dimension] as number) + radius * Math.cos(2 * Math.PI * random.next());
  }
  return { values, count, dimension };
}

/** Returns a random symmetric positive definite matrix A Aᵀ + 0.1 I. */
function randomCovariance(dimension: number, seed: string): Matrix {
  const random = SeededRandom.fromSeed(seed);
  const factor = Matrix.from1DArray(
    dimension,
    dimension,
    Array.from({ length: dimension * dimension }, () => random.next() * 2 - 1),
  );
  return factor.mmul(factor.transpose()).add(Matrix.eye(dimension).mul(0.1));
}

function statistics(mean: readonly number[], covariance: Matrix): FeatureStatistics {
  return { mean: Float64Array.from(mean), covariance, samples: 1000 };
}

describe('frechetDistance', () => {
  it('is zero for identical sets', () => {
    const rows = featureStatistics(gaussianRows(500, [0, 1, 2, 3, 4, 5], 'same'));

    expect(frechetDistance(rows, rows)).toBeLessThan(1e-8);
  });

  it('matches the closed form for diagonal covariances', () => {
    const a = statistics([0, 0, 0], Matrix.diag([1, 4, 9]));
    const b = statistics([1, 2, 0], Matrix.diag([4, 1, 16]));
    // |m1 - m2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2 = 5 + (1 + 1 + 1).
    expect(frechetDistance(a, b)).toBeCloseTo(8, 10);
  });

  it('matches the eigenvalues of C1 C2 for full covariances', () => {
    const first = randomCovariance(6, 'first');
    const second = randomCovariance(6, 'second');
    const product = new EigenvalueDecomposition(first.mmul(second));
    const crossTerm = product.realEigenvalues.reduce((sum, value) => sum + Math.sqrt(value), 0);
    const expected = 3 + first.trace() + second.trace() - 2 * crossTerm;

    const distance = frechetDistance(
      statistics([1, 1, 1, 0, 0, 0], first),
      statistics([0, 0, 0, 0, 0, 0], second),
    );

    expect(distance).toBeCloseTo(expected, 8);
  });

  it('is symmetric', () => {
    const a = statistics([0.5, 0, 0, 0, 0], randomCovariance(5, 'a'));
    const b = statistics([0, 0, -1, 0, 2], randomCovariance(5, 'b'));

    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 9);
  });

  it('recovers a mean shift from samples of unit Gaussians', () => {
    const shift = [1, -1, 1, 0, 0, 0, 1, 0];
    const a = featureStatistics(gaussianRows(4000, new Array(8).fill(0), 'unshifted'));
    const b = featureStatistics(gaussianRows(4000, shift, 'shifted'));
    // The closed form is |shift|^2 = 4 because both covariances are I.
    expect(frechetDistance(a, b)).toBeGreaterThan(3.85);
    expect(frechetDistance(a, b)).toBeLessThan(4.15);
  });

  it('leaves the covariances unchanged', () => {
    const covariance = randomCovariance(4, 'kept');
    const copy = covariance.clone();

    frechetDistance(statistics([0, 0, 0, 0], covariance), statistics([1, 0, 0, 0], copy));

    expect(covariance.to2DArray()).toEqual(copy.to2DArray());
  });

  it('rejects features of different widths', () => {
    const a = statistics([0, 0], Matrix.eye(2));
    const b = statistics([0, 0, 0], Matrix.eye(3));

    expect(() => frechetDistance(a, b)).toThrow(QualityError);
    expect(() => frechetDistance(a, b)).toThrow(/2-dimensional features with 3/);
  });
});

describe('symmetricSquareRoot', () => {
  it('squares back to the matrix', () => {
    const matrix = randomCovariance(5, 'root');
    const root = symmetricSquareRoot(matrix);
    const square = root.mmul(root);

    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        expect(square.get(i, j)).toBeCloseTo(matrix.get(i, j), 9);
      }
    }
  });
});

describe('featureStatistics', () => {
  it('computes the mean and sample covariance', () => {
    const rows = { values: Float32Array.from([1, 2, 3, 6, 5, 10]), count: 3, dimension: 2 };

    const { mean, covariance } = featureStatistics(rows);

    expect(Array.from(mean)).toEqual([3, 6]);
    expect(covariance.to2DArray()).toEqual([
      [4, 8],
      [8, 16],
    ]);
  });

  it('rejects a single row', () => {
    const rows = { values: Float32Array.from([1, 2]), count: 1, dimension: 2 };

    expect(() => featureStatistics(rows)).toThrow(/at least 2 feature vectors, got 1/);
  });

  it('rejects values that do not fill the matrix', () => {
    const rows = { values: Float32Array.from([1, 2, 3]), count: 2, dimension: 2 };

    expect(() => featureStatistics(rows)).toThrow(/has 3 values, expected 2 x 2/);
  });
});
