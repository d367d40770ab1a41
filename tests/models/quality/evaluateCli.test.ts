import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import type { EvaluatedCheckpoint } from '../../../models/src/quality/formatReport.ts';
import type { CheckpointQuality } from '../../../models/src/quality/runQuality.ts';

import { TINY_HOLDOUT_RATIO, writeTinyFaces, writeUntrainedCheckpoints } from './tinyFaces.ts';
import { REPO_ROOT, runScript, type ScriptResult } from '../../support/runScript.ts';

const SCRIPT = join(REPO_ROOT, 'models', 'bin', 'evaluate.ts');

function evaluate(...args: string[]): Promise<ScriptResult> {
  return runScript(SCRIPT, args);
}

let root: string;
let split: { train: number; heldOut: number };
let common: string[];
let json: ScriptResult;
/** The documented output of `npm run evaluate -- --json`. */
type EvaluateJson = CheckpointQuality & {
  checkpoints: { generator: EvaluatedCheckpoint; discriminator: EvaluatedCheckpoint };
};
let report: EvaluateJson;

beforeAll(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'evaluate-cli-'));
  split = await writeTinyFaces(join(root, 'faces'), 30);
  const { generatorDir, discriminatorDir } = await writeUntrainedCheckpoints(join(root, 'models'));
  common = [
    '--generator',
    generatorDir,
    '--discriminator',
    discriminatorDir,
    '--data',
    join(root, 'faces'),
    '--holdout-ratio',
    String(TINY_HOLDOUT_RATIO),
    '--copy-check',
    '4',
    '--cache',
    join(root, 'cache'),
    '--backend',
    'wasm',
  ];
  json = await evaluate(...common, '--json');
  report = JSON.parse(json.stdout) as EvaluateJson;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('evaluate --json', () => {
  it('exits 0', () => {
    expect(json.stderr).not.toContain('evaluate:');
    expect(json.code).toBe(0);
  });

  it('splits the tiny folder so that every measure applies', () => {
    expect(split.heldOut).toBeGreaterThanOrEqual(2);
    expect(split.train).toBeGreaterThanOrEqual(split.heldOut);
  });

  it('identifies both checkpoints', () => {
    expect(report.checkpoints.generator).toMatchObject({ step: 5, epoch: 1 });
    expect(report.checkpoints.discriminator).toMatchObject({ step: 5, epoch: null });
    expect(report.checkpoints.generator.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts the faces and fakes', () => {
    expect(report.faces).toEqual({ ...split, fakes: split.heldOut });
    expect(report.skippedFaces).toBe(0);
  });

  it('names the feature network', () => {
    expect(report.featureNetwork).toMatchObject({ model: 'MobileNetV2', dimension: 160 });
  });

  it('reports held-out accuracies as fractions', () => {
    const { heldOutFaces, realAccuracy, fakeAccuracy } = report.heldOut;

    expect(heldOutFaces).toBe(split.heldOut);
    expect(realAccuracy).toBeGreaterThanOrEqual(0);
    expect(realAccuracy).toBeLessThanOrEqual(1);
    expect(fakeAccuracy).toBeGreaterThanOrEqual(0);
    expect(fakeAccuracy).toBeLessThanOrEqual(1);
  });

  it('puts untrained fakes farther from real faces than training faces', () => {
    const { fakesToHeldOut, trainToHeldOut } = report.frechet;

    expect(fakesToHeldOut).toBeGreaterThan(trainToHeldOut);
    expect(trainToHeldOut).toBeGreaterThanOrEqual(0);
  });

  it.each(['pixels', 'features'] as const)('summarizes %s distances', (space) => {
    const check = report.copies[space];

    expect(report.copies.checkedFakes).toBe(4);
    expect(Object.keys(check.fakes)).toEqual(['min', 'p5', 'median']);
    expect(check.heldOut.min).toBeGreaterThan(0);
    expect(Array.isArray(check.possibleCopies)).toBe(true);
    expect(check.belowHeldOutP5).toBeGreaterThanOrEqual(check.possibleCopies.length);
  });
});

describe('evaluate', () => {
  it('prints a summary without --json', async () => {
    const text = await evaluate(...common);

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Fréchet +fakes to held-out \d+\.\d\d, training faces/m);
    expect(text.stdout).toMatch(/^ {2}pixels +fakes [\d.]+ \/ [\d.]+ \/ [\d.]+, held-out/m);
  });

  it('requires --generator', async () => {
    const result = await evaluate('--discriminator', 'x');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--generator is required');
  });

  it('rejects a holdout ratio outside 0 to 1', async () => {
    const result = await evaluate(...common, '--holdout-ratio', '1.5');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--holdout-ratio must be a number between 0 and 1, got '1.5'");
  });

  it('names a missing checkpoint file', async () => {
    const result = await evaluate(...common, '--generator', join(root, 'absent'));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/card\.json not found in .*absent/);
  });

  it('rejects a folder without faces', async () => {
    await mkdir(join(root, 'empty'), { recursive: true });

    const result = await evaluate(...common, '--data', join(root, 'empty'));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no readable PNG or JPEG faces');
  });
});
