import { nearestNeighbours, type RowSource } from './nearestNeighbour.ts';
import { QualityError } from './qualityError.ts';

/** Quantiles of nearest-neighbour distances to the training set. */
export interface DistanceSummary {
  min: number;
  /** 5th percentile, linearly interpolated between order statistics. */
  p5: number;
  median: number;
}

/** A fake whose nearest training face is closer than any held-out face's. */
export interface PossibleCopy {
  /** Index of the fake among the checked ones. */
  fake: number;
  /** Index of its nearest face in the training set. */
  trainingFace: number;
  distance: number;
}

export interface CopyCheck {
  fakes: DistanceSummary;
  /** The same statistic for real faces the models never saw: how far "another face" is. */
  heldOut: DistanceSummary;
  /** Fakes nearer to a training face than `heldOut.min`, nearest first. */
  possibleCopies: PossibleCopy[];
  /**
   * Fakes nearer to a training face than `heldOut.p5`. A dataset with near-duplicate pictures
   * puts `heldOut.min` close to zero, and this count still shows fakes that hug the training set.
   */
  belowHeldOutP5: number;
}

/**
 * Compares how close fakes come to the training faces with how close held-out real faces come.
 * A held-out face is by construction not a copy of a training face, so a fake nearer than the
 * nearest held-out face is flagged as a possible copy.
 */
export function checkCopies(fakes: RowSource, heldOut: RowSource, training: RowSource): CopyCheck {
  if (fakes.count === 0 || heldOut.count === 0) {
    throw new QualityError(
      'invalid-faces',
      `a copy check needs fakes and held-out faces, got ${fakes.count} and ${heldOut.count}`,
    );
  }
  const fakeNeighbours = nearestNeighbours(fakes, training);
  const heldOutNeighbours = nearestNeighbours(heldOut, training);
  const heldOutSummary = summarizeDistances(heldOutNeighbours.distances);
  const possibleCopies: PossibleCopy[] = [];
  fakeNeighbours.distances.forEach((distance, fake) => {
    if (distance < heldOutSummary.min) {
      possibleCopies.push({ fake, trainingFace: fakeNeighbours.indices[fake] as number, distance });
    }
  });
  possibleCopies.sort((a, b) => a.distance - b.distance);
  const belowHeldOutP5 = fakeNeighbours.distances.filter(
    (distance) => distance < heldOutSummary.p5,
  ).length;
  return {
    fakes: summarizeDistances(fakeNeighbours.distances),
    heldOut: heldOutSummary,
    possibleCopies,
    belowHeldOutP5,
  };
}

export function summarizeDistances(distances: ArrayLike<number>): DistanceSummary {
  if (distances.length === 0) {
    throw new QualityError('invalid-features', 'cannot summarize an empty set of distances');
  }
  const sorted = Float64Array.from(distances).sort();
  return { min: sorted[0] as number, p5: quantile(sorted, 0.05), median: quantile(sorted, 0.5) };
}

/** Returns the q-quantile of sorted values, interpolating between neighbours (R's type 7). */
function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower] as number;
  return low + (position - lower) * ((sorted[upper] as number) - low);
}
