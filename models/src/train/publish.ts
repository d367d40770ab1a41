import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type * as tf from '@tensorflow/tfjs';

import { checkpointDir, DEFAULT_CHECKPOINT_ROOT, saveCheckpoint } from '../checkpoint.ts';
import type { ModelKind } from '../kind.ts';
import { createDcganOptimizer } from './ganStep.ts';
import type { HeldOutMetrics } from './heldOutMetrics.ts';
import {
  findTrainingCheckpoint,
  loadTrainingCheckpoint,
  type RunIdentity,
} from './trainingCheckpoint.ts';

/** Measures the models before they ship; its result goes into both cards as `quality`. */
export type RunEvaluator = (
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel },
  run: RunIdentity,
) => Promise<unknown>;

export interface PublishedCheckpoint {
  kind: ModelKind;
  dir: string;
  card: Record<string, unknown>;
}

/** Layer types, output shapes and parameter counts, for the card. */
export function summarizeArchitecture(model: tf.LayersModel): Record<string, unknown> {
  return {
    name: model.name,
    parameters: model.countParams(),
    layers: model.layers.map((layer) => ({
      type: layer.getClassName(),
      outputShape: layer.outputShape,
    })),
  };
}

/** Returns the last held-out evaluation in `<runDir>/epochs.jsonl`, or null without one. */
export async function lastHeldOutMetrics(
  runDir: string,
): Promise<{ epoch: number; heldOut: HeldOutMetrics } | null> {
  let text: string;
  try {
    text = await readFile(join(runDir, 'epochs.jsonl'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
  const lines = text.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as { epoch?: unknown; heldOut?: HeldOutMetrics | null };
      if (typeof entry.epoch === 'number' && entry.heldOut) {
        return { epoch: entry.epoch, heldOut: entry.heldOut };
      }
    } catch {
      // A torn last line from a crash; an earlier line may still be whole.
    }
  }
  return null;
}

/**
 * Copies the generator and discriminator of a run's latest training checkpoint, without
 * optimizer state, to `<root>/{generator,discriminator}/` with a card describing the run and,
 * given an `evaluate` function, its result.
 */
export async function publishRun(
  runDir: string,
  root: string = DEFAULT_CHECKPOINT_ROOT,
  evaluate?: RunEvaluator,
): Promise<PublishedCheckpoint[]> {
  const source = await findTrainingCheckpoint(runDir);
  const loaded = await loadTrainingCheckpoint(source, createDcganOptimizer);
  try {
    const { progress, run } = loaded;
    const stepsPerEpoch = Math.floor(run.trainFaces / run.batchSize);
    const evaluation = await lastHeldOutMetrics(runDir);
    const quality = evaluate === undefined ? {} : { quality: await evaluate(loaded.models, run) };
    const published: PublishedCheckpoint[] = [];
    for (const kind of ['generator', 'discriminator'] as const) {
      const model = loaded.models[kind];
      const card = {
        kind,
        architecture: summarizeArchitecture(model),
        dataDir: run.dataDir,
        trainFaces: run.trainFaces,
        batchSize: run.batchSize,
        seed: run.seed,
        steps: progress.step,
        epochs: progress.epoch + progress.batchIndex / stepsPerEpoch,
        wallTimeMs: Math.round(progress.elapsedMs),
        backend: loaded.cards[kind]['backend'] ?? null,
        heldOut: evaluation,
        ...quality,
        sourceRun: runDir,
      };
      const dir = checkpointDir(kind, root);
      await saveCheckpoint(model, dir, card);
      published.push({ kind, dir, card });
    }
    return published;
  } finally {
    loaded.models.generator.dispose();
    loaded.models.discriminator.dispose();
    loaded.optimizers.generator.dispose();
    loaded.optimizers.discriminator.dispose();
  }
}
