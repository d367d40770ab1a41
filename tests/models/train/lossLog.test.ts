import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LossLog, type StepRecord } from '../../../models/src/train/lossLog.ts';

function record(step: number): StepRecord {
  return {
    step,
    epoch: 0,
    dLoss: 1,
    gLoss: 2,
    dRealAcc: 0.5,
    dFakeAcc: 0.5,
    imagesPerSecond: 10,
    time: '2026-01-01T00:00:00.000Z',
  };
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loss-log-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LossLog', () => {
  it('appends one JSON line per record', async () => {
    const log = new LossLog(join(dir, 'append.jsonl'));
    await log.append(record(1));
    await log.append(record(2));
    const lines = (await readFile(log.path, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as StepRecord).step)).toEqual([1, 2]);
  });

  it('drops records after the resumed step and a torn last line', async () => {
    const log = new LossLog(join(dir, 'truncate.jsonl'));
    const lines = [1, 2, 3].map((step) => JSON.stringify(record(step)));
    await writeFile(log.path, `${lines.join('\n')}\n{"step": 4, "ep`);
    await log.truncateAfter(2);
    expect(await readFile(log.path, 'utf8')).toBe(`${lines.slice(0, 2).join('\n')}\n`);
  });

  it('leaves a missing file missing', async () => {
    const log = new LossLog(join(dir, 'absent.jsonl'));
    await log.truncateAfter(5);
    await expect(readFile(log.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
