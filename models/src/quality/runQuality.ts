import { resolve } from 'node:path';

import type * as tf from '@tensorflow/tfjs';

import { loadFaceFolder } from '../faces/faceFolder.ts';
import { DEFAULT_HOLDOUT_RATIO, DEFAULT_HOLDOUT_SEED, splitByPath } from '../faces/holdout.ts';
import { DEFAULT_FEATURE_CACHE } from './featureCache.ts';
import { loadFeatureNetwork } from './featureNetwork.ts';
import { measureQuality, type QualityOptions, type QualityReport } from './measureQuality.ts';

export interface CheckpointQualityOptions extends QualityOptions {
  dataDir: string;
  /** Seed and ratio of the held-out split, the rule the game and the training use. */
  holdoutSeed: string;
  holdoutRatio: number;
}

/** A quality report with the face folder it was measured on. */
export interface CheckpointQuality extends QualityReport {
  dataDir: string;
  /** Image files in `dataDir` that failed to decode and were left out. */
  skippedFaces: number;
}

export const DEFAULT_QUALITY_OPTIONS = {
  seed: 0,
  copyCheckFakes: 256,
  cacheDir: DEFAULT_FEATURE_CACHE,
  holdoutSeed: DEFAULT_HOLDOUT_SEED,
  holdoutRatio: DEFAULT_HOLDOUT_RATIO,
} as const;

/** Loads the faces in `options.dataDir`, splits them and measures the two models on them. */
export async function measureCheckpointQuality(
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  options: CheckpointQualityOptions,
): Promise<CheckpointQuality> {
  const dataDir = resolve(options.dataDir);
  const { faces, skipped } = await loadFaceFolder(dataDir);
  const split = splitByPath(faces, options.holdoutSeed, options.holdoutRatio);
  options.log?.('loaded faces', {
    dataDir,
    train: split.train.length,
    heldOut: split.holdout.length,
    skipped: skipped.length,
  });
  const network = await loadFeatureNetwork();
  try {
    const report = await measureQuality(models, split, network, options);
    return { dataDir, skippedFaces: skipped.length, ...report };
  } finally {
    network.dispose();
  }
}

/**
 * Returns the evaluator that `publishRun` calls to put a quality report in the shipped cards.
 * Without `dataDir` it measures on the folder the run trained on.
 */
export function qualityEvaluator(
  options: Partial<CheckpointQualityOptions> = {},
): (
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  run: { dataDir: string },
) => Promise<CheckpointQuality> {
  return (models, run) =>
    measureCheckpointQuality(models, {
      ...DEFAULT_QUALITY_OPTIONS,
      ...options,
      dataDir: options.dataDir ?? run.dataDir,
    });
}
