import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  loadCheckpoint,
  reinitializeWeights,
  selectBackend,
  type ModelCard,
} from '@real-or-fake/models';

import { QualityError } from '../../../models/src/quality/qualityError.ts';
import {
  measureCheckpointQuality,
  qualityEvaluator,
  type CheckpointQuality,
} from '../../../models/src/quality/runQuality.ts';
import { createDcganOptimizer, type GanModels } from '../../../models/src/train/ganStep.ts';
import { publishRun } from '../../../models/src/train/publish.ts';
import { saveTrainingCheckpoint } from '../../../models/src/train/trainingCheckpoint.ts';

import { TINY_HOLDOUT_RATIO, writeTinyFaces } from './tinyFaces.ts';

let root: string;
let facesDir: string;
let models: GanModels;
let card: ModelCard;
let tensorsBefore: number;
let direct: CheckpointQuality;
let tensorsAfter: number;

const options = () => ({
  seed: 3,
  copyCheckFakes: 4,
  cacheDir: join(root, 'cache'),
  holdoutSeed: 'real-or-fake',
  holdoutRatio: TINY_HOLDOUT_RATIO,
});

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'publish-quality-'));
  facesDir = join(root, 'faces');
  await writeTinyFaces(facesDir, 30);
  models = { generator: buildGenerator(), discriminator: buildDiscriminator() };
  reinitializeWeights(models.generator, 31);
  reinitializeWeights(models.discriminator, 32);

  tensorsBefore = tf.memory().numTensors;
  direct = await measureCheckpointQuality(models, { ...options(), dataDir: facesDir });
  tensorsAfter = tf.memory().numTensors;

  const optimizers = { generator: createDcganOptimizer(), discriminator: createDcganOptimizer() };
  const runDir = join(root, 'run');
  await saveTrainingCheckpoint(
    runDir,
    models,
    optimizers,
    { step: 8, epoch: 0, batchIndex: 8, latentRandomState: 1, elapsedMs: 1000 },
    { seed: 's', batchSize: 2, dataDir: facesDir, trainFaces: 20 },
    { backend: 'wasm' },
  );
  optimizers.generator.dispose();
  optimizers.discriminator.dispose();
  await publishRun(runDir, join(root, 'published'), qualityEvaluator(options()));
  const published = await loadCheckpoint(join(root, 'published', 'generator'), 'generator');
  published.model.dispose();
  card = published.card;
});

afterAll(async () => {
  models.generator.dispose();
  models.discriminator.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('measureCheckpointQuality', () => {
  it('leaves no tensors behind', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it('records the face folder', () => {
    expect(direct.dataDir).toBe(facesDir);
  });

  it('rejects too few fakes', async () => {
    const measuring = measureCheckpointQuality(models, {
      ...options(),
      dataDir: facesDir,
      fakes: 1,
    });

    await expect(measuring).rejects.toThrow(QualityError);
    await expect(measuring).rejects.toThrow(/at least 2 fakes, got 1/);
  });
});

describe('publishRun with qualityEvaluator', () => {
  it('adds the quality report to the card', () => {
    expect(card['quality']).toMatchObject({
      dataDir: facesDir,
      seed: 3,
      frechet: { fakesToHeldOut: direct.frechet.fakesToHeldOut },
    });
  });

  it('keeps the training fields', () => {
    expect(card).toMatchObject({ steps: 8, dataDir: facesDir });
  });
});
