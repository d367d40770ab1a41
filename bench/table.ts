import type { BenchReport } from './report.ts';

/** Formats a report as plain-text tables for a terminal. */
export function formatReport(report: BenchReport): string {
  const { machine, peak, flops } = report;
  const lines: string[] = [];
  const run = report.quick ? 'quick run, rough numbers' : 'full run';
  lines.push(
    `Real or Fake benchmark, ${report.startedAt} (${run}, ${fixed(report.durationSeconds, 0)} s)`,
  );
  lines.push(
    `machine: ${machine.cpuModel}, ${machine.physicalCores} cores ` +
      `(${machine.logicalCpus} logical), ` +
      `${machine.memoryGib} GiB, ${machine.platform}, node ${machine.nodeVersion}, ` +
      `tfjs ${machine.tfjsVersion}`,
  );
  lines.push(
    `load average (1, 5, 15 min): start ${machine.loadAverageStart.join(' ')}, ` +
      `end ${machine.loadAverageEnd.join(' ')}`,
  );
  lines.push(`fp32 peak: ${peak.method} = ${fixed(peak.machineGflops, 1)} GFLOP/s`);
  lines.push(
    `  per core ${fixed(peak.coreGflops, 1)}; clock from ${peak.clockSource}, cores from ` +
      `${peak.coresSource}`,
  );
  lines.push(
    `  wasm SIMD128 ceiling per core: 4 lanes x 2 FLOP x ${peak.fmaUnits} FMA x ` +
      `${fixed(peak.clockGhz, 3)} GHz = ${fixed(peak.wasmSimdCoreGflops, 1)} GFLOP/s`,
    `  scalar ceiling per core: ${fixed(peak.scalarCoreGflops, 1)} GFLOP/s`,
  );
  lines.push(
    `FLOP per image (${flops.counted}):`,
    `  generator ${mega(flops.generator.flopsPerImage)}, discriminator ` +
      `${mega(flops.discriminator.flopsPerImage)}, GAN step ` +
      `${mega(flops.ganStepFlopsPerImage)} (estimate)`,
  );

  lines.push('', 'Inference (model.predict and read back, median of timed calls)');
  const inferenceRows = [
    ['backend', 'model', 'batch', 'calls', 'median ms', 'images/s', 'GFLOP/s', 'of ceiling'],
  ];
  const trainingRows = [
    ['backend', 'batch', 'steps', 'ms/step', 'steps/s', 'images/s', 'GFLOP/s est.', 'of ceiling'],
  ];
  for (const backend of report.backends) {
    if (backend.status !== 'measured') {
      inferenceRows.push([`${backend.backend}: ${backend.status}`], [`  ${backend.reason ?? ''}`]);
    }
    for (const rate of backend.inference) {
      inferenceRows.push([
        backend.backend,
        rate.model,
        String(rate.batchSize),
        String(rate.timedCalls),
        fixed(rate.medianMs, 1),
        fixed(rate.imagesPerSecond, 1),
        fixed(rate.gflops, 1),
        percent(rate.fractionOfCeiling),
      ]);
    }
    const training = backend.training;
    if (training.status === 'measured') {
      trainingRows.push([
        backend.backend,
        String(training.batchSize),
        String(training.timedSteps),
        fixed(training.medianStepMs, 0),
        fixed(training.stepsPerSecond, 2),
        fixed(training.imagesPerSecond, 1),
        fixed(training.gflops, 1),
        percent(training.fractionOfCeiling),
      ]);
    } else if (backend.status === 'measured') {
      trainingRows.push([`${backend.backend}: ${training.status}`], [`  ${training.reason ?? ''}`]);
    }
  }
  lines.push(...table(inferenceRows));
  lines.push('', 'Training (trainGanStep: discriminator update, then generator update)');
  lines.push(...table(trainingRows));

  lines.push('', ...formatServing(report));
  lines.push('', 'Targets (ratio = measured / target)');
  const targetRows = [['target', 'backend', 'goal', 'measured', 'ratio', 'result']];
  for (const target of report.targets) {
    targetRows.push([
      target.description,
      target.backend ?? '-',
      `${target.comparison} ${target.target} ${target.unit}`,
      target.measured === null ? '-' : fixed(target.measured, 2),
      target.ratio === null ? '-' : fixed(target.ratio, 2),
      verdict(target.pass),
    ]);
  }
  lines.push(...table(targetRows));
  return `${lines.join('\n')}\n`;
}

function formatServing(report: BenchReport): string[] {
  const serving = report.serving;
  const title =
    `Serving thread (${serving.backend ?? '-'}, fake pool of ${serving.poolCapacity}, ` +
    `FAKE_RATIO ${serving.fakeRatio}, arrivals every ${serving.arrivalMeanMs} ms on average)`;
  if (serving.idle === null || serving.training === null || serving.ratios === null) {
    return [title, `  ${serving.status}: ${serving.reason ?? ''}`];
  }
  const { idle, training, ratios } = serving;
  const measures = [
    ['discriminator batch 1', 'discriminatorBatch1'],
    ['next fake image', 'nextFakeImage'],
    ['FakePool.take() call', 'takeCall'],
    ['round face prepared', 'roundPrepare'],
  ] as const;
  const rows = [
    [
      'latency, ms',
      'samples',
      'idle p50',
      'idle p99',
      'train p50',
      'train p99',
      'ratio p50',
      'ratio p99',
    ],
    ...measures.map(([label, key]) => [
      label,
      String(idle[key].samples),
      fixed(idle[key].p50Ms, 2),
      fixed(idle[key].p99Ms, 2),
      fixed(training[key].p50Ms, 2),
      fixed(training[key].p99Ms, 2),
      fixed(ratios[`${key}P50`], 2),
      fixed(ratios[`${key}P99`], 2),
    ]),
  ];
  return [
    title,
    ...table(rows),
    `  discriminator batch 1, thread CPU time per call: idle ` +
      `${fixed(idle.discriminatorBatch1Cpu.meanMs, 2)} ms, training ` +
      `${fixed(training.discriminatorBatch1Cpu.meanMs, 2)} ms, ratio ` +
      `${fixed(ratios.discriminatorBatch1CpuMean, 2)}`,
    `  share of wall time the serving thread ran on a core: idle ` +
      `${percent(idle.discriminatorBatch1Cpu.share)}, training ` +
      `${percent(training.discriminatorBatch1Cpu.share)}`,
    `  training worker: ${serving.trainingSteps} steps at batch 32 during the measurement, ` +
      `on ${serving.faceCount} ${serving.faceSource} faces`,
    `  takes that found the pool empty: idle ${idle.nextFakeImage.emptyPoolTakes}, ` +
      `training ${training.nextFakeImage.emptyPoolTakes}`,
  ];
}

/** Left-aligns the first column and right-aligns the others; short rows span the line. */
function table(rows: readonly string[][]): string[] {
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(
      ...rows.filter((row) => row.length === columns).map((row) => (row[column] ?? '').length),
    ),
  );
  return rows.map((row) => {
    if (row.length < columns) {
      return `  ${row.join('  ')}`;
    }
    const cells = row.map((cell, column) =>
      column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
    );
    return `  ${cells.join('  ')}`;
  });
}

function verdict(pass: boolean | null): string {
  if (pass === null) {
    return 'not measured';
  }
  return pass ? 'pass' : 'FAIL';
}

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

function percent(value: number | null): string {
  return value === null ? '-' : `${(100 * value).toFixed(0)}%`;
}

function mega(flops: number): string {
  return `${(flops / 1e6).toFixed(1)} MFLOP`;
}
