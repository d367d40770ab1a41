import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  CheckpointError,
  DEFAULT_CHECKPOINT_ROOT,
  discriminatorDir,
  generatorDir,
  loadCheckpoint,
  reinitializeWeights,
  saveCheckpoint,
  selectBackend,
} from '@real-or-fake/models';

let root: string;
let discriminator: tf.LayersModel;
let generator: tf.LayersModel;
let savedDiscriminator: string;
let savedGenerator: string;

/** Replaces every weight with N(0, 1) noise so no value is a trivial 0 or 1. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.weights.forEach((weight, index) => {
    const value = tf.randomNormal(weight.read().shape, 0, 1, 'float32', seed + index);
    weight.write(value);
    value.dispose();
  });
}

function weightBytes(model: tf.LayersModel): Buffer[] {
  return model.weights.map((weight) => Buffer.from(weight.read().dataSync().buffer));
}

async function copyOf(dir: string): Promise<string> {
  const copy = await mkdtemp(join(root, 'copy-'));
  await cp(dir, copy, { recursive: true });
  return copy;
}

async function loadError(dir: string, kind: 'generator' | 'discriminator') {
  const error: unknown = await loadCheckpoint(dir, kind).then(
    ({ model }) => {
      model.dispose();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

async function editJson(path: string, edit: (value: Record<string, unknown>) => void) {
  const value = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(path, JSON.stringify(value));
}

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'checkpoint-test-'));
  discriminator = buildDiscriminator();
  randomizeWeights(discriminator, 10);
  generator = buildGenerator();
  reinitializeWeights(generator, 20);
  savedDiscriminator = join(root, 'saved', 'discriminator');
  savedGenerator = join(root, 'saved', 'generator');
  await saveCheckpoint(discriminator, savedDiscriminator, { kind: 'discriminator' });
  await saveCheckpoint(generator, savedGenerator, { kind: 'generator' });
});

afterAll(async () => {
  discriminator.dispose();
  generator.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('saveCheckpoint', () => {
  it('writes model.json, weights.bin and card.json', async () => {
    expect((await readdir(savedDiscriminator)).sort()).toEqual([
      'card.json',
      'model.json',
      'weights.bin',
    ]);
  });

  it('sizes weights.bin at four bytes per parameter', async () => {
    const weights = await readFile(join(savedDiscriminator, 'weights.bin'));
    expect(weights.byteLength).toBe(406_081 * 4);
  });

  it('points the manifest at weights.bin', async () => {
    const modelJson = JSON.parse(await readFile(join(savedDiscriminator, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('stores the card fields with version and time', async () => {
    const dir = join(root, 'card');
    const card = await saveCheckpoint(discriminator, dir, {
      kind: 'discriminator',
      trained: false,
      step: 12,
    });
    const stored = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));

    expect(stored).toEqual(card);
    expect(card.version).toMatch(/^[0-9a-f]{16}$/);
    expect(card.kind).toBe('discriminator');
    expect(Number.isNaN(Date.parse(card.createdAt))).toBe(false);
    expect(card.trained).toBe(false);
    expect(card.step).toBe(12);
  });

  it('keeps the version of an unchanged model', async () => {
    const first = await saveCheckpoint(discriminator, join(root, 'same-a'), {
      kind: 'discriminator',
    });
    const second = await saveCheckpoint(discriminator, join(root, 'same-b'), {
      kind: 'discriminator',
    });
    expect(second.version).toBe(first.version);
  });

  it('overwrites a checkpoint and leaves no temporary files', async () => {
    const dir = await copyOf(savedDiscriminator);
    const before = JSON.parse(await readFile(join(dir, 'card.json'), 'utf8'));
    const model = buildDiscriminator();
    randomizeWeights(model, 30);

    const after = await saveCheckpoint(model, dir, { kind: 'discriminator' });
    model.dispose();

    expect(after.version).not.toBe(before.version);
    expect((await readdir(dir)).sort()).toEqual(['card.json', 'model.json', 'weights.bin']);
  });

  it('rejects a model of the wrong kind and writes nothing', async () => {
    const dir = join(root, 'wrong-kind');
    const error: unknown = await saveCheckpoint(generator, dir, { kind: 'discriminator' }).catch(
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).code).toBe('mismatch');
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });
});

describe('loadCheckpoint', () => {
  beforeEach(() => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('restores every weight bit for bit', async () => {
    const { model } = await loadCheckpoint(savedDiscriminator, 'discriminator');
    const restored = weightBytes(model);
    const original = weightBytes(discriminator);
    model.dispose();

    expect(restored).toHaveLength(original.length);
    restored.forEach((bytes, index) => {
      expect(bytes.equals(original[index] as Buffer)).toBe(true);
    });
  });

  it('restores a model with identical predictions', async () => {
    const { model } = await loadCheckpoint(savedDiscriminator, 'discriminator');
    const images = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 5);
    const expected = tf.tidy(() => (discriminator.predict(images) as tf.Tensor).dataSync());
    const actual = tf.tidy(() => (model.predict(images) as tf.Tensor).dataSync());
    tf.dispose(images);
    model.dispose();

    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('returns the stored card', async () => {
    const { model, card } = await loadCheckpoint(savedGenerator, 'generator');
    model.dispose();
    const stored = JSON.parse(await readFile(join(savedGenerator, 'card.json'), 'utf8'));

    expect(card).toEqual(stored);
  });

  it('leaves no tensors behind after a load and dispose', async () => {
    const warmUp = await loadCheckpoint(savedDiscriminator, 'discriminator');
    warmUp.model.dispose();
    const before = tf.memory().numTensors;

    const { model } = await loadCheckpoint(savedDiscriminator, 'discriminator');
    model.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a missing directory as missing card.json', async () => {
    const dir = join(root, 'does-not-exist');
    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('missing');
    expect(error.file).toBe(join(dir, 'card.json'));
  });

  it.each(['model.json', 'weights.bin', 'card.json'])('reports a missing %s', async (name) => {
    const dir = await copyOf(savedDiscriminator);
    await rm(join(dir, name));

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('missing');
    expect(error.file).toBe(join(dir, name));
    expect(error.message).toContain(name);
  });

  it.each(['model.json', 'card.json'])('reports invalid JSON in %s', async (name) => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, name);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length / 2));

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
    expect(error.message).toContain('not valid JSON');
  });

  it('reports truncated weights without changing them', async () => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, 'weights.bin');
    const truncated = (await readFile(path)).subarray(0, 1_000_000);
    await writeFile(path, truncated);

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
    expect(error.message).toContain(`has 1000000 bytes, but model.json describes ${406_081 * 4}`);
    expect((await readFile(path)).equals(truncated)).toBe(true);
  });

  it('reports manifest shapes that do not fit the layers', async () => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, 'model.json');
    // Same byte count, wrong layout: the first kernel's channel axes are swapped.
    await editJson(path, (modelJson) => {
      const [group] = modelJson.weightsManifest as { weights: { shape: number[] }[] }[];
      group!.weights[0]!.shape = [4, 4, 64, 3];
    });
    const before = tf.memory().numTensors;

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
    expect(error.message).toContain('do not fit its topology');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports a manifest that points outside the directory', async () => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, 'model.json');
    await editJson(path, (modelJson) => {
      const [group] = modelJson.weightsManifest as { paths: string[] }[];
      group!.paths = ['../saved/discriminator/weights.bin'];
    });

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
  });

  it('reports weights edited after the save', async () => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, 'weights.bin');
    const weights = await readFile(path);
    weights[100] = (weights[100] as number) ^ 0xff;
    await writeFile(path, weights);

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(join(dir, 'card.json'));
  });

  it('reports a card without a kind', async () => {
    const dir = await copyOf(savedDiscriminator);
    const path = join(dir, 'card.json');
    await editJson(path, (card) => {
      delete card.kind;
    });

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('corrupt');
    expect(error.file).toBe(path);
  });

  it('rejects a generator checkpoint loaded as a discriminator', async () => {
    const error = await loadError(savedGenerator, 'discriminator');

    expect(error.code).toBe('mismatch');
    expect(error.file).toBe(join(savedGenerator, 'card.json'));
    expect(error.message).toContain('generator');
  });

  it('rejects generator files under a discriminator card', async () => {
    const dir = await copyOf(savedGenerator);
    await editJson(join(dir, 'card.json'), (card) => {
      card.kind = 'discriminator';
    });
    const before = tf.memory().numTensors;

    const error = await loadError(dir, 'discriminator');

    expect(error.code).toBe('mismatch');
    expect(error.file).toBe(join(dir, 'model.json'));
    expect(error.message).toContain('[null,100]');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('checkpoint directories', () => {
  it('roots the default at models/checkpoints', () => {
    expect(isAbsolute(DEFAULT_CHECKPOINT_ROOT)).toBe(true);
    expect(DEFAULT_CHECKPOINT_ROOT.endsWith(join('models', 'checkpoints'))).toBe(true);
  });

  it('names one directory per kind', () => {
    expect(generatorDir('/data')).toBe(join('/data', 'generator'));
    expect(discriminatorDir('/data')).toBe(join('/data', 'discriminator'));
  });
});
