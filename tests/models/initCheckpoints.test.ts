import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadCheckpoint, selectBackend, type ModelKind } from '@real-or-fake/models';

import { REPO_ROOT, runScript, type ScriptResult } from '../support/runScript.ts';

const SCRIPT = join(REPO_ROOT, 'models', 'bin', 'init-checkpoints.ts');

function initCheckpoints(...args: string[]): Promise<ScriptResult> {
  return runScript(SCRIPT, args);
}

async function cardOf(root: string, kind: ModelKind): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(root, kind, 'card.json'), 'utf8'));
}

let root: string;
let first: ScriptResult;

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'init-checkpoints-'));
  first = await initCheckpoints('--root', root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('init-checkpoints', () => {
  it('exits 0 on an empty root', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
  });

  it.each(['generator', 'discriminator'] as const)('writes a loadable %s', async (kind) => {
    const { model, card } = await loadCheckpoint(join(root, kind), kind);
    model.dispose();

    expect(card.kind).toBe(kind);
    expect(card.trained).toBe(false);
  });

  it('keeps existing checkpoints without --force', async () => {
    const weights = await readFile(join(root, 'generator', 'weights.bin'));

    const second = await initCheckpoints('--root', root);

    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Pass --force');
    expect((await readFile(join(root, 'generator', 'weights.bin'))).equals(weights)).toBe(true);
  });

  it('writes the same versions in another process', async () => {
    const before = await Promise.all([cardOf(root, 'generator'), cardOf(root, 'discriminator')]);

    const forced = await initCheckpoints('--root', root, '--force');
    const after = await Promise.all([cardOf(root, 'generator'), cardOf(root, 'discriminator')]);

    expect(forced.code).toBe(0);
    expect(after[0]?.version).toBe(before[0]?.version);
    expect(after[1]?.version).toBe(before[1]?.version);
  });

  it('rejects a seed that is not an integer', async () => {
    const result = await initCheckpoints('--root', join(root, 'unused'), '--seed', '1.5');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --seed "1.5"');
  });
});
