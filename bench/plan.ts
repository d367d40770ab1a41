import type { RepeatPlan } from '../models/src/bench/modelRates.ts';

/** Call counts and time limits of one run; `--quick` picks the small one. */
export interface BenchPlan {
  /** Inference on the fast backends (wasm, tensorflow, tensorflow-gpu). */
  inference: RepeatPlan;
  /** Inference on the cpu backend, whose JavaScript kernels are far slower than wasm. */
  cpuInference: RepeatPlan;
  ganStep: RepeatPlan;
  /** Discriminator batch-1 calls on the serving thread, per condition. */
  servingScoreCalls: number;
  /** Fake-pool takes and round preparations, each per condition. */
  servingArrivals: number;
  /** Mean gap between two arrivals (exponentially distributed), ms. */
  arrivalMeanMs: number;
  /** Faces the background training worker trains on. */
  trainingFaces: number;
}

export const FULL_PLAN: BenchPlan = {
  inference: { warmup: 3, calls: 20, maxSeconds: 4 },
  cpuInference: { warmup: 1, calls: 3, maxSeconds: 4 },
  ganStep: { warmup: 1, calls: 5, maxSeconds: 20 },
  servingScoreCalls: 300,
  servingArrivals: 300,
  arrivalMeanMs: 50,
  trainingFaces: 640,
};

export const QUICK_PLAN: BenchPlan = {
  inference: { warmup: 1, calls: 3, maxSeconds: 1 },
  cpuInference: { warmup: 0, calls: 1, maxSeconds: 1 },
  ganStep: { warmup: 0, calls: 1, maxSeconds: 5 },
  servingScoreCalls: 30,
  servingArrivals: 25,
  arrivalMeanMs: 50,
  trainingFaces: 96,
};
