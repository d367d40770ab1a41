import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  buildGenerator,
  CARD_FILE,
  checkpointDir,
  CheckpointError,
  saveCheckpoint,
  selectBackend,
  WEIGHTS_FILE,
} from '@real-or-fake/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModelService, UNTRAINED_VERSION } from '../../../server/src/ai/modelService.ts';
import { ServerError } from '../../../server/src/errors.ts';
import { captureLog } from '../faces/fixtures.ts';

let root: string;

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-incomplete-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Saves a generator checkpoint under `name` and deletes one of its files. */
async function checkpointWithout(name: string, file: string): Promise<string> {
  const checkpoints = path.join(root, name);
  const dir = checkpointDir('generator', checkpoints);
  const generator = buildGenerator();
  await saveCheckpoint(generator, dir, { kind: 'generator' });
  generator.dispose();
  await rm(path.join(dir, file));
  return checkpoints;
}

async function loadError(checkpoints: string): Promise<unknown> {
  return ModelService.load(checkpoints, captureLog().logger).then(
    (models) => {
      models.dispose();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe('ModelService.load with an incomplete checkpoint', () => {
  it('rejects a checkpoint without weights.bin', async () => {
    const checkpoints = await checkpointWithout('no-weights', WEIGHTS_FILE);
    const error = await loadError(checkpoints);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).file).toBe(
      path.join(checkpointDir('generator', checkpoints), WEIGHTS_FILE),
    );
    expect((error as CheckpointError).message).toContain('incomplete');
  });

  it('rejects a checkpoint without card.json', async () => {
    const checkpoints = await checkpointWithout('no-card', CARD_FILE);
    const error = await loadError(checkpoints);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).file).toBe(
      path.join(checkpointDir('generator', checkpoints), CARD_FILE),
    );
  });

  it('rejects a checkpoint folder that is a file', async () => {
    const file = path.join(root, 'checkpoints-file');
    await writeFile(file, '');
    const error = await loadError(file);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('checkpointDirNotFolder');
    expect((error as ServerError).message).toContain('CHECKPOINT_DIR');
  });

  it('builds an untrained model for an empty folder', async () => {
    const checkpoints = path.join(root, 'empty-folders');
    await mkdir(checkpointDir('generator', checkpoints), { recursive: true });
    const models = await ModelService.load(checkpoints, captureLog().logger);
    expect(models.versions.generator).toBe(UNTRAINED_VERSION);
    models.dispose();
  });
});
