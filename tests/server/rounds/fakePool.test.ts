import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { FaceModels, ModelService } from '../../../server/src/ai/modelService.ts';
import { decodeFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import { FakePool } from '../../../server/src/rounds/fakePool.ts';
import { captureLog } from '../faces/fixtures.ts';
import { failingFirst, seededModels } from './models.ts';

let models: ModelService;

beforeAll(async () => {
  models = await seededModels();
});

afterAll(() => {
  models.dispose();
});

function newPool(capacity: number, source: FaceModels = models) {
  const log = captureLog();
  const pool = new FakePool({
    capacity,
    models: source,
    jpegQuality: 90,
    logger: log.logger,
    retryDelayMs: 10,
  });
  return { pool, entries: log.entries };
}

describe('FakePool', () => {
  it('fills up to its capacity', async () => {
    const { pool } = newPool(3);
    pool.start();
    await pool.whenFull();
    expect(pool.size).toBe(3);
    expect(pool.stats().generated).toBe(3);
    expect(pool.stats().meanMsPerFace).toBeGreaterThan(0);
    await pool.stop();
  });

  it('holds scored fake JPEGs', async () => {
    const { pool } = newPool(2);
    pool.start();
    await pool.whenFull();
    const face = pool.take();
    expect(face?.truth).toBe('fake');
    expect(face?.generatorVersion).toBe('gen-1');
    expect(face?.discriminatorVersion).toBe('disc-1');
    expect((await decodeFaceJpeg(face!.jpeg)).length).toBe(64 * 64 * 3);
    const [rescored] = await models.score([face!.jpeg]);
    expect(face?.aiScore).toBe(rescored);
    await pool.stop();
  });

  it('take returns before refilling', async () => {
    let generateCalls = 0;
    const counting: FaceModels = {
      versions: models.versions,
      generate(count) {
        generateCalls++;
        return models.generate(count);
      },
      score: (jpegs) => models.score(jpegs),
    };
    const { pool } = newPool(2, counting);
    pool.start();
    await pool.whenFull();
    // Let the fill loop settle, so the pool is idle as it is between rounds.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const callsWhenFull = generateCalls;

    expect(pool.take()).toBeDefined();
    expect(generateCalls).toBe(callsWhenFull);
    await new Promise((resolve) => setImmediate(resolve));
    expect(generateCalls).toBe(callsWhenFull + 1);
    await pool.stop();
  });

  it('returns undefined at once when empty', async () => {
    const { pool } = newPool(1);
    expect(pool.take()).toBeUndefined();
    await pool.whenFull();
    expect(pool.size).toBe(1);
    await pool.stop();
  });

  it('refills after a take', async () => {
    const { pool } = newPool(2);
    pool.start();
    await pool.whenFull();
    pool.take();
    expect(pool.size).toBe(1);
    await pool.whenFull();
    expect(pool.size).toBe(2);
    expect(pool.stats().generated).toBe(3);
    await pool.stop();
  });

  it('retries after a generator failure', async () => {
    const { pool, entries } = newPool(2, failingFirst(models, 2) as ModelService);
    pool.start();
    await pool.whenFull();
    expect(pool.size).toBe(2);
    expect(pool.stats().failures).toBe(2);
    const errors = entries.filter((entry) => entry.level === 50);
    expect(errors).toHaveLength(2);
    expect(String(errors[0]?.msg)).toContain('failed to make a fake face');
    await pool.stop();
  });

  it('stops refilling once stopped', async () => {
    const { pool } = newPool(2);
    pool.start();
    await pool.whenFull();
    await pool.stop();
    pool.take();
    await pool.whenFull();
    expect(pool.size).toBe(1);
  });

  it('leaves no tensors behind', async () => {
    const warmUp = newPool(1);
    warmUp.pool.start();
    await warmUp.pool.whenFull();
    await warmUp.pool.stop();

    const before = tf.memory().numTensors;
    const { pool } = newPool(3);
    pool.start();
    await pool.whenFull();
    await pool.stop();
    expect(tf.memory().numTensors).toBe(before);
  });
});
