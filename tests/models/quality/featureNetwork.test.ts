import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import { cachedFeatures } from '../../../models/src/quality/featureCache.ts';
import {
  extractFeatures,
  loadFeatureNetwork,
  type FeatureNetwork,
} from '../../../models/src/quality/featureNetwork.ts';
import { QualityError } from '../../../models/src/quality/qualityError.ts';
import { SeededRandom } from '../../../models/src/train/random.ts';

/** Smooth colour gradients, closer to pictures than noise, different for each seed. */
function gradientFaces(count: number, seed: string): Uint8Array[] {
  const random = SeededRandom.fromSeed(seed);
  return Array.from({ length: count }, () => {
    const [r, g, b] = [random.next(), random.next(), random.next()];
    const face = new Uint8Array(64 * 64 * 3);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        const offset = (y * 64 + x) * 3;
        face[offset] = 255 * r * (x / 63);
        face[offset + 1] = 255 * g * (y / 63);
        face[offset + 2] = 255 * b;
      }
    }
    return face;
  });
}

let network: FeatureNetwork;
let cacheDir: string;
const faces = gradientFaces(3, 'faces');

beforeAll(async () => {
  await selectBackend('wasm');
  network = await loadFeatureNetwork();
  cacheDir = await mkdtemp(join(tmpdir(), 'feature-cache-'));
});

afterAll(async () => {
  network.dispose();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('loadFeatureNetwork', () => {
  it('describes the pooled block_15_add layer', () => {
    expect(network.info).toMatchObject({
      model: 'MobileNetV2',
      layer: 'block_15_add + global average pooling',
      dimension: 160,
      inputSize: 224,
    });
  });

  it('names the package version that ships the weights', () => {
    expect(network.info.source).toMatch(/^nsfwjs@\d+\.\d+\.\d+$/);
  });

  it('disposes every weight', async () => {
    const before = tf.memory().numTensors;

    const another = await loadFeatureNetwork();
    another.dispose();

    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads the same weights every time', async () => {
    const another = await loadFeatureNetwork();
    const features = extractFeatures(another, faces);
    another.dispose();

    expect(features.values).toEqual(extractFeatures(network, faces).values);
  });
});

describe('extractFeatures', () => {
  it('returns one row per face', () => {
    const features = extractFeatures(network, faces);

    expect(features).toMatchObject({ count: 3, dimension: 160 });
    expect(features.values).toHaveLength(3 * 160);
  });

  it('gives the same features for the same faces', () => {
    expect(extractFeatures(network, faces).values).toEqual(extractFeatures(network, faces).values);
  });

  it('gives a face the same features alone as in a batch', () => {
    const alone = extractFeatures(network, faces.slice(1, 2)).values;
    const batched = extractFeatures(network, faces).values.subarray(160, 320);

    alone.forEach((value, index) => expect(value).toBeCloseTo(batched[index] ?? NaN, 4));
  });

  it('tells different faces apart', () => {
    const [first, second] = [0, 1].map((row) =>
      extractFeatures(network, faces).values.subarray(row * 160, (row + 1) * 160),
    );

    expect(first).not.toEqual(second);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;

    extractFeatures(network, faces);

    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a face of the wrong size', () => {
    expect(() => extractFeatures(network, [new Uint8Array(64 * 64)])).toThrow(QualityError);
    expect(() => extractFeatures(network, [new Uint8Array(64 * 64)])).toThrow(
      /face 0 must be 12288 bytes of 64x64 RGB, got 4096 bytes/,
    );
  });
});

describe('cachedFeatures', () => {
  const images = faces.map((pixels, index) => ({ relativePath: `face-${index}.png`, pixels }));

  it('computes and then reads the same features', async () => {
    const first = await cachedFeatures(network, images, cacheDir);
    const second = await cachedFeatures(network, images, cacheDir);

    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.features.values).toEqual(first.features.values);
  });

  it('recomputes a truncated cache file', async () => {
    await cachedFeatures(network, images, cacheDir);
    const [file] = (await readdir(cacheDir)).filter((name) => name.endsWith('.f32'));
    await writeFile(join(cacheDir, file ?? 'missing'), new Uint8Array(12));

    const again = await cachedFeatures(network, images, cacheDir);

    expect(again.cached).toBe(false);
    expect(again.features.values).toEqual(extractFeatures(network, faces).values);
  });

  it('keys the cache by the faces', async () => {
    const renamed = images.map((image) => ({ ...image, relativePath: `x/${image.relativePath}` }));
    await cachedFeatures(network, images, cacheDir);

    expect((await cachedFeatures(network, renamed, cacheDir)).cached).toBe(false);
  });

  it('computes features without a cache folder', async () => {
    const before = await readdir(cacheDir);

    const result = await cachedFeatures(
      network,
      gradientFaces(2, 'uncached').map((pixels) => ({
        relativePath: 'uncached.png',
        pixels,
      })),
      null,
    );

    expect(result.cached).toBe(false);
    expect(result.features.count).toBe(2);
    expect(await readdir(cacheDir)).toEqual(before);
  });
});
