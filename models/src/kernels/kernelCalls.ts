import {
  getKernel,
  type DataId,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

/** The part of a tfjs backend that the composite kernels need. */
export interface DisposingBackend {
  disposeData(dataId: DataId, force?: boolean): boolean;
}

export function asDisposingBackend(backend: unknown): DisposingBackend {
  if (
    typeof backend !== 'object' ||
    backend === null ||
    typeof (backend as Partial<DisposingBackend>).disposeData !== 'function'
  ) {
    throw new TypeError('expected a tfjs backend with disposeData()');
  }
  return backend as DisposingBackend;
}

/**
 * Returns a kernel's attributes as the type its implementation expects. tfjs always passes
 * attributes to the gradient kernels, so a missing map means the kernel was called by hand.
 */
export function kernelAttrs<Attrs>(kernelName: string, attrs: NamedAttrMap | undefined): Attrs {
  if (attrs === undefined) {
    throw new Error(`${kernelName} expects attributes`);
  }
  return attrs as unknown as Attrs;
}

/**
 * Runs other kernels of one backend directly, below the engine, and frees every intermediate
 * output when disposed. Calling kernel functions instead of tf ops keeps the composite kernel
 * off the gradient tape and out of the engine's tensor counts, as a native kernel would be.
 */
export class KernelCalls {
  private readonly temporaries: TensorInfo[] = [];

  constructor(
    private readonly backend: DisposingBackend,
    private readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = getKernel(kernelName, this.backendName);
    if (config === undefined) {
      throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    }
    const result = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(result)) {
      throw new Error(`kernel ${kernelName} returned several outputs, expected one`);
    }
    this.temporaries.push(result);
    return result;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Removes `result` from the intermediates, so that the caller owns it. */
  keep(result: TensorInfo): TensorInfo {
    const index = this.temporaries.indexOf(result);
    if (index >= 0) {
      this.temporaries.splice(index, 1);
    }
    return result;
  }

  dispose(): void {
    for (const info of this.temporaries.splice(0)) {
      this.backend.disposeData(info.dataId);
    }
  }
}
