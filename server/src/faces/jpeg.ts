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
 * Size that every face sent to players is padded to. A JPEG's size follows its content: with an
 * epoch-2 generator at quality 90, one size threshold separated 400 fakes and real faces with 67%
 * accuracy. Random noise at quality 100 encodes to under 9 kB, so in practice every face fits.
 */
export const PADDED_FACE_JPEG_BYTES = 16 * 1024;

const JPEG_EOI = Buffer.from([0xff, 0xd9]);

/**
 * Pads a JPEG to `PADDED_FACE_JPEG_BYTES`, or to the next multiple of it for a larger file, with
 * 0xFF fill bytes before the end-of-image marker. ITU-T T.81 (B.1.1.2) allows fill bytes before
 * any marker and decoders skip them, so the pixels stay the same and no segment is added.
 */
export function padFaceJpeg(jpeg: Buffer): Buffer {
  if (jpeg.length < 4 || !jpeg.subarray(-2).equals(JPEG_EOI)) {
    throw new FaceError('invalidFaceJpeg', 'Invalid face JPEG: missing the JPEG end marker');
  }
  const size = Math.ceil(jpeg.length / PADDED_FACE_JPEG_BYTES) * PADDED_FACE_JPEG_BYTES;
  const fill = Buffer.alloc(size - jpeg.length, 0xff);
  return Buffer.concat([jpeg.subarray(0, -2), fill, JPEG_EOI]);
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
