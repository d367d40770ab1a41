/**
 * Draws a training run's generator and discriminator losses as a PNG chart.
 *
 *   npx tsx models/bin/plot-losses.ts --run-dir DIR --out FILE.png [--smoothing STEPS]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { parseLossLines, renderLossChartPng } from '../src/report/lossChart.ts';

const USAGE = `Usage: npx tsx models/bin/plot-losses.ts --run-dir DIR --out FILE.png [--smoothing N]

  --run-dir DIR    training run folder that contains losses.jsonl (required)
  --out FILE       PNG file to write (required)
  --smoothing N    steps averaged into each plotted point (default 10)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'run-dir': { type: 'string' },
      out: { type: 'string' },
      smoothing: { type: 'string', default: '10' },
    },
    strict: true,
  });
  const smoothingSteps = Number(values.smoothing);
  if (
    !values['run-dir'] ||
    !values.out ||
    !Number.isInteger(smoothingSteps) ||
    smoothingSteps < 1
  ) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const lossesFile = join(values['run-dir'], 'losses.jsonl');
  const points = parseLossLines(await readFile(lossesFile, 'utf8'));
  await writeFile(values.out, await renderLossChartPng(points, { smoothingSteps }));
  process.stdout.write(`wrote ${values.out} from ${points.length} steps in ${lossesFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`plot-losses: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
