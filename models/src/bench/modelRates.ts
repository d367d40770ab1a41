import * as tf from '@tensorflow/tfjs';

import { buildDiscriminator, IMAGE_CHANNELS, IMAGE_SIZE } from '../discriminator.ts';
import { buildGenerator, LATENT_SIZE } from '../generator.ts';
import type { ModelKind } from '../kind.ts';
import { reinitializeWeights } from '../seed.ts';
import { createDcganOptimizer, trainGanStep, type GanModels } from '../train/ganStep.ts';
import { countModelFlops } from './flops.ts';
import { median } from './stats.ts';

/** How many calls to time: `warmup` untimed, then up to `calls` or until `maxSeconds` pass. */
export interface RepeatPlan {
  warmup: number;
  calls: number;
  /** Timed calls stop once this much time has passed, after at least one. */
  maxSeconds: number;
}

export interface InferenceRate {
  model: ModelKind;
  batchSize: number;
  warmupCalls: number;
  timedCalls: number;
  medianMs: number;
  imagesPerSecond: number;
  /** Counted FLOP of a batch (see countModelFlops) over the median call time. */
  gflops: number;
}

export interface GanStepRate {
  batchSize: number;
  warmupSteps: number;
  timedSteps: number;
  medianStepMs: number;
  stepsPerSecond: number;
  imagesPerSecond: number;
  /** An estimate: see ganStepFlopsPerImage. */
  gflops: number;
}

/** Builds seeded, untrained models on the active backend: the same arithmetic as trained ones. */
export function buildSeededModels(): GanModels {
  const generator = buildGenerator();
  const discriminator = buildDiscriminator();
  reinitializeWeights(generator, 1);
  reinitializeWeights(discriminator, 2);
  return { generator, discriminator };
}

/**
 * Estimates the FLOP that one GAN step spends per image of its batch, with a backward pass
 * costing twice its forward pass (input and weight gradients). The discriminator update runs
 * the generator forward and the discriminator forward and backward on a real and a fake batch:
 * G + 6D. The generator update runs both forward, the generator backward, and only the input
 * gradients of the discriminator: 3G + 2D. So 4G + 8D, a slight overcount, since tfjs skips
 * the input gradient of a model's first layer where no variable lies before it.
 */
export function ganStepFlopsPerImage(models: GanModels): number {
  const generator = countModelFlops(models.generator).flopsPerImage;
  const discriminator = countModelFlops(models.discriminator).flopsPerImage;
  return 4 * generator + 8 * discriminator;
}

/** Times model.predict on a fixed batch, reading the output back as the server does. */
export function measureInference(
  model: tf.LayersModel,
  kind: ModelKind,
  batchSize: number,
  plan: RepeatPlan,
): InferenceRate {
  const input =
    kind === 'generator'
      ? tf.randomNormal([batchSize, LATENT_SIZE], 0, 1, 'float32', 7)
      : tf.randomUniform([batchSize, IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS], -1, 1, 'float32', 7);
  try {
    const call = (): void => {
      tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync());
    };
    const timesMs = timeCalls(call, plan);
    const medianMs = median(timesMs);
    const flopsPerBatch = countModelFlops(model).flopsPerImage * batchSize;
    return {
      model: kind,
      batchSize,
      warmupCalls: plan.warmup,
      timedCalls: timesMs.length,
      medianMs,
      imagesPerSecond: (1000 * batchSize) / medianMs,
      gflops: flopsPerBatch / medianMs / 1e6,
    };
  } finally {
    input.dispose();
  }
}

/**
 * Times trainGanStep (a discriminator update, then a generator update) on fixed random batches,
 * with fresh seeded models and Adam optimizers that it disposes afterwards.
 */
export async function measureGanStep(batchSize: number, plan: RepeatPlan): Promise<GanStepRate> {
  const models = buildSeededModels();
  const optimizers = { generator: createDcganOptimizer(), discriminator: createDcganOptimizer() };
  const real = tf.randomUniform([batchSize, IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS], -1, 1);
  const dLatent = tf.randomNormal([batchSize, LATENT_SIZE], 0, 1, 'float32', 3);
  const gLatent = tf.randomNormal([batchSize, LATENT_SIZE], 0, 1, 'float32', 4);
  try {
    const step = () =>
      trainGanStep(
        models,
        optimizers,
        real as tf.Tensor4D,
        dLatent as tf.Tensor2D,
        gLatent as tf.Tensor2D,
      );
    for (let index = 0; index < plan.warmup; index++) {
      await step();
    }
    const timesMs: number[] = [];
    const deadline = performance.now() + plan.maxSeconds * 1000;
    while (timesMs.length < Math.max(1, plan.calls)) {
      const started = performance.now();
      await step();
      timesMs.push(performance.now() - started);
      if (performance.now() > deadline) {
        break;
      }
    }
    const medianStepMs = median(timesMs);
    return {
      batchSize,
      warmupSteps: plan.warmup,
      timedSteps: timesMs.length,
      medianStepMs,
      stepsPerSecond: 1000 / medianStepMs,
      imagesPerSecond: (1000 * batchSize) / medianStepMs,
      gflops: (ganStepFlopsPerImage(models) * batchSize) / medianStepMs / 1e6,
    };
  } finally {
    tf.dispose([real, dLatent, gLatent]);
    models.generator.dispose();
    models.discriminator.dispose();
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
  }
}

function timeCalls(call: () => void, plan: RepeatPlan): number[] {
  for (let index = 0; index < plan.warmup; index++) {
    call();
  }
  const timesMs: number[] = [];
  const deadline = performance.now() + plan.maxSeconds * 1000;
  while (timesMs.length < Math.max(1, plan.calls)) {
    const started = performance.now();
    call();
    timesMs.push(performance.now() - started);
    if (performance.now() > deadline) {
      break;
    }
  }
  return timesMs;
}
