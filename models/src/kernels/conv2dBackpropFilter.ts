import {
  Conv2DBackpropFilter,
  type KernelConfig,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

import {
  explicitPadding,
  forwardConvInfo,
  type ConvGeometryAttrs,
  type Shape4D,
} from './convGeometry.ts';
import { asDisposingBackend, KernelCalls, kernelAttrs } from './kernelCalls.ts';

interface FilterGradientAttrs extends ConvGeometryAttrs {
  filterShape: Shape4D;
}

/**
 * Computes the filter gradient of a 2D convolution as one dilated convolution.
 *
 * dW[i, j, c, o] = sum over b, y, x of xPadded[b, y * s + i, x * s + j, c] * dy[b, y, x, o].
 * With x laid out as [C, H, W, B] (channels as the batch) and dy as [Ho, Wo, B, O] (the
 * filter, dilated by the stride), that sum is a stride-1 Conv2D whose output is [C, fh, fw, O].
 */
export function conv2dBackpropFilter(
  backendName: string,
  inputs: NamedTensorInfoMap,
  backend: unknown,
  attrs: FilterGradientAttrs,
): TensorInfo {
  const x = inputs['x'];
  const dy = inputs['dy'];
  if (x === undefined || dy === undefined) {
    throw new Error('Conv2DBackpropFilter expects inputs x and dy');
  }
  const [filterHeight, filterWidth] = attrs.filterShape;
  const info = forwardConvInfo(Conv2DBackpropFilter, x.shape as Shape4D, attrs.filterShape, attrs);
  const calls = new KernelCalls(asDisposingBackend(backend), backendName);
  try {
    const [batch, inHeight, inWidth, inChannels] = x.shape as Shape4D;
    // Rows and columns past the last filter tap never reach the output, so they are cut off
    // where the padding after the input would be negative.
    const spanHeight = (info.outHeight - 1) * info.strideHeight;
    const spanWidth = (info.outWidth - 1) * info.strideWidth;
    const padBottom = filterHeight + spanHeight - inHeight - info.padInfo.top;
    const padRight = filterWidth + spanWidth - inWidth - info.padInfo.left;
    let input = x;
    if (padBottom < 0 || padRight < 0) {
      const usedHeight = inHeight + Math.min(padBottom, 0);
      const usedWidth = inWidth + Math.min(padRight, 0);
      input = calls.slice(x, [0, 0, 0, 0], [batch, usedHeight, usedWidth, inChannels]);
    }
    const channelsAsBatch = calls.transpose(input, [3, 1, 2, 0]);
    const dyAsFilter = calls.transpose(dy, [1, 2, 0, 3]);
    const gradient = calls.run(
      'Conv2D',
      { x: channelsAsBatch, filter: dyAsFilter },
      {
        strides: 1,
        dilations: [info.strideHeight, info.strideWidth],
        pad: explicitPadding(
          info.padInfo.top,
          Math.max(padBottom, 0),
          info.padInfo.left,
          Math.max(padRight, 0),
        ),
        dataFormat: 'NHWC',
      },
    );
    return calls.keep(calls.transpose(gradient, [1, 2, 0, 3]));
  } finally {
    calls.dispose();
  }
}

export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) =>
      conv2dBackpropFilter(
        backendName,
        inputs,
        backend,
        kernelAttrs<FilterGradientAttrs>(Conv2DBackpropFilter, attrs),
      ),
  };
}
