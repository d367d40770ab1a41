import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ModelService } from '../../../server/src/ai/modelService.ts';
import type { RealFace } from '../../../server/src/faces/face.ts';
import { decodeFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import { FaceSource } from '../../../server/src/rounds/faceSource.ts';
import type { ScoredFace } from '../../../server/src/rounds/preparedFace.ts';
import { captureLog, meanAbsoluteError } from '../faces/fixtures.ts';
import { seededModels } from './models.ts';

let models: ModelService;

beforeAll(async () => {
  models = await seededModels();
});

afterAll(() => {
  models.dispose();
});

function solidFace(name: string, value: number): RealFace {
  return {
    sourcePath: `/faces/${name}`,
    relativePath: name,
    pixels: new Uint8Array(64 * 64 * 3).fill(value),
  };
}

const playFaces = [solidFace('dark.png', 40), solidFace('light.png', 210)];

function fakeFace(): ScoredFace {
  return {
    jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    truth: 'fake',
    aiScore: 0.25,
    generatorVersion: 'gen-1',
    discriminatorVersion: 'disc-1',
  };
}

function newSource(options: { fakeRatio: number; fakes?: ScoredFace[]; random?: number[] }) {
  const log = captureLog();
  const fakes = options.fakes ?? [];
  const queue = options.random ?? [];
  const source = new FaceSource({
    playFaces,
    fakes: {
      next: async () => fakes.shift() ?? Promise.reject(new Error('the test pool is empty')),
    },
    models,
    fakeRatio: options.fakeRatio,
    jpegQuality: 90,
    logger: log.logger,
    random: () => queue.shift() ?? Math.random(),
  });
  return { source, entries: log.entries, fakes };
}

describe('FaceSource', () => {
  it('serves a pooled fake below the ratio', async () => {
    const fake = fakeFace();
    const { source, fakes } = newSource({ fakeRatio: 0.5, fakes: [fake], random: [0.49] });
    const face = await source.next();
    expect(face.truth).toBe('fake');
    expect(face.jpeg).toBe(fake.jpeg);
    expect(face.aiScore).toBe(0.25);
    expect(fakes).toHaveLength(0);
  });

  it('serves a real face at or above the ratio', async () => {
    const { source } = newSource({ fakeRatio: 0.5, fakes: [fakeFace()], random: [0.5, 0.9] });
    const face = await source.next();
    expect(face.truth).toBe('real');
    expect(face.generatorVersion).toBeNull();
    expect(face.discriminatorVersion).toBe('disc-1');
  });

  it('encodes the chosen play face', async () => {
    const { source } = newSource({ fakeRatio: 0, fakes: [fakeFace()], random: [0.9, 0.9] });
    const face = await source.next();
    const pixels = await decodeFaceJpeg(face.jpeg);
    expect(meanAbsoluteError(pixels, playFaces[1]!.pixels)).toBeLessThan(2);
  });

  it('scores real faces from their JPEG bytes', async () => {
    const { source } = newSource({ fakeRatio: 0, fakes: [fakeFace()] });
    const face = await source.next();
    const [expected] = await models.score([face.jpeg]);
    expect(face.aiScore).toBe(expected);
  });

  it('gives every face a fresh random id', async () => {
    const fakes = [fakeFace(), fakeFace(), fakeFace(), fakeFace()];
    const { source } = newSource({ fakeRatio: 0.5, fakes, random: [0.1, 0.9, 0.9, 0.9, 0.1] });
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) ids.add((await source.next()).imageId);
    expect(ids.size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('rejects an empty play split', () => {
    expect(
      () =>
        new FaceSource({
          playFaces: [],
          fakes: { next: () => Promise.reject(new Error('unused')) },
          models,
          fakeRatio: 0.5,
          jpegQuality: 90,
          logger: captureLog().logger,
        }),
    ).toThrow(/at least one real face/);
  });
});
