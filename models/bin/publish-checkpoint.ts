/**
 * Publishes a training run's latest generator and discriminator for the game server.
 *
 *   npx tsx models/bin/publish-checkpoint.ts --run-dir DIR [--out DIR] [--quality [--data DIR]]
 *
 * Copies model.json and weights.bin (no optimizer state) with a card.json each to
 * <out>/generator/ and <out>/discriminator/ (default models/checkpoints). With --quality the
 * cards also get the report of `npm run evaluate`, which takes minutes.
 */
import { parseArgs } from 'node:util';

import { selectBackend } from '../src/backend.ts';
import { DEFAULT_CHECKPOINT_ROOT } from '../src/checkpoint.ts';
import { qualityEvaluator } from '../src/quality/runQuality.ts';
import { publishRun } from '../src/train/publish.ts';

const USAGE = `Usage: npx tsx models/bin/publish-checkpoint.ts --run-dir DIR [--out DIR] [--quality]

  --run-dir DIR   training run folder that contains checkpoint/ (required)
  --out DIR       checkpoint root to publish into (default models/checkpoints)
  --quality       measure the models as \`npm run evaluate\` does and add the report to the cards
  --data DIR      face folder for --quality (default: the folder the run trained on)
`;

async function main(): Promise<void> {
  let values: {
    'run-dir'?: string | undefined;
    out?: string | undefined;
    quality?: boolean;
    data?: string | undefined;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        'run-dir': { type: 'string' },
        out: { type: 'string' },
        quality: { type: 'boolean', default: false },
        data: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`publish-checkpoint: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const runDir = values['run-dir'];
  if (runDir === undefined || runDir === '') {
    process.stderr.write(`publish-checkpoint: --run-dir is required\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.data !== undefined && values.quality !== true) {
    process.stderr.write(`publish-checkpoint: --data only applies with --quality\n\n${USAGE}`);
    process.exit(2);
  }
  // The quality measurement runs MobileNetV2 on thousands of faces, which wants wasm's speed.
  await selectBackend(values.quality === true ? 'auto' : 'cpu');
  const evaluate =
    values.quality === true
      ? qualityEvaluator({
          ...(values.data === undefined ? {} : { dataDir: values.data }),
          log: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
        })
      : undefined;
  const published = await publishRun(runDir, values.out ?? DEFAULT_CHECKPOINT_ROOT, evaluate);
  for (const entry of published) {
    process.stdout.write(
      `${entry.kind}: ${entry.dir} (step ${String(entry.card['steps'])}, ` +
        `held-out ${JSON.stringify(entry.card['heldOut'])})\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `publish-checkpoint: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
