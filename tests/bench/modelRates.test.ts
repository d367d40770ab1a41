import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import {
  buildSeededModels,
  ganStepFlopsPerImage,
  measureGanStep,
  measureInference,
} from '../../models/src/bench/modelRates.ts';
import type { GanModels } from '../../models/src/train/ganStep.ts';
import { registerWasmTrainingKernels } from '../../models/src/kernels/index.ts';

let models: GanModels;

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
  models = buildSeededModels();
});

afterAll(() => {
  models.generator.dispose();
  models.discriminator.dispose();
});

describe('measureInference', () => {
  it('times the requested calls', () => {
    const rate = measureInference(models.discriminator, 'discriminator', 2, {
      warmup: 1,
      calls: 3,
      maxSeconds: 60,
    });

    expect(rate.timedCalls).toBe(3);
    expect(rate.imagesPerSecond).toBeCloseTo((1000 * 2) / rate.medianMs);
  });

  it('derives GFLOP/s from the counted FLOP', () => {
    const rate = measureInference(models.generator, 'generator', 1, {
      warmup: 0,
      calls: 1,
      maxSeconds: 60,
    });

    expect(rate.gflops).toBeCloseTo(121_143_296 / rate.medianMs / 1e6);
  });

  it('stops at the time limit after one call', () => {
    const rate = measureInference(models.generator, 'generator', 1, {
      warmup: 0,
      calls: 1000,
      maxSeconds: 0,
    });

    expect(rate.timedCalls).toBe(1);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;

    measureInference(models.generator, 'generator', 1, { warmup: 1, calls: 1, maxSeconds: 60 });

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('measureGanStep', () => {
  it('times steps and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;

    const rate = await measureGanStep(2, { warmup: 0, calls: 1, maxSeconds: 60 });

    expect(rate.timedSteps).toBe(1);
    expect(rate.imagesPerSecond).toBeCloseTo(2 * rate.stepsPerSecond);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ganStepFlopsPerImage', () => {
  it('counts 4 generator and 8 discriminator passes', () => {
    expect(ganStepFlopsPerImage(models)).toBe(4 * 121_143_296 + 8 * 106_971_136);
  });
});
