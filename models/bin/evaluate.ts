/**
 * Measures a generator and a discriminator checkpoint on the held-out real faces.
 *
 *   npm run evaluate -- --generator DIR --discriminator DIR [--data DIR] [--json]
 *
 * Prints the discriminator's accuracy on held-out faces and fresh fakes, the Fréchet distance
 * between features of fakes and of held-out faces, and a nearest-neighbour copy check of fakes
 * against the training faces. Progress goes to standard error.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { selectBackend } from '../src/backend.ts';
import { loadCheckpoint, type LoadedCheckpoint } from '../src/checkpoint.ts';
import {
  EVALUATE_USAGE,
  EvaluateUsageError,
  parseEvaluateArgs,
} from '../src/quality/evaluateArgs.ts';
import { formatQualityReport, type EvaluatedCheckpoint } from '../src/quality/formatReport.ts';
import { measureCheckpointQuality } from '../src/quality/runQuality.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA_DIR_CANDIDATES = ['data/faces', '../shared/datasets/anime-faces/images'];

function parseCommandLine(): ReturnType<typeof parseEvaluateArgs> | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        generator: { type: 'string' },
        discriminator: { type: 'string' },
        data: { type: 'string' },
        seed: { type: 'string' },
        fakes: { type: 'string' },
        'copy-check': { type: 'string' },
        'holdout-seed': { type: 'string' },
        'holdout-ratio': { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new EvaluateUsageError((error as Error).message);
  }
  return values.help === true ? 'help' : parseEvaluateArgs(values);
}

/** The face folder: the command line's, else the one the generator trained on, else defaults. */
function chooseDataDir(requested: string | null, generatorCard: Record<string, unknown>): string {
  if (requested !== null) {
    return requested;
  }
  const trainedOn = generatorCard['dataDir'];
  const candidates = [
    ...(typeof trainedOn === 'string' ? [trainedOn] : []),
    ...DATA_DIR_CANDIDATES.map((dir) => resolve(REPO_ROOT, dir)),
  ];
  const found = candidates.find((dir) => existsSync(dir) && statSync(dir).isDirectory());
  return found ?? resolve(REPO_ROOT, 'data/faces');
}

function describe(dir: string, loaded: LoadedCheckpoint): EvaluatedCheckpoint {
  const { card } = loaded;
  const number = (...keys: string[]) => {
    const value = keys.map((key) => card[key]).find((entry) => typeof entry === 'number');
    return typeof value === 'number' ? value : null;
  };
  return {
    dir,
    version: card.version,
    step: number('step', 'steps'),
    epoch: number('epoch', 'epochs'),
  };
}

async function main(): Promise<void> {
  const args = parseCommandLine();
  if (args === 'help') {
    process.stdout.write(EVALUATE_USAGE);
    return;
  }
  const log = (message: string, fields: Record<string, unknown>) =>
    process.stderr.write(`${message} ${JSON.stringify(fields)}\n`);
  await selectBackend(args.backend, log);

  const generator = await loadCheckpoint(args.generatorDir, 'generator');
  let discriminator: LoadedCheckpoint;
  try {
    discriminator = await loadCheckpoint(args.discriminatorDir, 'discriminator');
  } catch (error) {
    generator.model.dispose();
    throw error;
  }
  try {
    const report = await measureCheckpointQuality(
      { generator: generator.model, discriminator: discriminator.model },
      { ...args.quality, dataDir: chooseDataDir(args.dataDir, generator.card), log },
    );
    const checkpoints = {
      generator: describe(args.generatorDir, generator),
      discriminator: describe(args.discriminatorDir, discriminator),
    };
    process.stdout.write(
      args.json
        ? `${JSON.stringify({ checkpoints, ...report }, null, 2)}\n`
        : formatQualityReport(checkpoints, report),
    );
  } finally {
    generator.model.dispose();
    discriminator.model.dispose();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EvaluateUsageError) {
    process.stderr.write(`evaluate: ${message}\n\n${EVALUATE_USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`evaluate: ${message}\n`);
  process.exit(1);
});
