import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

import { IMAGE_CHANNELS, IMAGE_SIZE } from '../discriminator.ts';

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
  const grid = tf.tidy(() => {
    const images = generator.predict(latent) as tf.Tensor4D; // [64, 64, 64, 3] in [-1, 1]
    const pixels = tf.clipByValue(tf.mul(tf.add(images, 1), 127.5), 0, 255);
    // [row, column, y, x, c] to [row, y, column, x, c].
    const tiles = tf.reshape(pixels, [GRID_SIDE, GRID_SIDE, IMAGE_SIZE, IMAGE_SIZE, 3]);
    return tf.cast(tf.round(tf.transpose(tiles, [0, 2, 1, 3, 4])), 'int32');
  });
  const values = await grid.data();
  grid.dispose();
  const side = GRID_SIDE * IMAGE_SIZE;
  return sharp(Uint8Array.from(values), {
    raw: { width: side, height: side, channels: IMAGE_CHANNELS },
  })
    .png()
    .toBuffer();
}
