import {
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  findBackend,
  getKernel,
  registerKernel,
  Tile,
  unregisterKernel,
  type KernelConfig,
} from '@tensorflow/tfjs';

import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter.ts';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput.ts';
import { tileConfig } from './tile.ts';

export { conv2dBackpropFilter } from './conv2dBackpropFilter.ts';
export { conv2dBackpropInput } from './conv2dBackpropInput.ts';
export { tileByBroadcast } from './tile.ts';

const WASM = 'wasm';

/** Stock kernels replaced by registerWasmTrainingKernels, kept so they can be restored. */
const replacedKernels = new Map<string, KernelConfig | undefined>();

interface Replacement {
  kernelName: string;
  /** Builds the kernel from the stock one, which is undefined where wasm has none. */
  create(stock: KernelConfig | undefined): KernelConfig | null;
}

const REPLACEMENTS: readonly Replacement[] = [
  { kernelName: Conv2DBackpropFilter, create: () => conv2dBackpropFilterConfig(WASM) },
  { kernelName: Conv2DBackpropInput, create: () => conv2dBackpropInputConfig(WASM) },
  {
    kernelName: Tile,
    create: (stock) => (stock === undefined ? null : tileConfig(WASM, stock)),
  },
];

/**
 * Registers the kernels that training needs on the wasm backend of tfjs 4.22, which has no
 * Conv2DBackpropFilter and whose Conv2DBackpropInput and Tile are several times slower than
 * the composites here (models/bin/bench-train.ts). The convolution gradients are rebuilt from
 * its XNNPACK Conv2D. Calling it again does nothing.
 */
export function registerWasmTrainingKernels(): void {
  for (const { kernelName, create } of REPLACEMENTS) {
    if (replacedKernels.has(kernelName)) {
      continue;
    }
    const stock = getKernel(kernelName, WASM);
    const config = create(stock);
    if (config === null) {
      continue;
    }
    if (stock !== undefined) {
      unregisterKernel(kernelName, WASM);
    }
    replacedKernels.set(kernelName, stock);
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
