import { createHash } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';

import { loadCheckpoint, saveCheckpoint, type ModelCard } from '../checkpoint.ts';
import { CheckpointError } from '../checkpointError.ts';
import { parseJsonFile, readCheckpointFile, writeFilesAtomically } from '../checkpointFiles.ts';
import type { ModelKind } from '../kind.ts';
import type { GanModels, GanOptimizers } from './ganStep.ts';
import { encodeOptimizers, restoreOptimizers } from './optimizerState.ts';

export const TRAINING_STATE_VERSION = 1;
const STATE_FILE = 'training-state.json';
const OPTIMIZER_FILE = 'optimizers.bin';

/** Position of a run beyond its weights, enough to continue it exactly. */
export interface TrainingProgress {
  /** Completed GAN steps since the start of the run. */
  step: number;
  /** Zero-based epoch that the next step belongs to. */
  epoch: number;
  /** Zero-based batch within `epoch` that the next step trains on. */
  batchIndex: number;
  /** State of the generator that draws training latent vectors. */
  latentRandomState: number;
  /** Training time summed over all sessions of the run, in milliseconds. */
  elapsedMs: number;
}

/** Settings that a resumed run must share with the run that wrote the checkpoint. */
export interface RunIdentity {
  seed: string;
  batchSize: number;
  dataDir: string;
  trainFaces: number;
}

interface FileDigest {
  bytes: number;
  sha256: string;
}

interface TrainingStateFile {
  version: number;
  savedAt: string;
  progress: TrainingProgress;
  run: RunIdentity;
  optimizers: Record<ModelKind, tf.io.WeightsManifestEntry[]>;
  /** Size and SHA-256 of every other file in the checkpoint, by path relative to it. */
  files: Record<string, FileDigest>;
}

export interface LoadedTraining {
  models: GanModels;
  /** Cards of both models as saved with the checkpoint. */
  cards: Record<ModelKind, ModelCard>;
  optimizers: GanOptimizers;
  progress: TrainingProgress;
  run: RunIdentity;
}

const KINDS: readonly ModelKind[] = ['generator', 'discriminator'];

function digest(bytes: Uint8Array): FileDigest {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

/**
 * Saves both models, both optimizers' state and the run's progress to `<runDir>/checkpoint/`.
 * The new checkpoint is written completely beside the old one and then swapped in, so a crash
 * at any point leaves one whole checkpoint.
 */
export async function saveTrainingCheckpoint(
  runDir: string,
  models: GanModels,
  optimizers: GanOptimizers,
  progress: TrainingProgress,
  run: RunIdentity,
  card: Record<string, unknown>,
): Promise<string> {
  const target = join(runDir, 'checkpoint');
  const staging = join(runDir, 'checkpoint.tmp');
  const previous = join(runDir, 'checkpoint.old');
  await rm(staging, { recursive: true, force: true });

  for (const kind of KINDS) {
    await saveCheckpoint(models[kind], join(staging, kind), { ...card, kind, step: progress.step });
  }
  const optimizerState = await encodeOptimizers(optimizers);
  await writeFilesAtomically(staging, [{ name: OPTIMIZER_FILE, bytes: optimizerState.bytes }]);

  const files: Record<string, FileDigest> = {};
  for (const file of await listFiles(staging)) {
    files[file] = digest(await readCheckpointFile(join(staging, file)));
  }
  const state: TrainingStateFile = {
    version: TRAINING_STATE_VERSION,
    savedAt: new Date().toISOString(),
    progress,
    run,
    optimizers: optimizerState.specs,
    files,
  };
  const stateBytes = new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`);
  await writeFilesAtomically(staging, [{ name: STATE_FILE, bytes: stateBytes }]);

  await rm(previous, { recursive: true, force: true });
  if (await exists(target)) {
    await rename(target, previous);
  }
  await rename(staging, target);
  await rm(previous, { recursive: true, force: true });
  return target;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Checks whether `runDir` has a checkpoint that a new run would overwrite. */
export async function hasTrainingCheckpoint(runDir: string): Promise<boolean> {
  return (
    (await exists(join(runDir, 'checkpoint', STATE_FILE))) ||
    (await exists(join(runDir, 'checkpoint.old', STATE_FILE)))
  );
}

/** Returns the checkpoint folder to resume from: the current one, or the previous one when a
 * crash happened between the two renames of a save. */
export async function findTrainingCheckpoint(runDir: string): Promise<string> {
  const current = join(runDir, 'checkpoint');
  if (await exists(join(current, STATE_FILE))) {
    return current;
  }
  const previous = join(runDir, 'checkpoint.old');
  if (await exists(join(previous, STATE_FILE))) {
    return previous;
  }
  throw new CheckpointError(
    'missing',
    join(current, STATE_FILE),
    `no training checkpoint in ${runDir}; start without --resume to begin a new run`,
  );
}

function parseState(path: string, value: unknown): TrainingStateFile {
  const state = value as Partial<TrainingStateFile> | null;
  const progress = state?.progress;
  const valid =
    typeof state === 'object' &&
    state !== null &&
    typeof state.files === 'object' &&
    typeof state.optimizers === 'object' &&
    Array.isArray(state.optimizers?.generator) &&
    Array.isArray(state.optimizers?.discriminator) &&
    typeof state.run?.seed === 'string' &&
    Number.isInteger(state.run?.batchSize) &&
    typeof progress === 'object' &&
    [progress.step, progress.epoch, progress.batchIndex, progress.latentRandomState].every(
      (field) => Number.isInteger(field) && (field as number) >= 0,
    ) &&
    typeof progress.elapsedMs === 'number';
  if (!valid) {
    throw new CheckpointError(
      'corrupt',
      path,
      `${path} is not a valid training state file; start a new --run-dir`,
    );
  }
  if (state.version !== TRAINING_STATE_VERSION) {
    throw new CheckpointError(
      'mismatch',
      path,
      `${path} has version ${String(state.version)}, expected ${TRAINING_STATE_VERSION}`,
    );
  }
  return state as TrainingStateFile;
}

async function verifyFiles(dir: string, files: Record<string, FileDigest>): Promise<void> {
  for (const [name, expected] of Object.entries(files)) {
    const path = join(dir, name);
    const actual = digest(await readCheckpointFile(path));
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
      throw new CheckpointError(
        'corrupt',
        path,
        `${path} does not match the checksum in ${STATE_FILE} ` +
          `(${actual.bytes} bytes, expected ${expected.bytes}); the checkpoint is damaged`,
      );
    }
  }
}

/** Loads a checkpoint written by saveTrainingCheckpoint, checking every file against its hash. */
export async function loadTrainingCheckpoint(
  dir: string,
  createOptimizer: () => tf.Optimizer,
): Promise<LoadedTraining> {
  const statePath = join(dir, STATE_FILE);
  const state = parseState(
    statePath,
    parseJsonFile(statePath, await readCheckpointFile(statePath)),
  );
  await verifyFiles(dir, state.files);

  const generatorCheckpoint = await loadCheckpoint(join(dir, 'generator'), 'generator');
  const discriminatorCheckpoint = await loadCheckpoint(join(dir, 'discriminator'), 'discriminator');
  const generator = generatorCheckpoint.model;
  const discriminator = discriminatorCheckpoint.model;
  const models: GanModels = { generator, discriminator };
  const cards = {
    generator: generatorCheckpoint.card,
    discriminator: discriminatorCheckpoint.card,
  };

  const optimizerPath = join(dir, OPTIMIZER_FILE);
  const optimizerBytes = await readCheckpointFile(optimizerPath);
  let optimizers: GanOptimizers;
  try {
    optimizers = await restoreOptimizers(
      optimizerPath,
      optimizerBytes,
      state.optimizers,
      models,
      createOptimizer,
    );
  } catch (error) {
    generator.dispose();
    discriminator.dispose();
    throw error;
  }
  return { models, cards, optimizers, progress: state.progress, run: state.run };
}
