import { backend_util } from '@tensorflow/tfjs';

export type ConvPadding = 'valid' | 'same' | number | number[][];

export interface ConvGeometryAttrs {
  strides: [number, number] | number;
  pad: ConvPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export type Shape4D = [number, number, number, number];

/** Computes the forward convolution's geometry: strides, output size and padding. */
export function forwardConvInfo(
  kernelName: string,
  xShape: Shape4D,
  filterShape: Shape4D,
  attrs: ConvGeometryAttrs,
): backend_util.Conv2DInfo {
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} supports dataFormat 'NHWC' only, got '${attrs.dataFormat}'`);
  }
  return backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    // computeConv2DInfo accepts explicit padding as nested arrays.
    attrs.pad as Parameters<typeof backend_util.computeConv2DInfo>[4],
    attrs.dimRoundingMode,
  );
}

/** Explicit NHWC padding for Conv2D: none on the batch and channel axes. */
export function explicitPadding(
  top: number,
  bottom: number,
  left: number,
  right: number,
): number[][] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
