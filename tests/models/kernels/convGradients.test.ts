import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { selectBackend } from '@real-or-fake/models';

import {
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
} from '../../../models/src/kernels/index.ts';

type Shape4D = [number, number, number, number];

interface ConvCase {
  name: string;
  input: Shape4D;
  filter: Shape4D;
  strides: number | [number, number];
  pad: 'same' | 'valid';
}

const CASES: ConvCase[] = [
  // The discriminator's layers: 4x4 filters, stride 2, 'same'.
  { name: '4x4 stride 2 same', input: [2, 8, 8, 3], filter: [4, 4, 3, 5], strides: 2, pad: 'same' },
  {
    name: '4x4 stride 2 same, odd size',
    input: [2, 7, 5, 2],
    filter: [4, 4, 2, 3],
    strides: 2,
    pad: 'same',
  },
  { name: '3x3 stride 1 same', input: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  {
    name: '3x3 stride 1 valid',
    input: [1, 6, 5, 2],
    filter: [3, 3, 2, 4],
    strides: 1,
    pad: 'valid',
  },
  {
    name: '3x3 stride 2 valid',
    input: [2, 7, 6, 2],
    filter: [3, 3, 2, 4],
    strides: 2,
    pad: 'valid',
  },
  {
    name: '2x2 stride 2 valid, leftover row',
    input: [1, 9, 9, 2],
    filter: [2, 2, 2, 3],
    strides: 2,
    pad: 'valid',
  },
  { name: '3x3 stride 3 same', input: [2, 6, 6, 2], filter: [3, 3, 2, 3], strides: 3, pad: 'same' },
  {
    name: '3x2 strides 2x1 same',
    input: [2, 6, 5, 2],
    filter: [3, 2, 2, 3],
    strides: [2, 1],
    pad: 'same',
  },
  {
    name: '1x1 stride 1 valid',
    input: [3, 4, 4, 5],
    filter: [1, 1, 5, 2],
    strides: 1,
    pad: 'valid',
  },
];

function values(count: number, phase: number): Float32Array {
  return Float32Array.from({ length: count }, (_, index) => Math.sin(index * 0.37 + phase));
}

/** Gradients of sum(conv2d(x, w) * weights) with respect to x and w, on one backend. */
async function convGradients(
  backend: string,
  testCase: ConvCase,
): Promise<{ dx: Float32Array; dw: Float32Array }> {
  await tf.setBackend(backend);
  const size = (shape: Shape4D) => shape.reduce((product, value) => product * value, 1);
  const x = tf.tensor4d(values(size(testCase.input), 0), testCase.input);
  const w = tf.tensor4d(values(size(testCase.filter), 1), testCase.filter);
  const outputShape = tf.conv2d(x, w, testCase.strides, testCase.pad).shape;
  const outputWeights = tf.tensor(
    values(
      outputShape.reduce((a, b) => a * b, 1),
      2,
    ),
    outputShape,
  );
  const gradients = tf.grads((input, filter) =>
    tf.sum(
      tf.mul(
        tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, testCase.strides, testCase.pad),
        outputWeights,
      ),
    ),
  );
  const [dx, dw] = gradients([x, w]);
  const result = {
    dx: (await dx!.data()) as Float32Array,
    dw: (await dw!.data()) as Float32Array,
  };
  tf.dispose([x, w, outputWeights, dx, dw]);
  return result;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let index = 0; index < a.length; index++) {
    max = Math.max(max, Math.abs((a[index] ?? 0) - (b[index] ?? 0)));
  }
  return max;
}

beforeAll(async () => {
  await selectBackend('wasm');
  registerWasmTrainingKernels();
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('registerWasmTrainingKernels', () => {
  it('registers Conv2DBackpropFilter for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('replaces the stock Conv2DBackpropInput', () => {
    const composite = tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc;
    unregisterWasmTrainingKernels();
    const stock = tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc;
    registerWasmTrainingKernels();
    expect(stock).toBeDefined();
    expect(composite).not.toBe(stock);
  });

  it('can be called twice', () => {
    expect(() => registerWasmTrainingKernels()).not.toThrow();
  });
});

describe.each(CASES)('wasm conv2d gradients: $name', (testCase) => {
  let wasm: { dx: Float32Array; dw: Float32Array };
  let cpu: { dx: Float32Array; dw: Float32Array };

  beforeAll(async () => {
    wasm = await convGradients('wasm', testCase);
    cpu = await convGradients('cpu', testCase);
  });

  it('input gradient matches the cpu backend', () => {
    expect(wasm.dx.length).toBe(cpu.dx.length);
    expect(maxAbsDifference(wasm.dx, cpu.dx)).toBeLessThan(1e-4);
  });

  it('filter gradient matches the cpu backend', () => {
    expect(wasm.dw.length).toBe(cpu.dw.length);
    expect(maxAbsDifference(wasm.dw, cpu.dw)).toBeLessThan(1e-4);
  });
});

describe('wasm conv2d gradient kernels', () => {
  it('leave no tensors or backend memory behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([4, 4, 3, 5], 0, 1, 'float32', 2) as tf.Tensor4D;
    const gradients = tf.grads((input, filter) =>
      tf.sum(tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same')),
    );
    tf.dispose(gradients([x, w]));
    const tensors = tf.memory().numTensors;
    const buffers = tf.memory().numDataBuffers;
    tf.dispose(gradients([x, w]));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    tf.dispose([x, w]);
  });
});
