import {
  Conv2DBackpropInput,
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

interface InputGradientAttrs extends ConvGeometryAttrs {
  inputShape: Shape4D;
}

/**
 * Computes the input gradient of a 2D convolution (a transposed convolution) as one stride-1
 * Conv2D over dy that produces every stride phase at once, followed by an interleave.
 *
 * In one dimension with stride s and top padding p, dx[y] = sum over t, i with t * s + i = y + p
 * of dy[t] * W[i]. Writing y + p = q * s + r and i = k * s + r turns this into, for each phase r,
 * an ordinary convolution of dy with the taps W[k * s + r], flipped. Stacking the phases as output
 * channels gives Z[q, r]; the interleave reads Z as rows q * s + r and the slice drops the padding.
 */
export function conv2dBackpropInput(
  backendName: string,
  inputs: NamedTensorInfoMap,
  backend: unknown,
  attrs: InputGradientAttrs,
): TensorInfo {
  const dy = inputs['dy'];
  const filter = inputs['filter'];
  if (dy === undefined || filter === undefined) {
    throw new Error('Conv2DBackpropInput expects inputs dy and filter');
  }
  const filterShape = filter.shape as Shape4D;
  const info = forwardConvInfo(Conv2DBackpropInput, attrs.inputShape, filterShape, attrs);
  const calls = new KernelCalls(asDisposingBackend(backend), backendName);
  try {
    const [batch, inHeight, inWidth, inChannels] = attrs.inputShape;
    const [filterHeight, filterWidth, , outChannels] = filterShape;
    const strideHeight = info.strideHeight;
    const strideWidth = info.strideWidth;
    const tapsHeight = Math.ceil(filterHeight / strideHeight);
    const tapsWidth = Math.ceil(filterWidth / strideWidth);
    const phaseRows = Math.ceil((info.padInfo.top + inHeight) / strideHeight);
    const phaseColumns = Math.ceil((info.padInfo.left + inWidth) / strideWidth);

    // Filter [Kh, Kw, O, sh * sw * C]: tap (m, n) of phase (ry, rx) is
    // W[(Kh - 1 - m) * sh + ry, (Kw - 1 - n) * sw + rx], zero past the filter's edge.
    const paddedFilter = calls.pad(filter, [
      [0, tapsHeight * strideHeight - filterHeight],
      [0, tapsWidth * strideWidth - filterWidth],
      [0, 0],
      [0, 0],
    ]);
    const split = calls.reshape(paddedFilter, [
      tapsHeight,
      strideHeight,
      tapsWidth,
      strideWidth,
      inChannels,
      outChannels,
    ]);
    const phasesLast = calls.transpose(split, [0, 2, 5, 1, 3, 4]);
    const flipped = calls.run('Reverse', { x: phasesLast }, { dims: [0, 1] });
    const phaseFilter = calls.reshape(flipped, [
      tapsHeight,
      tapsWidth,
      outChannels,
      strideHeight * strideWidth * inChannels,
    ]);

    // Rows of dy past the last phase row never contribute, so they are cut off.
    let source = dy;
    const [, outHeight, outWidth] = dy.shape as Shape4D;
    if (phaseRows < outHeight || phaseColumns < outWidth) {
      const rows = Math.min(phaseRows, outHeight);
      const columns = Math.min(phaseColumns, outWidth);
      source = calls.slice(dy, [0, 0, 0, 0], [batch, rows, columns, outChannels]);
    }
    const [, sourceRows, sourceColumns] = source.shape as Shape4D;
    const phases = calls.run(
      'Conv2D',
      { x: source, filter: phaseFilter },
      {
        strides: 1,
        dilations: 1,
        pad: explicitPadding(
          tapsHeight - 1,
          phaseRows - sourceRows,
          tapsWidth - 1,
          phaseColumns - sourceColumns,
        ),
        dataFormat: 'NHWC',
      },
    );

    let interleaved = phases;
    if (strideHeight > 1 || strideWidth > 1) {
      const phaseGrid = calls.reshape(phases, [
        batch,
        phaseRows,
        phaseColumns,
        strideHeight,
        strideWidth,
        inChannels,
      ]);
      const rowsThenColumns = calls.transpose(phaseGrid, [0, 1, 3, 2, 4, 5]);
      interleaved = calls.reshape(rowsThenColumns, [
        batch,
        phaseRows * strideHeight,
        phaseColumns * strideWidth,
        inChannels,
      ]);
    }
    return calls.keep(
      calls.slice(
        interleaved,
        [0, info.padInfo.top, info.padInfo.left, 0],
        [batch, inHeight, inWidth, inChannels],
      ),
    );
  } finally {
    calls.dispose();
  }
}

export function conv2dBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) =>
      conv2dBackpropInput(
        backendName,
        inputs,
        backend,
        kernelAttrs<InputGradientAttrs>(Conv2DBackpropInput, attrs),
      ),
  };
}
