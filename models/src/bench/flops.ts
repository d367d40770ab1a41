import type * as tf from '@tensorflow/tfjs';

/** Multiply-adds of one layer for one input image. */
export interface LayerFlops {
  name: string;
  className: string;
  macsPerImage: number;
}

/**
 * Arithmetic of one forward pass of a model on one image. Only the multiply-adds of Dense,
 * Conv2D and Conv2DTranspose layers count; 1 MAC is 2 FLOP. Bias adds, BatchNormalization,
 * activations, upsampling and reshapes are left out, so the count is a lower bound.
 */
export interface ModelFlops {
  macsPerImage: number;
  flopsPerImage: number;
  /** The counted layers, in model order. */
  layers: LayerFlops[];
  /** Class names of the layers that were not counted, each listed once. */
  uncountedClasses: string[];
}

export type FlopCountErrorCode = 'missing-kernel' | 'unknown-shape';

/** A layer whose multiply-adds cannot be counted from its weights and shapes. */
export class FlopCountError extends Error {
  override readonly name = 'FlopCountError';

  constructor(
    readonly code: FlopCountErrorCode,
    readonly layerName: string,
    message: string,
  ) {
    super(message);
  }
}

const COUNTED_CLASSES = new Set(['Dense', 'Conv2D', 'Conv2DTranspose']);

/** Counts the multiply-adds of a model's Dense and convolution layers for one image. */
export function countModelFlops(model: tf.LayersModel): ModelFlops {
  const layers: LayerFlops[] = [];
  const uncounted = new Set<string>();
  for (const layer of flattenLayers(model)) {
    const className = layer.getClassName();
    if (!COUNTED_CLASSES.has(className)) {
      uncounted.add(className);
      continue;
    }
    layers.push({ name: layer.name, className, macsPerImage: countLayerMacs(layer, className) });
  }
  const macsPerImage = layers.reduce((sum, layer) => sum + layer.macsPerImage, 0);
  return {
    macsPerImage,
    flopsPerImage: 2 * macsPerImage,
    layers,
    uncountedClasses: [...uncounted],
  };
}

function flattenLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.flatMap((layer) =>
    'layers' in layer ? flattenLayers(layer as tf.LayersModel) : [layer],
  );
}

/**
 * Counts one layer's multiply-adds for one image. Each output value of a Dense or Conv2D layer
 * costs the kernel's elements divided by its output channels (kh * kw * in for a convolution).
 * A transposed convolution scatters each input value through the kernel, so it is counted the
 * same way from the input side.
 */
function countLayerMacs(layer: tf.layers.Layer, className: string): number {
  const kernel = layer.weights.find((weight) => /(^|\/)kernel(_\d+)?$/.test(weight.originalName));
  if (kernel === undefined) {
    throw new FlopCountError(
      'missing-kernel',
      layer.name,
      `${className} layer ${layer.name} has no kernel weight, so its FLOP cannot be counted`,
    );
  }
  const kernelElements = product(kernel.shape);
  // Kernels are [..., in, out] for Dense and Conv2D but [kh, kw, out, in] for Conv2DTranspose.
  const lastAxisChannels = kernel.shape[kernel.shape.length - 1] ?? 1;
  const side = className === 'Conv2DTranspose' ? inputShape(layer) : firstShape(layer.outputShape);
  if (side.slice(1).some((size) => size === null)) {
    throw new FlopCountError(
      'unknown-shape',
      layer.name,
      `layer ${layer.name} has an unknown dimension in shape ${JSON.stringify(side)}; ` +
        'build the model with a fixed input shape',
    );
  }
  return (product(side.slice(1)) / lastAxisChannels) * kernelElements;
}

type Shape = (number | null)[];

function firstShape(shapes: Shape | Shape[]): Shape {
  const first = shapes[0];
  return Array.isArray(first) ? first : (shapes as Shape);
}

function inputShape(layer: tf.layers.Layer): Shape {
  const input = layer.input;
  return (Array.isArray(input) ? input[0] : input)?.shape ?? [];
}

function product(values: readonly (number | null)[]): number {
  return values.reduce<number>((total, size) => total * (size ?? 1), 1);
}
