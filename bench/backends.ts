import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { BackendError, selectBackend, type ActiveBackend } from '../models/src/backend.ts';
import {
  buildSeededModels,
  measureGanStep,
  measureInference,
  type GanStepRate,
  type InferenceRate,
} from '../models/src/bench/modelRates.ts';
import type { PeakEstimate } from '../models/src/bench/peak.ts';
import { registerWasmTrainingKernels } from '../models/src/kernels/index.ts';
import type { BenchPlan } from './plan.ts';

export const INFERENCE_BATCH_SIZES = [1, 16] as const;
export const TRAINING_BATCH_SIZE = 32;

/** The throughput that a backend's GFLOP/s are compared with. */
export type CeilingName = 'wasmSimdCore' | 'scalarCore' | 'machine';

export interface InferenceResult extends InferenceRate {
  /** gflops over the backend's ceilingGflops; null where the ceiling is unknown. */
  fractionOfCeiling: number | null;
}

export type TrainingResult = {
  status: 'measured' | 'skipped' | 'unavailable' | 'failed';
  reason: string | null;
} & { [K in keyof GanStepRate]: GanStepRate[K] | null } & { fractionOfCeiling: number | null };

export interface BackendResult {
  backend: ActiveBackend;
  status: 'measured' | 'unavailable' | 'failed';
  reason: string | null;
  /** Whether wasm runs SIMD128 code; null for the other backends. */
  simd: boolean | null;
  /** Threads of the wasm backend; null for the other backends. */
  threads: number | null;
  ceiling: CeilingName | null;
  ceilingGflops: number | null;
  inference: InferenceResult[];
  training: TrainingResult;
}

const CPU_TRAINING_REASON =
  "the cpu backend's plain JavaScript kernels need minutes for a batch-32 GAN step";

/** Measures inference and, except on cpu, a training step on each backend that loads. */
export async function benchBackends(
  backends: readonly ActiveBackend[],
  plan: BenchPlan,
  peak: PeakEstimate,
  progress: (message: string) => void,
): Promise<BackendResult[]> {
  const results: BackendResult[] = [];
  for (const backend of backends) {
    results.push(await benchBackend(backend, plan, peak, progress));
  }
  return results;
}

async function benchBackend(
  backend: ActiveBackend,
  plan: BenchPlan,
  peak: PeakEstimate,
  progress: (message: string) => void,
): Promise<BackendResult> {
  const result: BackendResult = {
    backend,
    status: 'measured',
    reason: null,
    simd: null,
    threads: null,
    ceiling: null,
    ceilingGflops: null,
    inference: [],
    training: emptyTraining('unavailable', null),
  };
  try {
    await selectBackend(backend);
  } catch (error) {
    if (!(error instanceof BackendError)) {
      throw error;
    }
    // The first sentence names the missing package; the install steps are in the README.
    const reason = /^.*?\.(?=\s|$)/s.exec(error.message)?.[0] ?? error.message;
    return {
      ...result,
      status: 'unavailable',
      reason,
      training: emptyTraining('unavailable', reason),
    };
  }
  if (backend === 'wasm') {
    registerWasmTrainingKernels();
    result.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') as boolean;
    result.threads = getThreadsCount();
  }
  const ceiling = chooseCeiling(backend, result.simd, peak);
  result.ceiling = ceiling?.name ?? null;
  result.ceilingGflops = ceiling?.gflops ?? null;

  progress(`${backend}: inference`);
  const models = buildSeededModels();
  try {
    const inferencePlan = backend === 'cpu' ? plan.cpuInference : plan.inference;
    for (const kind of ['generator', 'discriminator'] as const) {
      for (const batchSize of INFERENCE_BATCH_SIZES) {
        const rate = measureInference(models[kind], kind, batchSize, inferencePlan);
        result.inference.push({ ...rate, fractionOfCeiling: fraction(rate.gflops, ceiling) });
      }
    }
  } catch (error) {
    const reason = `inference failed: ${describe(error)}`;
    return { ...result, status: 'failed', reason, training: emptyTraining('failed', reason) };
  } finally {
    models.generator.dispose();
    models.discriminator.dispose();
  }

  if (backend === 'cpu') {
    result.training = emptyTraining('skipped', CPU_TRAINING_REASON);
    return result;
  }
  progress(`${backend}: GAN step at batch ${TRAINING_BATCH_SIZE}`);
  try {
    const rate = await measureGanStep(TRAINING_BATCH_SIZE, plan.ganStep);
    result.training = {
      status: 'measured',
      reason: null,
      ...rate,
      fractionOfCeiling: fraction(rate.gflops, ceiling),
    };
  } catch (error) {
    result.training = emptyTraining('failed', `training step failed: ${describe(error)}`);
  }
  return result;
}

/**
 * Picks the peak that a backend's GFLOP/s are compared with. tfjs 4.22 runs wasm on one thread
 * in Node.js, so its ceiling is one core at SIMD128 width. The cpu backend runs scalar
 * JavaScript on one core, and the native tensorflow backend may use every core. A GPU has none.
 */
function chooseCeiling(
  backend: ActiveBackend,
  simd: boolean | null,
  peak: PeakEstimate,
): { name: CeilingName; gflops: number } | null {
  switch (backend) {
    case 'wasm':
      return simd === true
        ? { name: 'wasmSimdCore', gflops: peak.wasmSimdCoreGflops }
        : { name: 'scalarCore', gflops: peak.scalarCoreGflops };
    case 'cpu':
      return { name: 'scalarCore', gflops: peak.scalarCoreGflops };
    case 'tensorflow':
      return { name: 'machine', gflops: peak.machineGflops };
    case 'tensorflow-gpu':
      return null;
  }
}

function fraction(gflops: number, ceiling: { gflops: number } | null): number | null {
  return ceiling === null || ceiling.gflops <= 0 ? null : gflops / ceiling.gflops;
}

function emptyTraining(status: TrainingResult['status'], reason: string | null): TrainingResult {
  return {
    status,
    reason,
    batchSize: TRAINING_BATCH_SIZE,
    warmupSteps: null,
    timedSteps: null,
    medianStepMs: null,
    stepsPerSecond: null,
    imagesPerSecond: null,
    gflops: null,
    fractionOfCeiling: null,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
