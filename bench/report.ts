import type { ModelFlops } from '../models/src/bench/flops.ts';
import type { PeakEstimate } from '../models/src/bench/peak.ts';
import type { BackendResult } from './backends.ts';
import type { MachineInfo } from './machine.ts';
import type { ServingResult } from './servingBench.ts';
import type { TargetResult } from './targets.ts';

/** Version of the JSON layout; raised when a field is renamed, removed or changes meaning. */
export const REPORT_SCHEMA_VERSION = 1;

export interface FlopSummary {
  counted: string;
  generator: ModelFlops;
  discriminator: ModelFlops;
  /** Estimated FLOP of one GAN step per image of its batch (ganStepFlopsPerImage). */
  ganStepFlopsPerImage: number;
}

/** Everything `npm run bench -- --json` prints, documented field by field in BENCHMARKS.md. */
export interface BenchReport {
  schemaVersion: number;
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: MachineInfo;
  peak: PeakEstimate;
  flops: FlopSummary;
  /** Backend that TF_BACKEND selects, whose numbers the targets check. */
  selectedBackend: string | null;
  backends: BackendResult[];
  serving: ServingResult;
  targets: TargetResult[];
}
