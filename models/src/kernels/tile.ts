import {
  Tile,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

import { asDisposingBackend, KernelCalls } from './kernelCalls.ts';

/**
 * Tiles x as a broadcasting Add onto zeros, which the wasm backend of tfjs 4.22 runs 10-20x
 * faster than its Tile kernel (models/bin/bench-train.ts). The BatchNorm gradient tiles
 * its per-channel scale to the full activation shape, so this is a sizable part of a GAN step.
 *
 * Output axis k of size reps[k] * n[k] is read as [reps[k], n[k]], where x broadcasts along the
 * first part. Dtypes other than float32 and int32 use the stock kernel `fallback`.
 */
export function tileByBroadcast(
  backendName: string,
  inputs: NamedTensorInfoMap,
  backend: object,
  reps: number[],
  fallback: KernelFunc,
  attrs: NamedAttrMap,
): TensorInfo {
  const x = inputs['x'];
  if (x === undefined) {
    throw new Error('Tile expects input x');
  }
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length) {
    return fallback({ inputs, backend, attrs }) as TensorInfo;
  }
  const sourceShape: number[] = [];
  const broadcastShape: number[] = [];
  x.shape.forEach((size, axis) => {
    const repeat = reps[axis] ?? 1;
    if (repeat !== 1 && size !== 1) {
      sourceShape.push(1);
      broadcastShape.push(repeat);
    }
    sourceShape.push(size);
    broadcastShape.push(size * (size === 1 ? repeat : 1));
  });
  const outputShape = x.shape.map((size, axis) => size * (reps[axis] ?? 1));

  const calls = new KernelCalls(asDisposingBackend(backend), backendName);
  try {
    const source = calls.reshape(x, sourceShape);
    const zeros = calls.run('Fill', {}, { shape: broadcastShape, value: 0, dtype: x.dtype });
    const tiled = calls.run('Add', { a: source, b: zeros });
    return calls.keep(calls.reshape(tiled, outputShape));
  } finally {
    calls.dispose();
  }
}

export function tileConfig(backendName: string, stock: KernelConfig): KernelConfig {
  return {
    kernelName: Tile,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const reps = (attrs?.['reps'] ?? []) as number[];
      return tileByBroadcast(backendName, inputs, backend, reps, stock.kernelFunc, attrs ?? {});
    },
  };
}
