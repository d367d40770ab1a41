import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs';
import {
  buildDiscriminator,
  buildGenerator,
  checkpointDir,
  CheckpointError,
  reinitializeWeights,
  saveCheckpoint,
  scoreFaces,
  selectBackend,
} from '@real-or-fake/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModelService, UNTRAINED_VERSION } from '../../../server/src/ai/modelService.ts';
import { decodeFaceJpeg, encodeFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import { captureLog } from '../faces/fixtures.ts';

let root: string;

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-models-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ModelService.load', () => {
  it('builds untrained models when checkpoints are missing', async () => {
    const { logger, entries } = captureLog();
    const models = await ModelService.load(path.join(root, 'empty'), logger);
    expect(models.versions).toEqual({
      generator: UNTRAINED_VERSION,
      discriminator: UNTRAINED_VERSION,
    });
    const warnings = entries.filter((entry) => entry.level === 40);
    expect(warnings.map((entry) => entry.kind)).toEqual(['generator', 'discriminator']);
    expect(String(warnings[0]?.msg)).toContain(path.join(root, 'empty', 'generator'));
    models.dispose();
  });

  it('reports the versions of saved checkpoints', async () => {
    const saved = path.join(root, 'saved');
    const generator = buildGenerator();
    const discriminator = buildDiscriminator();
    const generatorCard = await saveCheckpoint(generator, checkpointDir('generator', saved), {
      kind: 'generator',
    });
    const discriminatorCard = await saveCheckpoint(
      discriminator,
      checkpointDir('discriminator', saved),
      { kind: 'discriminator' },
    );
    generator.dispose();
    discriminator.dispose();

    const models = await ModelService.load(saved, captureLog().logger);
    expect(models.versions.generator).toBe(generatorCard.version);
    expect(models.versions.discriminator).toBe(discriminatorCard.version);
    models.dispose();
  });

  it('rejects a corrupt checkpoint naming the file', async () => {
    const broken = path.join(root, 'broken');
    const generator = buildGenerator();
    const dir = checkpointDir('generator', broken);
    await saveCheckpoint(generator, dir, { kind: 'generator' });
    generator.dispose();
    await writeFile(path.join(dir, 'card.json'), '{ not json');

    const error = await ModelService.load(broken, captureLog().logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe('corrupt');
    expect((error as CheckpointError).file).toBe(path.join(dir, 'card.json'));
  });
});

describe('ModelService', () => {
  it('scores the decoded JPEG bytes', async () => {
    const generator = buildGenerator();
    const discriminator = buildDiscriminator();
    reinitializeWeights(generator, 3);
    reinitializeWeights(discriminator, 4);
    const models = new ModelService(generator, discriminator, {
      generator: 'g',
      discriminator: 'd',
    });

    const [pixels] = models.generate(1);
    const jpeg = await encodeFaceJpeg(pixels!, 90);
    const [score] = await models.score([jpeg]);
    const [expected] = scoreFaces(discriminator, [await decodeFaceJpeg(jpeg)]);
    expect(score).toBe(expected);
    models.dispose();
  });

  it('leaves no tensors behind', async () => {
    const models = new ModelService(buildGenerator(), buildDiscriminator(), {
      generator: 'g',
      discriminator: 'd',
    });
    const jpeg = await encodeFaceJpeg(models.generate(1)[0]!, 90);
    await models.score([jpeg]);

    const before = tf.memory().numTensors;
    const faces = models.generate(2);
    await models.score(await Promise.all(faces.map((face) => encodeFaceJpeg(face, 90))));
    expect(tf.memory().numTensors).toBe(before);
    models.dispose();
  });
});
