/**
 * Measures the training kernels and a full GAN step on the wasm backend.
 *
 *   npx tsx models/bin/bench-train.ts [--batch-size N] [--steps N] [--cpu-batch N]
 *     [--skip-convolutions]
 *
 * Prints milliseconds per call of the composite kernels and of the stock ones for each of the
 * discriminator's strided convolutions and for Tile, then images per second of trainGanStep.
 * Wasm has no stock Conv2DBackpropFilter, so the cpu backend's kernel is timed in its place.
 */
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

import { selectBackend } from '../src/backend.ts';
import { measureGanStep } from '../src/bench/modelRates.ts';
import {
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
} from '../src/kernels/index.ts';

type Shape4D = [number, number, number, number];

const { values } = parseArgs({
  options: {
    'batch-size': { type: 'string', default: '32' },
    steps: { type: 'string', default: '5' },
    'cpu-batch': { type: 'string', default: '2' },
    'skip-convolutions': { type: 'boolean', default: false },
  },
});
const batch = Number(values['batch-size']);
const steps = Number(values.steps);
const cpuBatch = Number(values['cpu-batch']);
if (![batch, steps, cpuBatch].every((value) => Number.isInteger(value) && value >= 1)) {
  process.stderr.write(
    'bench-train: --batch-size, --steps and --cpu-batch must be positive integers\n',
  );
  process.exit(2);
}

/** Runs `run` once to warm up, then `repeats` times, and returns milliseconds per run. */
async function time(run: () => tf.Tensor, repeats: number): Promise<number> {
  const warm = run();
  await warm.data();
  warm.dispose();
  const started = performance.now();
  for (let index = 0; index < repeats; index++) {
    const result = run();
    await result.data();
    result.dispose();
  }
  return (performance.now() - started) / repeats;
}

// The discriminator's three 4x4 stride-2 'same' convolutions.
const LAYERS: { input: Shape4D; filter: Shape4D }[] = [
  { input: [batch, 64, 64, 3], filter: [4, 4, 3, 64] },
  { input: [batch, 32, 32, 64], filter: [4, 4, 64, 128] },
  { input: [batch, 16, 16, 128], filter: [4, 4, 128, 128] },
];

function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: Shape4D): tf.Tensor {
  const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape };
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
}

async function benchKernels(): Promise<void> {
  for (const layer of LAYERS) {
    const [, height, width] = layer.input;
    const measure = async (backend: string, sizeOfBatch: number, repeats: number) => {
      await tf.setBackend(backend);
      const x = tf.randomNormal([sizeOfBatch, height, width, layer.input[3]]) as tf.Tensor4D;
      const dy = tf.randomNormal([
        sizeOfBatch,
        height / 2,
        width / 2,
        layer.filter[3],
      ]) as tf.Tensor4D;
      const w = tf.randomNormal(layer.filter) as tf.Tensor4D;
      const shape: Shape4D = [sizeOfBatch, height, width, layer.input[3]];
      const input = await time(() => tf.conv2dTranspose(dy, w, shape, 2, 'same'), repeats);
      // Stock wasm has no Conv2DBackpropFilter; NaN marks it missing.
      const filter = await time(() => filterGradient(x, dy, layer.filter), repeats).catch(
        () => Number.NaN,
      );
      tf.dispose([x, w, dy]);
      return { input, filter };
    };
    registerWasmTrainingKernels();
    const composite = await measure('wasm', batch, 5);
    unregisterWasmTrainingKernels();
    const stock = await measure('wasm', batch, 2);
    registerWasmTrainingKernels();
    // The cpu backend takes minutes per call at batch 32, so it runs at cpuBatch and scales.
    const cpu = await measure('cpu', cpuBatch, 1);
    const scale = batch / cpuBatch;
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    process.stdout.write(
      `conv ${JSON.stringify(layer.input)} * ${JSON.stringify(layer.filter)}, stride 2:\n` +
        `  Conv2DBackpropInput  composite ${ms(composite.input)}, ` +
        `stock wasm ${ms(stock.input)}\n` +
        `  Conv2DBackpropFilter composite ${ms(composite.filter)}, ` +
        `stock wasm ${Number.isNaN(stock.filter) ? 'missing' : ms(stock.filter)}, ` +
        `cpu ${ms(cpu.filter * scale)} (batch ${cpuBatch} times ${scale})\n`,
    );
  }
}

async function benchTile(): Promise<void> {
  // The BatchNorm gradient's tile of a per-channel scale to the second layer's activations.
  await tf.setBackend('wasm');
  const scale = tf.randomNormal([1, 1, 1, 128]);
  const reps = [batch, 16, 16, 1];
  registerWasmTrainingKernels();
  const composite = await time(() => tf.tile(scale, reps), 10);
  unregisterWasmTrainingKernels();
  const stock = await time(() => tf.tile(scale, reps), 10);
  registerWasmTrainingKernels();
  scale.dispose();
  process.stdout.write(
    `Tile [1,1,1,128] by ${JSON.stringify(reps)}: composite ${composite.toFixed(1)} ms, ` +
      `stock wasm ${stock.toFixed(1)} ms\n`,
  );
}

async function benchStep(): Promise<void> {
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
  const rate = await measureGanStep(batch, { warmup: 1, calls: steps, maxSeconds: Infinity });
  process.stdout.write(
    `GAN step, batch ${batch}: ${rate.imagesPerSecond.toFixed(1)} images/s ` +
      `(${rate.medianStepMs.toFixed(0)} ms per step, median of ${rate.timedSteps} steps)\n`,
  );
}

await selectBackend('wasm');
process.stdout.write(`wasm threads: ${getThreadsCount()}\n`);
if (!values['skip-convolutions']) {
  await benchKernels();
}
await benchTile();
await benchStep();
