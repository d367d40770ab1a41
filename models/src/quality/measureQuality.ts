import type * as tf from '@tensorflow/tfjs';

import type { FaceImage } from '../faces/faceFolder.ts';
import { generateFaces } from '../inference.ts';
import { evaluateHeldOut, type HeldOutMetrics } from '../train/heldOutMetrics.ts';
import { SeededRandom } from '../train/random.ts';
import { checkCopies, type CopyCheck } from './copyCheck.ts';
import { cachedFeatures } from './featureCache.ts';
import { extractFeatures, type FeatureNetwork, type FeatureNetworkInfo } from './featureNetwork.ts';
import { featureStatistics, frechetDistance, type FeatureMatrix } from './frechet.ts';
import { featureRows, pixelRows } from './nearestNeighbour.ts';
import { QualityError } from './qualityError.ts';

export interface QualityOptions {
  /** Seed of the fakes' latent vectors and of the training sample for the baseline. */
  seed: number;
  /** Fakes for the Fréchet distance; defaults to one per held-out face. */
  fakes?: number;
  /** Fakes whose nearest training faces are searched. */
  copyCheckFakes: number;
  /** Folder for the training set's features, or null to compute them every time. */
  cacheDir: string | null;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

/** Everything `measureQuality` found, in the shape `npm run evaluate -- --json` prints. */
export interface QualityReport {
  featureNetwork: FeatureNetworkInfo;
  seed: number;
  faces: { train: number; heldOut: number; fakes: number };
  /** Discriminator in inference mode on every held-out face and as many fresh fakes. */
  heldOut: HeldOutMetrics;
  frechet: {
    /** Fréchet distance between the features of fakes and of held-out faces. */
    fakesToHeldOut: number;
    /** The same between as many training faces and the held-out ones: the floor for real. */
    trainToHeldOut: number;
  };
  copies: { checkedFakes: number; pixels: CopyCheck; features: CopyCheck };
  seconds: number;
}

/**
 * Measures a generator against real faces it never trained on, and the discriminator's
 * accuracy on the same faces. Pixel distances are L2 over 12,288 values in [0, 1], and feature
 * distances are L2 between feature vectors. Fakes are rounded to 8-bit pixels, as the game
 * serves them, but skip the game's JPEG round trip.
 */
export async function measureQuality(
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  split: { train: readonly FaceImage[]; holdout: readonly FaceImage[] },
  network: FeatureNetwork,
  options: QualityOptions,
): Promise<QualityReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { train, holdout } = split;
  const fakeCount = options.fakes ?? holdout.length;
  checkOptions(options, fakeCount, train.length, holdout.length);

  const discriminator = await evaluateHeldOut(
    models.generator,
    models.discriminator,
    holdout,
    options.seed,
    holdout.length,
  );
  if (discriminator === null) {
    throw new QualityError('invalid-faces', 'no held-out faces to score');
  }
  log('scored held-out faces and fakes', { discriminator });

  const fakes = generateFaces(models.generator, fakeCount, options.seed);
  const fakeFeatures = extractFeatures(network, fakes);
  const heldOutFeatures = extractFeatures(
    network,
    holdout.map((face) => face.pixels),
  );
  log('extracted features of fakes and held-out faces', { fakes: fakeCount });
  const trainFeatures = await cachedFeatures(network, train, options.cacheDir);
  log('extracted features of training faces', {
    train: train.length,
    cached: trainFeatures.cached,
  });

  const heldOutStatistics = featureStatistics(heldOutFeatures);
  const baselineRows = SeededRandom.fromSeed(`${options.seed}:baseline`)
    .permutation(train.length)
    .slice(0, holdout.length);
  const frechet = {
    fakesToHeldOut: frechetDistance(featureStatistics(fakeFeatures), heldOutStatistics),
    trainToHeldOut: frechetDistance(
      featureStatistics(selectRows(trainFeatures.features, baselineRows)),
      heldOutStatistics,
    ),
  };

  const checked = fakes.slice(0, options.copyCheckFakes);
  const checkedFeatures = selectRows(
    fakeFeatures,
    checked.map((_, index) => index),
  );
  const copies = {
    checkedFakes: checked.length,
    pixels: checkCopies(
      pixelRows(checked),
      pixelRows(holdout.map((face) => face.pixels)),
      pixelRows(train.map((face) => face.pixels)),
    ),
    features: checkCopies(
      featureRows(checkedFeatures),
      featureRows(heldOutFeatures),
      featureRows(trainFeatures.features),
    ),
  };
  return {
    featureNetwork: network.info,
    seed: options.seed,
    faces: { train: train.length, heldOut: holdout.length, fakes: fakeCount },
    heldOut: discriminator,
    frechet,
    copies,
    seconds: (performance.now() - started) / 1000,
  };
}

function checkOptions(
  options: QualityOptions,
  fakes: number,
  train: number,
  heldOut: number,
): void {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new QualityError(
      'invalid-options',
      `seed must be a non-negative integer, got ${options.seed}`,
    );
  }
  if (!Number.isSafeInteger(fakes) || fakes < 2) {
    throw new QualityError(
      'invalid-options',
      `the Fréchet distance needs at least 2 fakes, got ${fakes}`,
    );
  }
  if (!Number.isSafeInteger(options.copyCheckFakes) || options.copyCheckFakes < 1) {
    throw new QualityError(
      'invalid-options',
      `the copy check needs at least 1 fake, got ${options.copyCheckFakes}`,
    );
  }
  // The baseline draws as many training faces as there are held-out faces.
  if (heldOut < 2 || train < heldOut) {
    throw new QualityError(
      'invalid-faces',
      `need at least 2 held-out faces and as many training faces, got ${heldOut} held-out ` +
        `and ${train} training faces`,
    );
  }
}

function selectRows(features: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  const { dimension } = features;
  const values = new Float32Array(rows.length * dimension);
  rows.forEach((row, index) => {
    values.set(features.values.subarray(row * dimension, (row + 1) * dimension), index * dimension);
  });
  return { values, count: rows.length, dimension };
}
