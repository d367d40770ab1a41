import { describe, expect, it } from 'vitest';

import { parseTrainArgs, UsageError } from '../../../models/src/train/trainArgs.ts';

function usageMessage(values: Parameters<typeof parseTrainArgs>[0]): string {
  try {
    parseTrainArgs(values);
  } catch (error) {
    if (error instanceof UsageError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseTrainArgs', () => {
  it('fills in the defaults', () => {
    expect(parseTrainArgs({ data: 'faces' })).toEqual({
      dataDir: 'faces',
      runDir: 'models/runs/main',
      epochs: 100,
      batchSize: 32,
      seed: 'real-or-fake',
      holdoutSeed: 'real-or-fake',
      holdoutRatio: 0.1,
      checkpointMinutes: 5,
      resume: false,
      backend: 'auto',
    });
  });

  it('reads every option', () => {
    const options = parseTrainArgs({
      data: 'faces',
      epochs: '3',
      resume: true,
      seed: 'x',
      'run-dir': 'out',
      'batch-size': '8',
      'checkpoint-minutes': '0.5',
      backend: 'wasm',
    });
    expect(options).toMatchObject({
      epochs: 3,
      resume: true,
      seed: 'x',
      runDir: 'out',
      batchSize: 8,
      checkpointMinutes: 0.5,
      backend: 'wasm',
    });
  });

  it('requires --data', () => {
    expect(usageMessage({})).toMatch(/--data is required/);
  });

  it.each(['0', '-1', '2.5', 'ten', ''])('rejects --epochs %j', (epochs) => {
    expect(usageMessage({ data: 'faces', epochs })).toMatch(/--epochs must be a positive integer/);
  });

  it('rejects a zero --batch-size', () => {
    expect(usageMessage({ data: 'faces', 'batch-size': '0' })).toMatch(/--batch-size/);
  });

  it.each(['0', '-2', 'soon'])('rejects --checkpoint-minutes %j', (minutes) => {
    const message = usageMessage({ data: 'faces', 'checkpoint-minutes': minutes });
    expect(message).toMatch(/--checkpoint-minutes must be a positive number/);
  });

  it('rejects an unknown backend', () => {
    expect(usageMessage({ data: 'faces', backend: 'gpu' })).toMatch(/--backend must be one of/);
  });

  it('rejects an empty seed', () => {
    expect(usageMessage({ data: 'faces', seed: '' })).toMatch(/--seed must not be empty/);
  });
});
