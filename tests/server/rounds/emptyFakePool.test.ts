import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FaceModels, ModelService } from '../../../server/src/ai/modelService.ts';
import type { RealFace } from '../../../server/src/faces/face.ts';
import { FaceSource } from '../../../server/src/rounds/faceSource.ts';
import { FakePool, FakePoolStoppedError } from '../../../server/src/rounds/fakePool.ts';
import { captureLog } from '../faces/fixtures.ts';
import { seededModels } from './models.ts';

let models: ModelService;

beforeAll(async () => {
  models = await seededModels();
});

afterAll(() => {
  models.dispose();
});

const playFaces: RealFace[] = [
  { sourcePath: '/faces/a.png', relativePath: 'a.png', pixels: new Uint8Array(64 * 64 * 3) },
];

/** Wraps the models to count generator and discriminator calls. */
function countingModels(inner: FaceModels) {
  const calls = { generate: 0, score: 0 };
  const counted: FaceModels = {
    versions: inner.versions,
    generate(count) {
      calls.generate++;
      return inner.generate(count);
    },
    score(jpegs) {
      calls.score++;
      return inner.score(jpegs);
    },
  };
  return { counted, calls };
}

function newPool(capacity: number, source: FaceModels = models) {
  const log = captureLog();
  const pool = new FakePool({ capacity, models: source, jpegQuality: 90, logger: log.logger });
  return { pool, entries: log.entries };
}

function newSource(
  pool: FakePool,
  fakeRatio: number,
  draws: number[],
  source: FaceModels = models,
) {
  return new FaceSource({
    playFaces,
    fakes: pool,
    models: source,
    fakeRatio,
    jpegQuality: 90,
    logger: captureLog().logger,
    random: () => draws.shift() ?? 0.5,
  });
}

describe('FakePool.next', () => {
  it('waits for a new face when the pool is empty', async () => {
    const { pool } = newPool(1);
    const face = await pool.next();
    expect(face.truth).toBe('fake');
    await pool.stop();
  });

  it('rejects the calls still waiting when the pool stops', async () => {
    const { pool } = newPool(1);
    // The face in progress when the pool stops goes to the first call.
    const first = pool.next();
    const second = pool.next();
    await pool.stop();
    await expect(first).resolves.toHaveProperty('truth', 'fake');
    await expect(second).rejects.toBeInstanceOf(FakePoolStoppedError);
  });

  it('rejects at once after the pool stopped', async () => {
    const { pool } = newPool(1);
    await pool.stop();
    await expect(pool.next()).rejects.toBeInstanceOf(FakePoolStoppedError);
  });

  it('logs an empty pool on the 1st, 2nd and 4th time only', async () => {
    const { pool, entries } = newPool(1);
    const faces = await Promise.all([1, 2, 3, 4, 5].map(() => pool.next()));
    expect(faces).toHaveLength(5);
    const warnings = entries.filter((entry) => String(entry.msg).includes('fake pool is empty'));
    expect(warnings.map((entry) => entry.emptyCount)).toEqual([1, 2, 4]);
    await pool.stop();
  });
});

describe('FaceSource with an empty fake pool', () => {
  it('waits for a fake instead of showing a real face', async () => {
    const { pool } = newPool(1);
    const face = await newSource(pool, 1, [0]).next();
    expect(face.truth).toBe('fake');
    await pool.stop();
  });

  it('keeps the fake ratio while rounds drain the pool', async () => {
    const { pool } = newPool(1);
    const source = newSource(pool, 0.5, [0.1, 0, 0.9, 0, 0.2, 0, 0.8, 0]);
    const faces = await Promise.all([1, 2, 3, 4].map(() => source.next()));
    expect(faces.map((face) => face.truth)).toEqual(['fake', 'real', 'fake', 'real']);
    await pool.stop();
  });
});

describe('FaceSource work per round', () => {
  it('takes a fake from the pool for a round that shows a real face', async () => {
    const { counted, calls } = countingModels(models);
    const { pool } = newPool(1, counted);
    pool.start();
    await pool.whenFull();
    await newSource(pool, 0.5, [0.9, 0], counted).next();
    await pool.whenFull();
    expect(calls.generate).toBe(2);
    await pool.stop();
  });

  it('scores a real face for a round that shows a fake', async () => {
    const { counted, calls } = countingModels(models);
    const { pool } = newPool(1, counted);
    pool.start();
    await pool.whenFull();
    const scoresBefore = calls.score;
    await newSource(pool, 0.5, [0.1, 0], counted).next();
    await pool.whenFull();
    // One score for the real face, and one for the fake that refilled the pool.
    expect(calls.score - scoresBefore).toBe(2);
    await pool.stop();
  });
});
