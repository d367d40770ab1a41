import type { BackendName } from '../backend.ts';
import { DEFAULT_QUALITY_OPTIONS, type CheckpointQualityOptions } from './runQuality.ts';

export const EVALUATE_USAGE = `Usage: npm run evaluate -- --generator DIR --discriminator DIR [options]

  --generator DIR       generator checkpoint folder (model.json, weights.bin, card.json)
  --discriminator DIR   discriminator checkpoint folder
  --data DIR            face folder; default: the dataDir in the generator's card, else
                        data/faces, else ../shared/datasets/anime-faces/images
  --seed N              seed of the fakes' latent vectors (default 0)
  --fakes N             fakes for the Fréchet distance (default: one per held-out face)
  --copy-check N        fakes searched for near copies of training faces (default 256)
  --holdout-seed S      seed of the held-out split (default real-or-fake)
  --holdout-ratio R     share of faces held out, 0 to 1 (default 0.1)
  --cache DIR           folder for training-face features (default node_modules/.cache)
  --no-cache            compute training-face features without reading or writing a cache
  --backend NAME        auto, tensorflow-gpu, tensorflow, wasm or cpu (default auto)
  --json                print one JSON object instead of a summary. Run it as
                        \`npm run -s evaluate\` to keep npm's banner out of standard output
  --help                print this help
`;

export class EvaluateUsageError extends Error {
  override readonly name = 'EvaluateUsageError';
  readonly code = 'usage';
}

export interface RawEvaluateArgs {
  generator?: string | undefined;
  discriminator?: string | undefined;
  data?: string | undefined;
  seed?: string | undefined;
  fakes?: string | undefined;
  'copy-check'?: string | undefined;
  'holdout-seed'?: string | undefined;
  'holdout-ratio'?: string | undefined;
  cache?: string | undefined;
  'no-cache'?: boolean | undefined;
  backend?: string | undefined;
  json?: boolean | undefined;
}

export interface EvaluateArgs {
  generatorDir: string;
  discriminatorDir: string;
  /** Null when the command line names no folder, so the default applies. */
  dataDir: string | null;
  quality: Omit<CheckpointQualityOptions, 'dataDir' | 'log'>;
  backend: BackendName;
  json: boolean;
}

const BACKENDS: readonly BackendName[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** Validates command-line values and fills in defaults. */
export function parseEvaluateArgs(values: RawEvaluateArgs): EvaluateArgs {
  const generatorDir = requiredFolder('generator', values.generator);
  const discriminatorDir = requiredFolder('discriminator', values.discriminator);
  if (values.cache !== undefined && values['no-cache'] === true) {
    throw new EvaluateUsageError('--cache and --no-cache cannot be used together');
  }
  const backend = values.backend ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new EvaluateUsageError(
      `--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`,
    );
  }
  const holdoutSeed = values['holdout-seed'] ?? DEFAULT_QUALITY_OPTIONS.holdoutSeed;
  if (holdoutSeed === '') {
    throw new EvaluateUsageError('--holdout-seed must not be empty');
  }
  const fakes = values.fakes === undefined ? undefined : integer('fakes', values.fakes, 2);
  return {
    generatorDir,
    discriminatorDir,
    dataDir: values.data === undefined ? null : requiredFolder('data', values.data),
    quality: {
      seed:
        values.seed === undefined ? DEFAULT_QUALITY_OPTIONS.seed : integer('seed', values.seed, 0),
      ...(fakes === undefined ? {} : { fakes }),
      copyCheckFakes:
        values['copy-check'] === undefined
          ? DEFAULT_QUALITY_OPTIONS.copyCheckFakes
          : integer('copy-check', values['copy-check'], 1),
      cacheDir:
        values['no-cache'] === true ? null : (values.cache ?? DEFAULT_QUALITY_OPTIONS.cacheDir),
      holdoutSeed,
      holdoutRatio: ratio(values['holdout-ratio']),
    },
    backend: backend as BackendName,
    json: values.json ?? false,
  };
}

function requiredFolder(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new EvaluateUsageError(`--${name} is required: a folder path`);
  }
  return value;
}

function integer(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) {
    throw new EvaluateUsageError(
      `--${name} must be an integer of at least ${minimum}, got '${text}'`,
    );
  }
  return value;
}

function ratio(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_QUALITY_OPTIONS.holdoutRatio;
  }
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value < 1)) {
    throw new EvaluateUsageError(`--holdout-ratio must be a number between 0 and 1, got '${text}'`);
  }
  return value;
}
