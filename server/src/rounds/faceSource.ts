import { randomInt } from 'node:crypto';

import type { Logger } from 'pino';

import type { FaceModels } from '../ai/modelService.ts';
import type { RealFace } from '../faces/face.ts';
import { encodeRealFace, newImageId, type PreparedFace, type ScoredFace } from './preparedFace.ts';

/** Returns a uniform number in [0, 1). */
export type RandomSource = () => number;

/** Random source backed by the operating system's cryptographic generator. */
export const cryptoRandom: RandomSource = () => randomInt(2 ** 47) / 2 ** 47;

export interface FaceSourceOptions {
  /** Real faces that may be shown: the play split, never the hold-out. */
  playFaces: readonly RealFace[];
  fakes: { next(): Promise<ScoredFace> };
  models: FaceModels;
  /** Probability of a generated face (FAKE_RATIO). */
  fakeRatio: number;
  jpegQuality: number;
  logger: Logger;
  random?: RandomSource;
}

/** Something that prepares the face of each next round. */
export interface FaceProvider {
  next(): Promise<PreparedFace>;
}

/**
 * Picks each round's face: generated with probability `fakeRatio`, otherwise a random real face
 * from the play split. Both kinds leave here as JPEG bytes from the same encoder, scored by the
 * discriminator from those bytes, under a fresh random image id.
 */
export class FaceSource implements FaceProvider {
  readonly #options: FaceSourceOptions;
  readonly #random: RandomSource;

  constructor(options: FaceSourceOptions) {
    if (options.playFaces.length === 0) {
      throw new RangeError('FaceSource needs at least one real face in the play split');
    }
    this.#options = options;
    this.#random = options.random ?? cryptoRandom;
  }

  async next(): Promise<PreparedFace> {
    const showFake = this.#random() < this.#options.fakeRatio;
    // Every round takes a fake, which the pool then replaces, and encodes and scores a real face,
    // and shows one of the two. So the server's load after a round opens, which players can time,
    // is the same whichever kind the next round shows, and an empty pool delays a round instead
    // of making it real.
    const [fake, real] = await Promise.all([this.#options.fakes.next(), this.#prepareReal()]);
    return showFake ? { ...fake, imageId: newImageId() } : real;
  }

  async #prepareReal(): Promise<PreparedFace> {
    const { playFaces, models, jpegQuality } = this.#options;
    const face = playFaces[Math.floor(this.#random() * playFaces.length)];
    if (face === undefined)
      throw new RangeError('the random source returned a value outside [0, 1)');

    const jpeg = await encodeRealFace(face.pixels, jpegQuality);
    const [aiScore] = await models.score([jpeg]);
    if (aiScore === undefined) throw new Error('the discriminator returned no score for 1 face');

    return {
      imageId: newImageId(),
      jpeg,
      truth: 'real',
      aiScore,
      generatorVersion: null,
      discriminatorVersion: models.versions.discriminator,
    };
  }
}
