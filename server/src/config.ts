import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '@real-or-fake/models';
import { z } from 'zod';
import { ServerError } from './errors.ts';
import { MAX_PLAYERS_PER_ROOM } from './rooms/capacity.ts';

/** Root of the repository, derived from this file's location so any working directory works. */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const TF_BACKENDS = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
] as const satisfies readonly BackendName[];
export type TfBackend = (typeof TF_BACKENDS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Server settings read from environment variables. Every path is absolute. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  facesDir: string;
  checkpointDir: string;
  tfBackend: TfBackend;
  votingMs: number;
  revealMs: number;
  fakeRatio: number;
  fakePoolSize: number;
  jpegQuality: number;
  holdoutSeed: string;
  logLevel: LogLevel;
  logPretty: boolean;
  minPlayers: number;
}

/** One environment variable as the README documents it. */
export interface SettingDescription {
  name: string;
  defaultValue: string;
  accepted: string;
  description: string;
}

interface Setting<T> extends SettingDescription {
  /** Parses the variable's value, or `undefined` when it is unset or blank. */
  schema: z.ZodType<T>;
}

/** One invalid environment variable. */
export interface ConfigIssue {
  variable: string;
  value: string;
  accepted: string;
}

export class ConfigError extends ServerError<'invalidConfig'> {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(
      (issue) => `  ${issue.variable}=${JSON.stringify(issue.value)}: expected ${issue.accepted}`,
    );
    const plural = issues.length === 1 ? '' : 's';
    super(
      'invalidConfig',
      `Invalid configuration (${issues.length} environment variable${plural}):\n${lines.join('\n')}\n` +
        'Fix these variables, or unset them to use the defaults.',
    );
    this.issues = issues;
  }
}

function integer(
  name: string,
  min: number,
  max: number,
  fallback: number,
  description: string,
): Setting<number> {
  return {
    name,
    description,
    defaultValue: String(fallback),
    accepted: `an integer from ${min} to ${max}`,
    schema: z.coerce.number().int().min(min).max(max).default(fallback),
  };
}

function fraction(name: string, fallback: number, description: string): Setting<number> {
  return {
    name,
    description,
    defaultValue: String(fallback),
    accepted: 'a number from 0 to 1',
    schema: z.coerce.number().min(0).max(1).default(fallback),
  };
}

function choice<const T extends string>(
  name: string,
  options: readonly [T, ...T[]],
  fallback: NoInfer<T>,
  description: string,
): Setting<T> {
  return {
    name,
    description,
    defaultValue: fallback,
    accepted: `one of ${options.join(', ')}`,
    schema: z.enum(options).default(fallback),
  };
}

function text(name: string, fallback: string, description: string): Setting<string> {
  return {
    name,
    description,
    defaultValue: fallback,
    accepted: 'any non-empty text',
    schema: z.string().default(fallback),
  };
}

/** Creates a path setting. `loadConfig` resolves relative values against the root folder. */
function directory(name: string, fallback: string, description: string): Setting<string> {
  return { ...text(name, fallback, description), accepted: 'a directory path' };
}

const FACES_DIR_CANDIDATES = ['data/faces', '../shared/datasets/anime-faces/images'] as const;

/** Every setting, in the order the README lists them. */
const SETTINGS = {
  port: integer('PORT', 0, 65535, 2567, 'TCP port of the game server; 0 picks a free port.'),
  host: text('HOST', '0.0.0.0', 'Address the game server listens on.'),
  dataDir: directory('DATA_DIR', 'data', 'Folder for rounds.sqlite and other server data.'),
  facesDir: {
    ...directory(
      'FACES_DIR',
      '',
      'Folder of real face images (PNG or JPEG), searched recursively.',
    ),
    defaultValue: `${FACES_DIR_CANDIDATES[0]} if it exists, else ${FACES_DIR_CANDIDATES[1]}`,
    schema: z.string().optional(),
  } satisfies Setting<string | undefined>,
  checkpointDir: directory(
    'CHECKPOINT_DIR',
    'models/checkpoints',
    'Folder holding the generator/ and discriminator/ checkpoints.',
  ),
  tfBackend: choice('TF_BACKEND', TF_BACKENDS, 'auto', 'TensorFlow.js backend for the models.'),
  votingMs: integer('VOTING_MS', 1000, 120_000, 10_000, 'Length of the voting phase, in ms.'),
  revealMs: integer('REVEAL_MS', 500, 60_000, 5000, 'Length of the reveal phase, in ms.'),
  fakeRatio: fraction('FAKE_RATIO', 0.5, 'Probability that a round shows a generated face.'),
  fakePoolSize: integer(
    'FAKE_POOL_SIZE',
    1,
    256,
    16,
    'Number of generated faces kept encoded and scored ahead of time.',
  ),
  jpegQuality: integer(
    'JPEG_QUALITY',
    50,
    100,
    90,
    'JPEG quality of every face sent to players, real or generated.',
  ),
  holdoutSeed: text(
    'HOLDOUT_SEED',
    'real-or-fake',
    'Seed of the hash that keeps 10% of real faces out of play, for evaluation.',
  ),
  logLevel: choice('LOG_LEVEL', LOG_LEVELS, 'info', 'Minimum level of the pino log.'),
  logPretty: {
    name: 'LOG_PRETTY',
    description: 'Print readable log lines through pino-pretty, when it is installed.',
    defaultValue: '0',
    accepted: '0, 1, false or true',
    schema: z
      .enum(['0', '1', 'false', 'true'])
      .default('0')
      .transform((value) => value === '1' || value === 'true'),
  } satisfies Setting<boolean>,
  // A room has room for at most MAX_PLAYERS_PER_ROOM players, so a larger minimum never starts a round.
  minPlayers: integer(
    'MIN_PLAYERS',
    1,
    MAX_PLAYERS_PER_ROOM,
    1,
    'Players needed in a room before a round starts.',
  ),
} as const;

/** Lists every environment variable the server reads, with its default and accepted values. */
export function describeSettings(): SettingDescription[] {
  return Object.values(SETTINGS).map(({ name, defaultValue, accepted, description }) => ({
    name,
    defaultValue,
    accepted,
    description,
  }));
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

export interface LoadConfigOptions {
  /** Base of relative paths and of the FACES_DIR default, by default the repository root. */
  rootDir?: string;
}

/**
 * Reads and validates the server settings from `env`. Blank variables count as unset.
 * Throws `ConfigError` listing every invalid variable at once.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): Config {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const issues: ConfigIssue[] = [];

  function read<T>(setting: Setting<T>): T {
    const raw = env[setting.name];
    const value = raw === undefined || raw.trim() === '' ? undefined : raw;
    const result = setting.schema.safeParse(value);
    if (result.success) return result.data;
    issues.push({ variable: setting.name, value: raw ?? '', accepted: setting.accepted });
    return setting.schema.parse(undefined);
  }

  function readPath(setting: Setting<string>): string {
    return path.resolve(rootDir, read(setting));
  }

  const facesDir = read(SETTINGS.facesDir);
  const defaultFacesDir =
    FACES_DIR_CANDIDATES.map((dir) => path.resolve(rootDir, dir)).find(isDirectory) ??
    path.resolve(rootDir, FACES_DIR_CANDIDATES[0]);

  const config: Config = {
    port: read(SETTINGS.port),
    host: read(SETTINGS.host),
    dataDir: readPath(SETTINGS.dataDir),
    facesDir: facesDir === undefined ? defaultFacesDir : path.resolve(rootDir, facesDir),
    checkpointDir: readPath(SETTINGS.checkpointDir),
    tfBackend: read(SETTINGS.tfBackend),
    votingMs: read(SETTINGS.votingMs),
    revealMs: read(SETTINGS.revealMs),
    fakeRatio: read(SETTINGS.fakeRatio),
    fakePoolSize: read(SETTINGS.fakePoolSize),
    jpegQuality: read(SETTINGS.jpegQuality),
    holdoutSeed: read(SETTINGS.holdoutSeed),
    logLevel: read(SETTINGS.logLevel),
    logPretty: read(SETTINGS.logPretty),
    minPlayers: read(SETTINGS.minPlayers),
  };
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
