import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { CheckpointError } from './checkpointError.ts';
import { parseJsonFile, readCheckpointFile, writeFilesAtomically } from './checkpointFiles.ts';
import {
  describeKindSignature,
  describeSignature,
  hasKindSignature,
  isModelKind,
  type ModelKind,
} from './kind.ts';
import {
  buildModelJson,
  MODEL_FILE,
  parseModelJson,
  WEIGHTS_FILE,
  weightsByteLength,
} from './modelJson.ts';

export { CheckpointError, type CheckpointErrorCode } from './checkpointError.ts';
export { MODEL_FILE, WEIGHTS_FILE } from './modelJson.ts';

export const CARD_FILE = 'card.json';

/** Absolute path of models/checkpoints, independent of the working directory. */
export const DEFAULT_CHECKPOINT_ROOT = fileURLToPath(new URL('../checkpoints', import.meta.url));

/** The metadata a caller passes to `saveCheckpoint`: the kind plus free-form metrics. */
export interface CardFields {
  kind: ModelKind;
  /** Set by `saveCheckpoint`. */
  version?: never;
  /** Set by `saveCheckpoint`. */
  createdAt?: never;
  [field: string]: unknown;
}

/** Contents of card.json. */
export interface ModelCard {
  /** Hex prefix of the SHA-256 of model.json and weights.bin, so a re-save keeps it. */
  version: string;
  kind: ModelKind;
  /** ISO 8601 time of the save. */
  createdAt: string;
  [field: string]: unknown;
}

export interface LoadedCheckpoint {
  model: tf.LayersModel;
  card: ModelCard;
}

export function checkpointDir(kind: ModelKind, root: string = DEFAULT_CHECKPOINT_ROOT): string {
  return join(root, kind);
}

export function generatorDir(root: string = DEFAULT_CHECKPOINT_ROOT): string {
  return checkpointDir('generator', root);
}

export function discriminatorDir(root: string = DEFAULT_CHECKPOINT_ROOT): string {
  return checkpointDir('discriminator', root);
}

/**
 * Saves the model's topology and weights (not its optimizer state) with a card to `dir`,
 * creating the directory, and resolves to the card as written.
 *
 * Files are replaced one by one with atomic renames, weights first and card last, so an
 * interrupted save leaves either the old checkpoint or one whose version does not match its
 * contents, which `loadCheckpoint` rejects as corrupt.
 */
export async function saveCheckpoint(
  model: tf.LayersModel,
  dir: string,
  card: CardFields,
): Promise<ModelCard> {
  const { kind } = card;
  if (!isModelKind(kind)) {
    throw new TypeError(`Card kind must be 'generator' or 'discriminator', got ${String(kind)}`);
  }
  const modelPath = join(dir, MODEL_FILE);
  if (!hasKindSignature(model, kind)) {
    throw new CheckpointError(
      'mismatch',
      modelPath,
      `Cannot save a ${describeSignature(model)} model as a ${kind}, ` +
        `which must be ${describeKindSignature(kind)}`,
    );
  }

  await tf.ready();
  const artifacts = await captureArtifacts(model);
  const modelBytes = Buffer.from(JSON.stringify(buildModelJson(artifacts)));
  const weightBytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const header = {
    version: contentVersion(modelBytes, weightBytes),
    kind,
    createdAt: new Date().toISOString(),
  };
  // The header goes in twice: first to lead the file, then to win over same-named metrics
  // that an untyped caller might pass.
  const written: ModelCard = Object.assign({}, header, card, header);
  const cardBytes = Buffer.from(`${JSON.stringify(written, null, 2)}\n`);

  await writeFilesAtomically(dir, [
    { name: WEIGHTS_FILE, bytes: weightBytes },
    { name: MODEL_FILE, bytes: modelBytes },
    { name: CARD_FILE, bytes: cardBytes },
  ]);
  return written;
}

/**
 * Loads the checkpoint in `dir`, which must be of `kind`.
 *
 * Rejects with a CheckpointError that names the file at fault. The code is `missing` for an
 * absent file and `mismatch` for the wrong kind. It is `corrupt` for invalid JSON, for a
 * weights.bin whose size or shapes do not fit model.json, and for a card whose version does
 * not match the other two files.
 */
export async function loadCheckpoint(dir: string, kind: ModelKind): Promise<LoadedCheckpoint> {
  const cardPath = join(dir, CARD_FILE);
  const modelPath = join(dir, MODEL_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);

  const card = parseCard(cardPath, parseJsonFile(cardPath, await readCheckpointFile(cardPath)));
  if (card.kind !== kind) {
    throw new CheckpointError(
      'mismatch',
      cardPath,
      `${cardPath} describes a ${card.kind} checkpoint, expected a ${kind}`,
    );
  }

  const modelBytes = await readCheckpointFile(modelPath);
  const { modelTopology, weightSpecs } = parseModelJson(
    modelPath,
    parseJsonFile(modelPath, modelBytes),
  );
  const weightBytes = await readCheckpointFile(weightsPath);
  const expectedBytes = weightsByteLength(weightSpecs);
  if (weightBytes.byteLength !== expectedBytes) {
    throw new CheckpointError(
      'corrupt',
      weightsPath,
      `${weightsPath} has ${weightBytes.byteLength} bytes, but ${MODEL_FILE} describes ` +
        `${expectedBytes}; the file is truncated or belongs to another model`,
    );
  }

  await tf.ready();
  const model = await restoreModel(modelPath, kind, modelTopology, weightSpecs, weightBytes);
  if (contentVersion(modelBytes, weightBytes) !== card.version) {
    model.dispose();
    throw new CheckpointError(
      'corrupt',
      cardPath,
      `${cardPath} has version ${card.version}, which does not match ${MODEL_FILE} and ` +
        `${WEIGHTS_FILE}; a save was interrupted or the files were edited. Save it again.`,
    );
  }
  return { model, card };
}

async function captureArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured?.weightData === undefined) {
    throw new TypeError('model.save() produced no weight data');
  }
  return captured;
}

async function restoreModel(
  modelPath: string,
  kind: ModelKind,
  modelTopology: object,
  weightSpecs: tf.io.WeightsManifestEntry[],
  weightBytes: Uint8Array,
): Promise<tf.LayersModel> {
  let model: tf.LayersModel;
  try {
    type ModelConfig = Parameters<typeof tf.models.modelFromJSON>[0];
    model = await tf.models.modelFromJSON({ modelTopology } as ModelConfig);
  } catch (error) {
    throw new CheckpointError(
      'corrupt',
      modelPath,
      `${modelPath} has an invalid modelTopology: ${firstLine(error)}`,
      { cause: error },
    );
  }

  try {
    if (!hasKindSignature(model, kind)) {
      throw new CheckpointError(
        'mismatch',
        modelPath,
        `${modelPath} is a ${describeSignature(model)} model, but a ${kind} must be ` +
          describeKindSignature(kind),
      );
    }
    const buffer = weightBytes.buffer.slice(
      weightBytes.byteOffset,
      weightBytes.byteOffset + weightBytes.byteLength,
    ) as ArrayBuffer;
    const weights = tf.io.decodeWeights(buffer, weightSpecs);
    try {
      model.loadWeights(weights, true);
    } catch (error) {
      throw new CheckpointError(
        'corrupt',
        modelPath,
        `${modelPath} lists weights that do not fit its topology: ${firstLine(error)}`,
        { cause: error },
      );
    } finally {
      tf.dispose(weights);
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

function parseCard(path: string, value: unknown): ModelCard {
  const corrupt = (reason: string) => new CheckpointError('corrupt', path, `${path}: ${reason}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw corrupt('expected a JSON object');
  }
  const { version, kind, createdAt } = value as Record<string, unknown>;
  if (typeof version !== 'string' || version.length === 0) {
    throw corrupt('version is missing or not a string');
  }
  if (!isModelKind(kind)) {
    throw corrupt(`kind must be "generator" or "discriminator", got ${JSON.stringify(kind)}`);
  }
  if (typeof createdAt !== 'string') {
    throw corrupt('createdAt is missing or not a string');
  }
  return value as ModelCard;
}

function contentVersion(modelBytes: Uint8Array, weightBytes: Uint8Array): string {
  return createHash('sha256').update(modelBytes).update(weightBytes).digest('hex').slice(0, 16);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
