import { describe, expect, it } from 'vitest';

import { EvaluateUsageError, parseEvaluateArgs } from '../../../models/src/quality/evaluateArgs.ts';
import { DEFAULT_FEATURE_CACHE } from '../../../models/src/quality/featureCache.ts';

const REQUIRED = { generator: 'g', discriminator: 'd' };

describe('parseEvaluateArgs', () => {
  it('fills in the defaults', () => {
    expect(parseEvaluateArgs(REQUIRED)).toEqual({
      generatorDir: 'g',
      discriminatorDir: 'd',
      dataDir: null,
      quality: {
        seed: 0,
        copyCheckFakes: 256,
        cacheDir: DEFAULT_FEATURE_CACHE,
        holdoutSeed: 'real-or-fake',
        holdoutRatio: 0.1,
      },
      backend: 'auto',
      json: false,
    });
  });

  it('reads every option', () => {
    const args = parseEvaluateArgs({
      ...REQUIRED,
      data: 'faces',
      seed: '7',
      fakes: '100',
      'copy-check': '16',
      'holdout-seed': 'other',
      'holdout-ratio': '0.25',
      'no-cache': true,
      backend: 'cpu',
      json: true,
    });

    expect(args).toMatchObject({ dataDir: 'faces', backend: 'cpu', json: true });
    expect(args.quality).toEqual({
      seed: 7,
      fakes: 100,
      copyCheckFakes: 16,
      cacheDir: null,
      holdoutSeed: 'other',
      holdoutRatio: 0.25,
    });
  });

  it.each([
    [{ discriminator: 'd' }, '--generator is required'],
    [{ generator: 'g' }, '--discriminator is required'],
    [{ ...REQUIRED, seed: '-1' }, "--seed must be an integer of at least 0, got '-1'"],
    [{ ...REQUIRED, fakes: '1' }, "--fakes must be an integer of at least 2, got '1'"],
    [{ ...REQUIRED, 'copy-check': '2.5' }, '--copy-check must be an integer of at least 1'],
    [{ ...REQUIRED, 'holdout-ratio': '0' }, '--holdout-ratio must be a number between 0 and 1'],
    [{ ...REQUIRED, 'holdout-seed': '' }, '--holdout-seed must not be empty'],
    [{ ...REQUIRED, backend: 'gpu' }, '--backend must be one of auto, tensorflow-gpu'],
    [{ ...REQUIRED, cache: 'c', 'no-cache': true }, '--cache and --no-cache cannot be used'],
  ])('rejects %o', (values, message) => {
    expect(() => parseEvaluateArgs(values)).toThrow(EvaluateUsageError);
    expect(() => parseEvaluateArgs(values)).toThrow(message);
  });
});
