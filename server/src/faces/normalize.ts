import sharp from 'sharp';
import { FACE_BYTES, FACE_CHANNELS, FACE_SIZE } from './face.ts';

/**
 * Transparent pixels are composited onto white, the page colour that cut-out character art is
 * usually drawn for, so a PNG with alpha does not come out with a black halo.
 */
export const ALPHA_BACKGROUND = '#ffffff';

/**
 * Decodes a PNG or JPEG image (a file path or its bytes) into a 64x64 RGB face: applies the
 * EXIF orientation, flattens alpha onto `ALPHA_BACKGROUND`, crops the centred square and
 * resizes it. Rejects input that is empty, truncated or not a supported image, with sharp's
 * error.
 */
export async function normalizeFaceImage(input: string | Uint8Array): Promise<Uint8Array> {
  const { data, info } = await sharp(input, { failOn: 'truncated' })
    .autoOrient()
    .flatten({ background: ALPHA_BACKGROUND })
    .resize(FACE_SIZE, FACE_SIZE, { fit: 'cover', position: 'centre' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });

  if (info.channels !== FACE_CHANNELS || data.length !== FACE_BYTES) {
    throw new Error(
      `Decoded ${info.width}x${info.height}x${info.channels} (${data.length} bytes), ` +
        `expected ${FACE_SIZE}x${FACE_SIZE}x${FACE_CHANNELS}`,
    );
  }
  // A copy with its own ArrayBuffer, so `pixels.buffer` is exactly the face.
  return new Uint8Array(data);
}
