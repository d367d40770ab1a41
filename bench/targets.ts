import type { BackendResult } from './backends.ts';
import type { ServingResult } from './servingBench.ts';

/** One goal of the project, checked against this run. */
export interface TargetResult {
  id: string;
  description: string;
  /** Backend whose numbers were checked: the one TF_BACKEND selects. */
  backend: string | null;
  unit: string;
  comparison: '>=' | '<=' | '<';
  target: number;
  measured: number | null;
  /** measured / target: a minimum passes at 1 or more, a maximum at 1 or less. */
  ratio: number | null;
  /** Null when the measurement did not run. */
  pass: boolean | null;
}

interface TargetSpec {
  id: string;
  description: string;
  unit: string;
  comparison: TargetResult['comparison'];
  target: number;
}

const TARGETS = {
  discriminatorGflops: {
    id: 'discriminatorGflopsBatch16',
    description: 'discriminator inference at batch 16',
    unit: 'GFLOP/s',
    comparison: '>=',
    target: 25,
  },
  generatorGflops: {
    id: 'generatorGflopsBatch16',
    description: 'generator inference at batch 16',
    unit: 'GFLOP/s',
    comparison: '>=',
    target: 25,
  },
  ganStep: {
    id: 'ganStepImagesPerSecond',
    description: 'GAN step (D and G update) at batch 32',
    unit: 'images/s',
    comparison: '>=',
    target: 10,
  },
  slowdown: {
    id: 'discriminatorBatch1SlowdownWithTraining',
    description: 'discriminator batch-1 p50, training over idle',
    unit: 'x',
    comparison: '<=',
    target: 1.2,
  },
  nextFake: {
    id: 'nextFakeImageP99WithTraining',
    description: 'next fake image p99 while training',
    unit: 'ms',
    comparison: '<',
    target: 50,
  },
} as const satisfies Record<string, TargetSpec>;

/** Checks the targets on `backend`, the one the server would run (TF_BACKEND). */
export function evaluateTargets(
  backend: string | null,
  backends: readonly BackendResult[],
  serving: ServingResult,
): TargetResult[] {
  const measured = backends.find((result) => result.backend === backend);
  const inferenceGflops = (model: 'generator' | 'discriminator'): number | null =>
    measured?.inference.find((rate) => rate.model === model && rate.batchSize === 16)?.gflops ??
    null;
  return [
    check(TARGETS.discriminatorGflops, backend, inferenceGflops('discriminator')),
    check(TARGETS.generatorGflops, backend, inferenceGflops('generator')),
    check(TARGETS.ganStep, backend, measured?.training.imagesPerSecond ?? null),
    check(TARGETS.slowdown, serving.backend, serving.ratios?.discriminatorBatch1P50 ?? null),
    check(TARGETS.nextFake, serving.backend, serving.training?.nextFakeImage.p99Ms ?? null),
  ];
}

function check(spec: TargetSpec, backend: string | null, measured: number | null): TargetResult {
  const known = measured !== null && Number.isFinite(measured);
  let pass: boolean | null = null;
  if (known) {
    pass =
      spec.comparison === '>='
        ? measured >= spec.target
        : spec.comparison === '<='
          ? measured <= spec.target
          : measured < spec.target;
  }
  return {
    ...spec,
    backend,
    measured: known ? measured : null,
    ratio: known ? measured / spec.target : null,
    pass,
  };
}
