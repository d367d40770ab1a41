import { covariance, EigenvalueDecomposition, Matrix } from 'ml-matrix';

import { QualityError } from './qualityError.ts';

/** Mean and covariance of a set of feature vectors, the Gaussian that FID fits to them. */
export interface FeatureStatistics {
  mean: Float64Array;
  /** Sample covariance (divided by n - 1), dimension x dimension. */
  covariance: Matrix;
  samples: number;
}

/** Row-major feature vectors: `count` rows of `dimension` values. */
export interface FeatureMatrix {
  values: Float32Array;
  count: number;
  dimension: number;
}

/** Fits a Gaussian to the rows of `features`; two rows at least, so a covariance exists. */
export function featureStatistics(features: FeatureMatrix): FeatureStatistics {
  const { values, count, dimension } = features;
  if (values.length !== count * dimension) {
    throw new QualityError(
      'invalid-features',
      `feature matrix has ${values.length} values, expected ${count} x ${dimension}`,
    );
  }
  if (count < 2) {
    throw new QualityError(
      'invalid-features',
      `a covariance needs at least 2 feature vectors, got ${count}`,
    );
  }
  const rows = Matrix.from1DArray(count, dimension, values);
  const mean = Float64Array.from(rows.mean('column'));
  return { mean, covariance: covariance(rows, { center: true }), samples: count };
}

/**
 * Returns the Fréchet distance between two Gaussians, the quantity FID reports:
 * |m1 - m2|^2 + tr(C1) + tr(C2) - 2 tr((C1 C2)^(1/2)).
 *
 * tr((C1 C2)^(1/2)) equals tr((S C2 S)^(1/2)) with S = C1^(1/2), and S C2 S is symmetric
 * positive semi-definite, so both roots come from symmetric eigendecompositions. Eigenvalues
 * that rounding pushes slightly below zero count as zero.
 */
export function frechetDistance(a: FeatureStatistics, b: FeatureStatistics): number {
  const dimension = a.mean.length;
  if (b.mean.length !== dimension) {
    throw new QualityError(
      'invalid-features',
      `cannot compare ${dimension}-dimensional features with ${b.mean.length}-dimensional ones`,
    );
  }
  let meanTerm = 0;
  for (let i = 0; i < dimension; i++) {
    const difference = (a.mean[i] as number) - (b.mean[i] as number);
    meanTerm += difference * difference;
  }
  const root = symmetricSquareRoot(a.covariance);
  const product = symmetrize(root.mmul(b.covariance).mmul(root));
  const productEigenvalues = new EigenvalueDecomposition(product, { assumeSymmetric: true })
    .realEigenvalues;
  const crossTerm = productEigenvalues.reduce(
    (sum, value) => sum + Math.sqrt(Math.max(value, 0)),
    0,
  );
  const distance = meanTerm + a.covariance.trace() + b.covariance.trace() - 2 * crossTerm;
  // Rounding can leave a tiny negative value for two identical sets.
  return Math.max(distance, 0);
}

/** Returns V diag(sqrt(max(λ, 0))) Vᵀ for a symmetric positive semi-definite matrix. */
export function symmetricSquareRoot(matrix: Matrix): Matrix {
  const decomposition = new EigenvalueDecomposition(symmetrize(matrix), { assumeSymmetric: true });
  const vectors = decomposition.eigenvectorMatrix;
  const roots = decomposition.realEigenvalues.map((value) => Math.sqrt(Math.max(value, 0)));
  return vectors.mmul(Matrix.diag(roots)).mmul(vectors.transpose());
}

function symmetrize(matrix: Matrix): Matrix {
  // ml-matrix's add and div work in place, so they run on a copy.
  return matrix.clone().add(matrix.transpose()).div(2);
}
