import sharp, { type OutputInfo } from 'sharp';
import { assertFacePixels, FACE_BYTES, FACE_CHANNELS, FACE_SIZE, FaceError } from './face.ts';

/**
 * Encoder settings shared by real and generated faces, so that nothing in a file but its
 * pixels distinguishes the two. Standard Huffman tables (`optimiseCoding: false`) keep the DHT
 * segments identical for every image, whereas optimised tables are computed from each image.
 * sharp writes no EXIF, ICC, XMP or JFIF segment unless asked to keep metadata.
 */
const JPEG_OPTIONS = {
  chromaSubsampling: '4:2:0',
  mozjpeg: false,
  progressive: false,
  optimiseCoding: false,
  force: true,
} as const;

/** Encodes a 64x64 RGB face as a baseline JPEG at `quality` (an integer from 1 to 100). */
export async function encodeFaceJpeg(pixels: Uint8Array, quality: number): Promise<Buffer> {
  assertFacePixels(pixels);
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new FaceError(
      'invalidJpegQuality',
      `Invalid JPEG quality ${quality}: expected an integer from 1 to 100`,
    );
  }
  return sharp(pixels, { raw: { width: FACE_SIZE, height: FACE_SIZE, channels: FACE_CHANNELS } })
    .jpeg({ ...JPEG_OPTIONS, quality })
    .toBuffer();
}

/**
 * Decodes a face JPEG into 64x64 RGB pixels. Throws `invalidFaceJpeg` when the bytes are not
 * a complete JPEG or the image is not 64x64.
 */
export async function decodeFaceJpeg(bytes: Uint8Array): Promise<Uint8Array> {
  // sharp decodes every format it supports, so the JPEG start-of-image marker is checked here.
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new FaceError('invalidFaceJpeg', 'Invalid face JPEG: missing the JPEG start marker');
  }
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, { failOn: 'truncated' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FaceError('invalidFaceJpeg', `Failed to decode face JPEG: ${reason}`, undefined, {
      cause: error,
    });
  }
  const { data, info } = decoded;
  if (info.width !== FACE_SIZE || info.height !== FACE_SIZE || data.length !== FACE_BYTES) {
    throw new FaceError(
      'invalidFaceJpeg',
      `Invalid face JPEG: expected 64x64 pixels, got ${info.width}x${info.height}`,
    );
  }
  return new Uint8Array(data);
}
