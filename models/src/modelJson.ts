import type * as tf from '@tensorflow/tfjs';

import { CheckpointError } from './checkpointError.ts';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

type WeightSpec = tf.io.WeightsManifestEntry;

/** The parts of model.json that a checkpoint restores. */
export interface ModelFileContents {
  modelTopology: object;
  weightSpecs: WeightSpec[];
}

const BYTES_PER_ELEMENT: Partial<Record<WeightSpec['dtype'], number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
};

/** Builds the model.json document: the topology plus one manifest group for weights.bin. */
export function buildModelJson(artifacts: tf.io.ModelArtifacts): tf.io.ModelJSON {
  const { modelTopology, weightSpecs } = artifacts;
  if (modelTopology === undefined || modelTopology instanceof ArrayBuffer) {
    throw new TypeError('model.save() produced no JSON topology. Only layers models can be saved.');
  }
  if (weightSpecs === undefined) {
    throw new TypeError('model.save() produced no weight specs');
  }
  return {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs }],
  };
}

/**
 * Validates a parsed model.json as written by `buildModelJson`.
 *
 * Only one weights group pointing at weights.bin is accepted, so a manifest can never make
 * the loader read a file outside the checkpoint directory.
 */
export function parseModelJson(path: string, value: unknown): ModelFileContents {
  const corrupt = (reason: string) => new CheckpointError('corrupt', path, `${path}: ${reason}`);

  if (!isRecord(value)) {
    throw corrupt('expected a JSON object');
  }
  const { modelTopology, weightsManifest } = value;
  if (!isRecord(modelTopology)) {
    throw corrupt('modelTopology is missing or not an object');
  }
  if (!Array.isArray(weightsManifest) || weightsManifest.length !== 1) {
    throw corrupt('weightsManifest must be an array with exactly one group');
  }
  const [group] = weightsManifest as unknown[];
  if (!isRecord(group)) {
    throw corrupt('weightsManifest[0] is not an object');
  }
  const { paths, weights } = group;
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== WEIGHTS_FILE) {
    throw corrupt(`weightsManifest[0].paths must be ["${WEIGHTS_FILE}"]`);
  }
  if (!Array.isArray(weights)) {
    throw corrupt('weightsManifest[0].weights is not an array');
  }

  const weightSpecs = (weights as unknown[]).map((entry, index) => {
    const problem = describeInvalidSpec(entry);
    if (problem !== null) {
      throw corrupt(`weightsManifest[0].weights[${index}] ${problem}`);
    }
    return entry as WeightSpec;
  });
  return { modelTopology, weightSpecs };
}

/** Number of bytes weights.bin must have for these specs (validated by `parseModelJson`). */
export function weightsByteLength(specs: readonly WeightSpec[]): number {
  return specs.reduce((total, spec) => {
    const elements = spec.shape.reduce((product, size) => product * size, 1);
    return total + elements * (BYTES_PER_ELEMENT[spec.dtype] ?? 0);
  }, 0);
}

function describeInvalidSpec(entry: unknown): string | null {
  if (!isRecord(entry)) {
    return 'is not an object';
  }
  const { name, shape, dtype, quantization } = entry;
  if (typeof name !== 'string' || name.length === 0) {
    return 'has no name';
  }
  const validShape =
    Array.isArray(shape) &&
    shape.every(
      (size: unknown) => typeof size === 'number' && Number.isSafeInteger(size) && size >= 0,
    );
  if (!validShape) {
    return `(${name}) has an invalid shape ${JSON.stringify(shape)}`;
  }
  if (typeof dtype !== 'string' || !(dtype in BYTES_PER_ELEMENT)) {
    return `(${name}) has unsupported dtype ${JSON.stringify(dtype)}`;
  }
  if (quantization !== undefined) {
    return `(${name}) is quantized, which checkpoints do not support`;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
