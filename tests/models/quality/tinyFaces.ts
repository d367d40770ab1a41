import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import sharp from 'sharp';

import {
  buildDiscriminator,
  buildGenerator,
  reinitializeWeights,
  saveCheckpoint,
} from '@real-or-fake/models';

import { splitByPath } from '../../../models/src/faces/holdout.ts';
import { SeededRandom } from '../../../models/src/train/random.ts';

/** Share of the tiny face folder held out, enough for a covariance of held-out features. */
export const TINY_HOLDOUT_RATIO = 0.3;

/**
 * Writes `count` 64x64 JPEG faces of seeded colour gradients with noise to `dir` and returns
 * how the default held-out seed splits them at TINY_HOLDOUT_RATIO.
 */
export async function writeTinyFaces(
  dir: string,
  count: number,
): Promise<{ train: number; heldOut: number }> {
  await mkdir(dir, { recursive: true });
  const random = SeededRandom.fromSeed('tiny-faces');
  const names: { relativePath: string }[] = [];
  for (let index = 0; index < count; index++) {
    const [r, g, b] = [random.next(), random.next(), random.next()];
    const pixels = new Uint8Array(64 * 64 * 3);
    for (let i = 0; i < 64 * 64; i++) {
      const x = i % 64;
      const y = Math.floor(i / 64);
      pixels[3 * i] = 200 * r * (x / 63) + 55 * random.next();
      pixels[3 * i + 1] = 200 * g * (y / 63) + 55 * random.next();
      pixels[3 * i + 2] = 200 * b + 55 * random.next();
    }
    const relativePath = `face-${String(index).padStart(3, '0')}.jpg`;
    await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg({ quality: 90 })
      .toFile(join(dir, relativePath));
    names.push({ relativePath });
  }
  const split = splitByPath(names, undefined, TINY_HOLDOUT_RATIO);
  return { train: split.train.length, heldOut: split.holdout.length };
}

/** Saves a seeded, untrained generator and discriminator under `root`. */
export async function writeUntrainedCheckpoints(
  root: string,
): Promise<{ generatorDir: string; discriminatorDir: string }> {
  const generator = buildGenerator();
  const discriminator = buildDiscriminator();
  reinitializeWeights(generator, 21);
  reinitializeWeights(discriminator, 22);
  const generatorDir = join(root, 'generator');
  const discriminatorDir = join(root, 'discriminator');
  await saveCheckpoint(generator, generatorDir, { kind: 'generator', step: 5, epoch: 1 });
  await saveCheckpoint(discriminator, discriminatorDir, { kind: 'discriminator', step: 5 });
  generator.dispose();
  discriminator.dispose();
  return { generatorDir, discriminatorDir };
}
