/**
 * Benchmarks the models on every TensorFlow.js backend that loads, and the serving thread with
 * and without a training run. Prints tables, or one JSON object with --json; the fields and the
 * method are in docs/BENCHMARKS.md.
 *
 *   npm run -s bench -- [--json] [--quick] [--backends LIST] [--no-serving]
 */
import { selectBackend } from '../models/src/backend.ts';
import { countModelFlops } from '../models/src/bench/flops.ts';
import { buildSeededModels, ganStepFlopsPerImage } from '../models/src/bench/modelRates.ts';
import { readPeakEstimate } from '../models/src/bench/peak.ts';
import { loadConfig } from '../server/src/config.ts';
import { createLogger } from '../server/src/logger.ts';
import { BENCH_USAGE, parseBenchArgs, UsageError, type BenchArgs } from './args.ts';
import { benchBackends } from './backends.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { FULL_PLAN, QUICK_PLAN } from './plan.ts';
import { REPORT_SCHEMA_VERSION, type BenchReport, type FlopSummary } from './report.ts';
import { benchServing, servingNotMeasured, type ServingResult } from './servingBench.ts';
import { formatReport } from './table.ts';
import { evaluateTargets } from './targets.ts';
import { createScratchDir, removeScratchDir } from './trainingLoad.ts';

async function run(args: BenchArgs): Promise<BenchReport> {
  const startedAt = new Date();
  const started = performance.now();
  const config = loadConfig(process.env);
  // Warnings and errors of the fake pool and face source go to standard error, never stdout.
  const logger = createLogger('warn', { destination: process.stderr });
  const plan = args.quick ? QUICK_PLAN : FULL_PLAN;
  const peak = await readPeakEstimate();
  const machine = describeMachine(peak);
  const backends = await benchBackends(args.backends, plan, peak, progress);

  const selectedBackend = await selectBackend(config.tfBackend).catch((error: unknown) => {
    progress(
      `TF_BACKEND=${config.tfBackend} failed to load, so no target is checked: ${describe(error)}`,
    );
    return null;
  });
  const flops = summarizeFlops();
  let serving: ServingResult;
  if (!args.serving) {
    serving = servingNotMeasured('skipped', '--no-serving was passed', config, plan);
  } else {
    const scratchDir = await createScratchDir();
    try {
      serving = await benchServing(config, plan, scratchDir, logger, progress);
    } catch (error) {
      progress(`serving measurement failed: ${describe(error)}`);
      serving = servingNotMeasured('failed', describe(error), config, plan);
    } finally {
      await removeScratchDir(scratchDir);
    }
  }
  machine.loadAverageEnd = loadAverage();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    startedAt: startedAt.toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    quick: args.quick,
    machine,
    peak,
    flops,
    selectedBackend,
    backends,
    serving,
    targets: evaluateTargets(selectedBackend, backends, serving),
  };
}

function summarizeFlops(): FlopSummary {
  const models = buildSeededModels();
  try {
    return {
      counted: 'multiply-adds of Dense, Conv2D and Conv2DTranspose layers, 1 MAC = 2 FLOP',
      generator: countModelFlops(models.generator),
      discriminator: countModelFlops(models.discriminator),
      ganStepFlopsPerImage: ganStepFlopsPerImage(models),
    };
  } finally {
    models.generator.dispose();
    models.discriminator.dispose();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const processStarted = performance.now();

/** Reports progress on standard error, which --json leaves free for the log. */
function progress(message: string): void {
  const seconds = ((performance.now() - processStarted) / 1000).toFixed(1);
  process.stderr.write(`bench: ${seconds} s: ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(BENCH_USAGE);
    return;
  }
  const report = await run(args);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n\n${BENCH_USAGE}`);
    process.exit(2);
  }
  // Typed errors such as ConfigError carry a code and a message that names the fix.
  const typed = error instanceof Error && 'code' in error;
  const text = error instanceof Error && !typed ? (error.stack ?? error.message) : describe(error);
  process.stderr.write(`bench: ${text}\n`);
  process.exit(1);
});
