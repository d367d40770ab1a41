/**
 * Publishes a training run's latest generator and discriminator for the game server.
 *
 *   npx tsx models/bin/publish-checkpoint.ts --run-dir DIR [--out DIR]
 *
 * Copies model.json and weights.bin (no optimizer state) with a card.json each to
 * <out>/generator/ and <out>/discriminator/ (default models/checkpoints).
 */
import { parseArgs } from 'node:util';

import { selectBackend } from '../src/backend.ts';
import { DEFAULT_CHECKPOINT_ROOT } from '../src/checkpoint.ts';
import { publishRun } from '../src/train/publish.ts';

const USAGE = `Usage: npx tsx models/bin/publish-checkpoint.ts --run-dir DIR [--out DIR]

  --run-dir DIR   training run folder that contains checkpoint/ (required)
  --out DIR       checkpoint root to publish into (default models/checkpoints)
`;

async function main(): Promise<void> {
  let values: { 'run-dir'?: string | undefined; out?: string | undefined; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'run-dir': { type: 'string' },
        out: { type: 'string' },
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
  await selectBackend('cpu');
  const published = await publishRun(runDir, values.out ?? DEFAULT_CHECKPOINT_ROOT);
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
