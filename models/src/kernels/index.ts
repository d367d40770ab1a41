import {
  findBackend,
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs';

import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter.ts';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput.ts';

export { conv2dBackpropFilter } from './conv2dBackpropFilter.ts';
export { conv2dBackpropInput } from './conv2dBackpropInput.ts';

const WASM = 'wasm';

/** Stock kernels replaced by registerWasmTrainingKernels, kept so they can be restored. */
const replacedKernels = new Map<string, KernelConfig | undefined>();

function trainingKernelConfigs(): KernelConfig[] {
  return [conv2dBackpropFilterConfig(WASM), conv2dBackpropInputConfig(WASM)];
}

/**
 * Registers the gradient kernels that training needs on the wasm backend of tfjs 4.22, which
 * has no Conv2DBackpropFilter and whose Conv2DBackpropInput is 2-6x slower than the composite
 * (models/bin/bench-train.ts). Both are rebuilt from its XNNPACK Conv2D. Calling it again does nothing.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of trainingKernelConfigs()) {
    if (replacedKernels.has(config.kernelName)) {
      continue;
    }
    const stock = getKernel(config.kernelName, WASM);
    if (stock !== undefined) {
      unregisterKernel(config.kernelName, WASM);
    }
    replacedKernels.set(config.kernelName, stock);
    registerKernel(config);
  }
}

/** Restores the stock wasm kernels; benchmarks use it to compare against them. */
export function unregisterWasmTrainingKernels(): void {
  for (const [kernelName, stock] of replacedKernels) {
    unregisterKernel(kernelName, WASM);
    if (stock !== undefined) {
      registerKernel(stock);
      // A kernel missing from the registry when the backend started was never set up.
      const backend = findBackend(WASM);
      if (backend !== undefined && backend !== null) {
        stock.setupFunc?.(backend);
      }
    }
  }
  replacedKernels.clear();
}
