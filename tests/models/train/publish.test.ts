import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  loadCheckpoint,
  reinitializeWeights,
  selectBackend,
  type LoadedCheckpoint,
} from '@real-or-fake/models';

import { createDcganOptimizer, type GanModels } from '../../../models/src/train/ganStep.ts';
import { publishRun } from '../../../models/src/train/publish.ts';
import { saveTrainingCheckpoint } from '../../../models/src/train/trainingCheckpoint.ts';

const HELD_OUT = {
  heldOutFaces: 10,
  realAccuracy: 0.7,
  fakeAccuracy: 0.6,
  meanRealScore: 0.6,
  meanFakeScore: 0.4,
};

let root: string;
let models: GanModels;
let generator: LoadedCheckpoint;

beforeAll(async () => {
  await selectBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'publish-'));
  models = { generator: buildGenerator(), discriminator: buildDiscriminator() };
  reinitializeWeights(models.generator, 11);
  reinitializeWeights(models.discriminator, 12);
  const optimizers = { generator: createDcganOptimizer(), discriminator: createDcganOptimizer() };
  const runDir = join(root, 'run');
  await saveTrainingCheckpoint(
    runDir,
    models,
    optimizers,
    { step: 150, epoch: 1, batchIndex: 25, latentRandomState: 1, elapsedMs: 61_000.4 },
    { seed: 's', batchSize: 4, dataDir: '/faces', trainFaces: 400 },
    { backend: 'wasm' },
  );
  const epochs = [
    JSON.stringify({ epoch: 1, heldOut: HELD_OUT }),
    '{"epoch": 2, "heldOut": ', // torn by a crash
  ];
  await writeFile(join(runDir, 'epochs.jsonl'), `${epochs.join('\n')}\n`);
  await publishRun(runDir, join(root, 'published'));
  generator = await loadCheckpoint(join(root, 'published', 'generator'), 'generator');
});

afterAll(async () => {
  generator.model.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('publishRun', () => {
  it('writes only the model files and the card', async () => {
    const files = await readdir(join(root, 'published', 'discriminator'));
    expect(files.sort()).toEqual(['card.json', 'model.json', 'weights.bin']);
  });

  it('copies the weights unchanged', () => {
    const expected = models.generator.getWeights().map((weight) => weight.dataSync());
    expect(generator.model.getWeights().map((weight) => weight.dataSync())).toEqual(expected);
  });

  it('records steps, fractional epochs and wall time', () => {
    expect(generator.card).toMatchObject({ steps: 150, epochs: 1.25, wallTimeMs: 61_000 });
  });

  it('records the data folder and backend', () => {
    expect(generator.card).toMatchObject({ dataDir: '/faces', backend: 'wasm' });
  });

  it('records the last whole held-out evaluation', () => {
    expect(generator.card['heldOut']).toEqual({ epoch: 1, heldOut: HELD_OUT });
  });

  it('records the parameter count', () => {
    expect(generator.card['architecture']).toMatchObject({
      parameters: models.generator.countParams(),
    });
  });
});
