import { describe, expect, it } from 'vitest';

import { epochOrder, stepsPerEpoch } from '../../../models/src/train/batches.ts';
import { SeededRandom } from '../../../models/src/train/random.ts';

describe('SeededRandom', () => {
  it('continues the same sequence from a saved state', () => {
    const random = SeededRandom.fromSeed('seed');
    random.next();
    const resumed = new SeededRandom(random.getState());
    expect([resumed.next(), resumed.next()]).toEqual([random.next(), random.next()]);
  });

  it('draws floats in [0, 1)', () => {
    const random = SeededRandom.fromSeed('range');
    const values = Array.from({ length: 1000 }, () => random.next());
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('returns a permutation', () => {
    const order = SeededRandom.fromSeed('p').permutation(50);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('epochOrder', () => {
  it('is the same for the same seed and epoch', () => {
    expect(epochOrder(100, 's', 3)).toEqual(epochOrder(100, 's', 3));
  });

  it('differs between epochs', () => {
    expect(epochOrder(100, 's', 3)).not.toEqual(epochOrder(100, 's', 4));
  });
});

describe('stepsPerEpoch', () => {
  it('drops the last partial batch', () => {
    expect(stepsPerEpoch(9008, 32)).toBe(281);
  });
});
