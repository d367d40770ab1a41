/**
 * Writes untrained, seeded generator and discriminator checkpoints, so the game has models to
 * load before any training has run.
 *
 *   npx tsx models/bin/init-checkpoints.ts [--root DIR] [--seed N] [--force]
 *
 * Leaves existing checkpoints alone unless --force is given, because they may contain trained
 * weights.
 */
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import {
  buildDiscriminator,
  buildGenerator,
  checkpointDir,
  DEFAULT_CHECKPOINT_ROOT,
  MODEL_KINDS,
  reinitializeWeights,
  saveCheckpoint,
  selectBackend,
  type ModelKind,
} from '../src/index.ts';

const USAGE = `Usage: init-checkpoints [--root DIR] [--seed N] [--force]

  --root DIR  directory that receives generator/ and discriminator/
              (default: ${DEFAULT_CHECKPOINT_ROOT})
  --seed N    integer seed of the initial weights (default: 0)
  --force     overwrite existing checkpoints
`;

// Weight i of a model is drawn with seed + i, so the offset keeps the two models' seeds apart.
const DISCRIMINATOR_SEED_OFFSET = 1000;

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return true;
    }
    throw error;
  }
}

function build(kind: ModelKind, seed: number) {
  if (kind === 'generator') {
    const model = buildGenerator();
    reinitializeWeights(model, seed);
    return model;
  }
  const model = buildDiscriminator();
  reinitializeWeights(model, seed + DISCRIMINATOR_SEED_OFFSET);
  return model;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      seed: { type: 'string', default: '0' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) {
    process.stderr.write(`Invalid --seed ${JSON.stringify(values.seed)}: expected an integer\n`);
    return 2;
  }
  const root = resolve(values.root ?? DEFAULT_CHECKPOINT_ROOT);

  const occupied: string[] = [];
  for (const kind of MODEL_KINDS) {
    if (!(await isEmptyOrAbsent(checkpointDir(kind, root)))) {
      occupied.push(checkpointDir(kind, root));
    }
  }
  if (occupied.length > 0 && !values.force) {
    process.stderr.write(
      `Not overwriting existing checkpoints in ${occupied.join(' and ')}. ` +
        'Pass --force to replace them with untrained weights.\n',
    );
    return 1;
  }

  await selectBackend('wasm');
  for (const kind of MODEL_KINDS) {
    const model = build(kind, seed);
    const dir = checkpointDir(kind, root);
    const card = await saveCheckpoint(model, dir, {
      kind,
      trained: false,
      seed,
      parameters: model.countParams(),
    });
    model.dispose();
    console.log(`${kind}: ${dir} version ${card.version}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isUsage = error instanceof TypeError && 'code' in error;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (isUsage) {
      process.stderr.write(USAGE);
    }
    process.exitCode = isUsage ? 2 : 1;
  },
);
