import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type * as tf from '@tensorflow/tfjs';
import {
  buildDiscriminator,
  buildGenerator,
  CARD_FILE,
  checkpointDir,
  CheckpointError,
  generateFaces,
  loadCheckpoint,
  MODEL_FILE,
  reinitializeWeights,
  scoreFaces,
  WEIGHTS_FILE,
  type ModelKind,
} from '@real-or-fake/models';
import type { Logger } from 'pino';

import { ServerError } from '../errors.ts';
import { decodeFaceJpeg } from '../faces/jpeg.ts';

/** Version reported for a model that was built fresh because no checkpoint exists. */
export const UNTRAINED_VERSION = 'untrained';

/** Weight seeds of fresh models, so that a server without checkpoints behaves the same each run. */
const FRESH_SEEDS: Record<ModelKind, number> = { generator: 1, discriminator: 2 };

export interface ModelVersions {
  generator: string;
  discriminator: string;
}

/** The generator and discriminator as the game uses them. */
export interface FaceModels {
  readonly versions: ModelVersions;
  /** Generates `count` 64x64 RGB faces. Runs synchronously on the TensorFlow.js backend. */
  generate(count: number): Uint8Array[];
  /** Scores JPEG files exactly as players receive them: decoded, then fed to the discriminator. */
  score(jpegs: readonly Uint8Array[]): Promise<Float32Array>;
}

export class ModelService implements FaceModels {
  readonly versions: ModelVersions;
  readonly #generator: tf.LayersModel;
  readonly #discriminator: tf.LayersModel;

  constructor(generator: tf.LayersModel, discriminator: tf.LayersModel, versions: ModelVersions) {
    this.#generator = generator;
    this.#discriminator = discriminator;
    this.versions = versions;
  }

  /**
   * Loads both checkpoints from `<root>/generator` and `<root>/discriminator`. A checkpoint
   * folder that is missing or contains none of the checkpoint files is replaced by a freshly
   * initialized model with a warning. A corrupt, mismatched or incomplete checkpoint rejects
   * with the `CheckpointError` that names the file, and a `root` that is a file rejects too.
   */
  static async load(root: string, logger: Logger): Promise<ModelService> {
    if (statSync(root, { throwIfNoEntry: false })?.isDirectory() === false) {
      throw new ServerError(
        'checkpointDirNotFolder',
        `The checkpoint folder ${root} is a file. Set CHECKPOINT_DIR to the folder that holds ` +
          'generator/ and discriminator/.',
      );
    }
    const generator = await loadOrBuild('generator', root, logger);
    const discriminator = await loadOrBuild('discriminator', root, logger);
    return new ModelService(generator.model, discriminator.model, {
      generator: generator.version,
      discriminator: discriminator.version,
    });
  }

  generate(count: number): Uint8Array[] {
    return generateFaces(this.#generator, count);
  }

  async score(jpegs: readonly Uint8Array[]): Promise<Float32Array> {
    const pixels = await Promise.all(jpegs.map((jpeg) => decodeFaceJpeg(jpeg)));
    return scoreFaces(this.#discriminator, pixels);
  }

  dispose(): void {
    this.#generator.dispose();
    this.#discriminator.dispose();
  }
}

/** The files of one checkpoint folder. */
const CHECKPOINT_FILES = [CARD_FILE, MODEL_FILE, WEIGHTS_FILE] as const;

interface VersionedModel {
  model: tf.LayersModel;
  version: string;
}

function untrainedConsequence(kind: ModelKind): string {
  return kind === 'generator'
    ? 'fakes will be noise that anyone can spot'
    : 'the AI will score every face near 0.5';
}

async function loadOrBuild(kind: ModelKind, root: string, logger: Logger): Promise<VersionedModel> {
  const dir = checkpointDir(kind, root);
  try {
    const { model, card } = await loadCheckpoint(dir, kind);
    logger.info({ kind, version: card.version, dir }, `loaded the ${kind} checkpoint`);
    if (card['trained'] === false) {
      logger.warn(
        { kind, version: card.version, dir },
        `the ${kind} checkpoint is untrained, so ${untrainedConsequence(kind)}. ` +
          'Publish a trained one with models/bin/publish-checkpoint.ts.',
      );
    }
    return { model, version: card.version };
  } catch (error) {
    if (!(error instanceof CheckpointError) || error.code !== 'missing') throw error;
    const present = CHECKPOINT_FILES.filter((file) => existsSync(path.join(dir, file)));
    if (present.length > 0) {
      throw new CheckpointError(
        'missing',
        error.file,
        `${error.file} is missing, but ${dir} holds ${present.join(' and ')}, so the ${kind} ` +
          'checkpoint is incomplete. Restore the file, or empty the folder to run an untrained ' +
          `${kind}.`,
      );
    }

    logger.warn(
      { kind, file: error.file, version: UNTRAINED_VERSION },
      `no ${kind} checkpoint at ${error.file}: using an untrained ${kind}, ` +
        `so ${untrainedConsequence(kind)}. ` +
        'Train one and save it there to fix this.',
    );
    const model = kind === 'generator' ? buildGenerator() : buildDiscriminator();
    reinitializeWeights(model, FRESH_SEEDS[kind]);
    return { model, version: UNTRAINED_VERSION };
  }
}
