import * as tf from '@tensorflow/tfjs';

interface SeedableInitializer {
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
}

interface SerializedInitializer {
  className: string;
  config: tf.serialization.ConfigDict;
}

/**
 * Maps any safe integer to a seed that tfjs's random ops honour.
 *
 * tfjs 4.22's normal and truncated-normal samplers treat a seed of 0 as "no seed" and draw
 * from Math.random() instead, so non-negative seeds are shifted up by one. The mapping stays
 * one-to-one, and negative seeds pass through unchanged.
 */
export function toTfjsSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Seed must be a safe integer, got ${seed}`);
  }
  return seed >= 0 ? seed + 1 : seed;
}

/**
 * Redraws every weight of `model` from its layer's own initializer, seeded from `seed`, so a
 * freshly built model gets the same weights in every process and on every backend.
 *
 * Weight i (in `model.layers` order) uses seed `seed + i`, so two models seeded less than their
 * weight count apart share random streams. tfjs draws initial values in JavaScript, not in
 * backend kernels, which is what makes the result backend-independent.
 */
export function reinitializeWeights(model: tf.LayersModel, seed: number): void {
  toTfjsSeed(seed);
  let index = 0;
  for (const layer of model.layers) {
    const config = layer.getConfig();
    for (const weight of layer.weights) {
      const initializer = seededInitializer(config, weight.originalName, toTfjsSeed(seed + index));
      const value = initializer.apply(weight.read().shape, weight.dtype);
      // The variable takes its own reference to the new values, so this one can go.
      weight.write(value);
      value.dispose();
      index += 1;
    }
  }
}

function seededInitializer(
  layerConfig: tf.serialization.ConfigDict,
  weightName: string,
  seed: number,
): SeedableInitializer {
  // Layers name each initializer after its weight: `moving_mean` uses movingMeanInitializer.
  const shortName = weightName.split('/').pop() ?? weightName;
  const camelName = shortName.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
  const key = `${camelName}Initializer`;
  const serialized = layerConfig[key];
  if (!isSerializedInitializer(serialized)) {
    throw new TypeError(`Cannot find the initializer of weight ${weightName} (config key ${key})`);
  }

  const entry = tf.serialization.SerializationMap.getMap().classNameMap[serialized.className];
  if (entry === undefined) {
    throw new TypeError(`Unknown initializer ${serialized.className} for weight ${weightName}`);
  }
  const [constructor, fromConfig] = entry;
  const initializer: unknown = fromConfig(constructor, { ...serialized.config, seed });
  if (!hasApply(initializer)) {
    throw new TypeError(`${serialized.className} is not an initializer (weight ${weightName})`);
  }
  return initializer;
}

function isSerializedInitializer(value: unknown): value is SerializedInitializer {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { className, config } = value as Record<string, unknown>;
  return typeof className === 'string' && typeof config === 'object' && config !== null;
}

function hasApply(value: unknown): value is SeedableInitializer {
  return typeof (value as { apply?: unknown } | null)?.apply === 'function';
}
