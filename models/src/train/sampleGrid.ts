import type * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

import { IMAGE_CHANNELS, IMAGE_SIZE } from '../discriminator.ts';
import { tensorToPixels } from '../inference.ts';

/** Side of the sample grid, in images. */
export const GRID_SIDE = 8;

/**
 * Generates GRID_SIDE^2 faces from fixed latent vectors and encodes them as one PNG grid,
 * row by row, so that grids of different epochs are comparable image by image.
 */
export async function renderSampleGrid(
  generator: tf.LayersModel,
  latent: tf.Tensor2D,
): Promise<Buffer> {
  const count = GRID_SIDE * GRID_SIDE;
  if (latent.shape[0] !== count) {
    throw new RangeError(`sample grid needs ${count} latent vectors, got ${latent.shape[0]}`);
  }
  const images = generator.predict(latent) as tf.Tensor4D;
  const faces = tensorToPixels(images);
  images.dispose();
  const side = GRID_SIDE * IMAGE_SIZE;
  const rowBytes = IMAGE_SIZE * IMAGE_CHANNELS;
  const grid = new Uint8Array(side * side * IMAGE_CHANNELS);
  faces.forEach((face, index) => {
    const top = Math.floor(index / GRID_SIDE) * IMAGE_SIZE;
    const left = (index % GRID_SIDE) * IMAGE_SIZE;
    for (let y = 0; y < IMAGE_SIZE; y++) {
      const target = ((top + y) * side + left) * IMAGE_CHANNELS;
      grid.set(face.subarray(y * rowBytes, (y + 1) * rowBytes), target);
    }
  });
  return sharp(grid, { raw: { width: side, height: side, channels: IMAGE_CHANNELS } })
    .png()
    .toBuffer();
}
