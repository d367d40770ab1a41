import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import {
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
} from '../../../models/src/kernels/index.ts';

interface TileCase {
  name: string;
  shape: number[];
  reps: number[];
  dtype: 'float32' | 'int32' | 'bool';
}

const CASES: TileCase[] = [
  // The BatchNorm gradient's per-channel scale over a batch of activations.
  { name: 'channel vector to NHWC', shape: [1, 1, 1, 5], reps: [3, 4, 2, 1], dtype: 'float32' },
  { name: 'every axis repeated', shape: [2, 3, 2], reps: [2, 3, 2], dtype: 'float32' },
  { name: 'no repeats', shape: [2, 3], reps: [1, 1], dtype: 'float32' },
  { name: 'rank 1', shape: [4], reps: [3], dtype: 'float32' },
  { name: 'int32', shape: [2, 1, 3], reps: [1, 4, 2], dtype: 'int32' },
  { name: 'bool, stock kernel', shape: [2, 2], reps: [2, 3], dtype: 'bool' },
];

async function tiled(backend: string, testCase: TileCase): Promise<number[]> {
  await tf.setBackend(backend);
  const count = testCase.shape.reduce((product, size) => product * size, 1);
  const values = Array.from({ length: count }, (_, index) => (index * 7) % 5);
  const x = tf.tensor(values, testCase.shape, testCase.dtype);
  const result = tf.tile(x, testCase.reps);
  const output = Array.from(await result.data());
  expect(result.shape).toEqual(testCase.shape.map((size, axis) => size * testCase.reps[axis]!));
  tf.dispose([x, result]);
  return output;
}

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe.each(CASES)('wasm Tile: $name', (testCase) => {
  it('matches the cpu backend', async () => {
    const wasm = await tiled('wasm', testCase);
    expect(wasm).toEqual(await tiled('cpu', testCase));
  });
});

describe('wasm Tile', () => {
  it('replaces the stock kernel', () => {
    const composite = tf.getKernel('Tile', 'wasm')?.kernelFunc;
    unregisterWasmTrainingKernels();
    const stock = tf.getKernel('Tile', 'wasm')?.kernelFunc;
    registerWasmTrainingKernels();
    expect(composite).not.toBe(stock);
  });

  it('leaves no tensors or backend memory behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.ones([1, 1, 1, 4]);
    tf.tile(x, [2, 3, 3, 1]).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.memory().numDataBuffers;
    tf.tile(x, [2, 3, 3, 1]).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
  });
});
