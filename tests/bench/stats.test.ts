import { describe, expect, it } from 'vitest';

import { median, quantile, summarizeLatencies } from '../../models/src/bench/stats.ts';

describe('quantile', () => {
  it('interpolates between ranks', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
  });

  it('returns the ends at 0 and 1', () => {
    expect(quantile([1, 2, 3], 0)).toBe(1);
    expect(quantile([1, 2, 3], 1)).toBe(3);
  });

  it('returns NaN for no values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('median', () => {
  it('sorts before picking', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
});

describe('summarizeLatencies', () => {
  it('reports p99 near the maximum of 100 samples', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    const summary = summarizeLatencies(samples);

    expect(summary.samples).toBe(100);
    expect(summary.p50Ms).toBeCloseTo(50.5);
    expect(summary.p99Ms).toBeCloseTo(99.01);
    expect(summary.meanMs).toBeCloseTo(50.5);
    expect(summary.maxMs).toBe(100);
  });
});
