import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StepRecord } from '../../../models/src/train/lossLog.ts';
import type { TrainingEvent, TrainingOptions } from '../../../models/src/train/trainingLoop.ts';
import { startTrainingWorker } from '../../../models/src/train/trainingWorker.ts';

const FACES = 12;

let root: string;
let dataDir: string;

function options(runDir: string, overrides: Partial<TrainingOptions> = {}): TrainingOptions {
  return {
    dataDir,
    runDir,
    epochs: 1,
    batchSize: 4,
    seed: 'worker-test',
    holdoutSeed: 'real-or-fake',
    holdoutRatio: 0.1,
    checkpointMinutes: 60,
    resume: false,
    backend: 'wasm',
    ...overrides,
  };
}

async function train(trainingOptions: TrainingOptions): Promise<TrainingEvent[]> {
  const events: TrainingEvent[] = [];
  await startTrainingWorker(trainingOptions, (event) => events.push(event)).done;
  return events;
}

async function readLosses(runDir: string): Promise<StepRecord[]> {
  const text = await readFile(join(runDir, 'losses.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as StepRecord);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'training-worker-'));
  dataDir = join(root, 'faces');
  await mkdir(join(dataDir, 'nested'), { recursive: true });
  for (let index = 0; index < FACES; index++) {
    // Not square, so the loader has to crop and resize.
    const image = sharp({
      create: { width: 80, height: 96, channels: 3, background: { r: index * 20, g: 90, b: 200 } },
    });
    const folder = index % 2 === 0 ? dataDir : join(dataDir, 'nested');
    await image.png().toFile(join(folder, `face-${index}.png`));
  }
  await writeFile(join(dataDir, 'broken.jpg'), 'not a JPEG');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('startTrainingWorker', () => {
  const runDir = () => join(root, 'run');
  let firstEvents: TrainingEvent[];
  let resumedEvents: TrainingEvent[];

  beforeAll(async () => {
    firstEvents = await train(options(runDir()));
    resumedEvents = await train(options(runDir(), { epochs: 2, resume: true }));
  });

  it('reports the unreadable file', () => {
    const skipped = firstEvents.find(
      (event) => event.type === 'log' && event.message === 'skipped unreadable images',
    );
    expect(skipped).toMatchObject({ fields: { count: 1 } });
  });

  it('runs every full batch of an epoch', () => {
    const steps = firstEvents.filter((event) => event.type === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(firstEvents.at(-1)).toEqual({ type: 'finished', step: steps.length, stopped: false });
  });

  it('writes a 512x512 sample grid after the epoch', async () => {
    const metadata = await sharp(join(runDir(), 'samples', 'epoch-001.png')).metadata();
    expect([metadata.width, metadata.height]).toEqual([512, 512]);
  });

  it('continues the step count on resume', async () => {
    const firstSteps = firstEvents.filter((event) => event.type === 'step').length;
    const losses = await readLosses(runDir());
    expect(losses.map((record) => record.step)).toEqual(
      Array.from({ length: 2 * firstSteps }, (_, index) => index + 1),
    );
    expect(resumedEvents.at(-1)).toMatchObject({ type: 'finished', step: 2 * firstSteps });
  });

  it('logs finite losses for every step', async () => {
    const losses = await readLosses(runDir());
    const finite = losses.every((record) =>
      [record.dLoss, record.gLoss, record.imagesPerSecond].every(Number.isFinite),
    );
    expect(finite).toBe(true);
  });

  it('records held-out metrics per epoch', async () => {
    const lines = (await readFile(join(runDir(), 'epochs.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { epoch: number }).epoch)).toEqual([1, 2]);
  });

  it('checkpoints and stops when asked', async () => {
    const stopDir = join(root, 'stopped-run');
    const events: TrainingEvent[] = [];
    const worker = startTrainingWorker(options(stopDir, { epochs: 50 }), (event) => {
      events.push(event);
      if (event.type === 'step' && event.record.step === 1) {
        worker.stop();
      }
    });
    await worker.done;
    const finished = events.at(-1);
    expect(finished).toMatchObject({ type: 'finished', stopped: true });
    const state = JSON.parse(
      await readFile(join(stopDir, 'checkpoint', 'training-state.json'), 'utf8'),
    ) as { progress: { step: number } };
    expect(finished).toMatchObject({ step: state.progress.step });
  });

  it('rejects a missing data folder with its code', async () => {
    const missing = options(join(root, 'missing-run'), { dataDir: join(root, 'no-such-dir') });
    await expect(train(missing)).rejects.toMatchObject({
      name: 'TrainingWorkerError',
      code: 'missing',
    });
  });

  it('rejects a new run over an existing checkpoint', async () => {
    const lossesBefore = await readFile(join(runDir(), 'losses.jsonl'), 'utf8');
    await expect(train(options(runDir()))).rejects.toMatchObject({ code: 'run-exists' });
    expect(await readFile(join(runDir(), 'losses.jsonl'), 'utf8')).toBe(lossesBefore);
  });

  it('rejects resuming with another batch size', async () => {
    const changed = options(runDir(), { epochs: 3, resume: true, batchSize: 2 });
    await expect(train(changed)).rejects.toMatchObject({ code: 'resume-mismatch' });
  });
});
