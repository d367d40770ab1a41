import * as tf from '@tensorflow/tfjs';

import { CheckpointError } from '../checkpointError.ts';
import type { ModelKind } from '../kind.ts';
import { trainableVariables, type GanModels, type GanOptimizers } from './ganStep.ts';

type NamedTensor = { name: string; tensor: tf.Tensor };
type OptimizerSpecs = Record<ModelKind, tf.io.WeightsManifestEntry[]>;

const KINDS: readonly ModelKind[] = ['generator', 'discriminator'];

async function encodeOptimizer(
  optimizer: tf.Optimizer,
): Promise<{ data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }> {
  const weights = await optimizer.getWeights();
  try {
    return await tf.io.encodeWeights(weights);
  } finally {
    // getWeights returns the live moment variables, but a fresh scalar for the iteration count.
    for (const weight of weights) {
      if (weight.name === 'iter') {
        weight.tensor.dispose();
      }
    }
  }
}

/**
 * Encodes both optimizers' state (for Adam: the iteration count, then the first and second
 * moments in trainable-weight order) as one buffer, the generator's first.
 */
export async function encodeOptimizers(
  optimizers: GanOptimizers,
): Promise<{ bytes: Uint8Array; specs: OptimizerSpecs }> {
  const generator = await encodeOptimizer(optimizers.generator);
  const discriminator = await encodeOptimizer(optimizers.discriminator);
  const bytes = new Uint8Array(generator.data.byteLength + discriminator.data.byteLength);
  bytes.set(new Uint8Array(generator.data), 0);
  bytes.set(new Uint8Array(discriminator.data), generator.data.byteLength);
  return { bytes, specs: { generator: generator.specs, discriminator: discriminator.specs } };
}

function byteLength(spec: tf.io.WeightsManifestEntry): number {
  const bytesPerValue = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : 1;
  return spec.shape.reduce((product, size) => product * size, 1) * bytesPerValue;
}

/** Decodes one optimizer's weights and checks them against the model's trainable weights. */
function decodeOptimizerWeights(
  path: string,
  bytes: ArrayBuffer,
  specs: tf.io.WeightsManifestEntry[],
  variables: tf.Variable[],
): NamedTensor[] {
  const decoded = tf.io.decodeWeights(bytes, specs);
  const weights = specs.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] }));
  const moments = weights.filter((weight) => weight.name !== 'iter');
  // Adam matches moments to variables by position, not by name, so the shapes must line up.
  const fits =
    weights[0]?.name === 'iter' &&
    (moments.length === 0 || moments.length === 2 * variables.length) &&
    moments.every((weight, index) => {
      const variable = variables[index % variables.length];
      return (
        variable !== undefined && tf.util.arraysEqual(weight.tensor?.shape ?? [], variable.shape)
      );
    });
  if (!fits || weights.some((weight) => weight.tensor === undefined)) {
    tf.dispose(Object.values(decoded));
    throw new CheckpointError(
      'mismatch',
      path,
      `optimizer state in ${path} does not fit the model's ${variables.length} trainable weights`,
    );
  }
  return weights as NamedTensor[];
}

/** Creates both optimizers and loads their state from a buffer written by encodeOptimizers. */
export async function restoreOptimizers(
  path: string,
  bytes: Uint8Array,
  specs: OptimizerSpecs,
  models: GanModels,
  createOptimizer: () => tf.Optimizer,
): Promise<GanOptimizers> {
  const optimizers: GanOptimizers = {
    generator: createOptimizer(),
    discriminator: createOptimizer(),
  };
  let offset = 0;
  try {
    for (const kind of KINDS) {
      const length = specs[kind].reduce((sum, spec) => sum + byteLength(spec), 0);
      if (offset + length > bytes.length) {
        throw new CheckpointError(
          'corrupt',
          path,
          `${path} is truncated; the checkpoint is damaged`,
        );
      }
      const slice = new Uint8Array(bytes.subarray(offset, offset + length)).buffer;
      offset += length;
      const variables = trainableVariables(models[kind]);
      const weights = decodeOptimizerWeights(path, slice, specs[kind], variables);
      await optimizers[kind].setWeights(weights);
      tf.dispose(weights.map((weight) => weight.tensor));
    }
  } catch (error) {
    optimizers.generator.dispose();
    optimizers.discriminator.dispose();
    throw error;
  }
  return optimizers;
}
