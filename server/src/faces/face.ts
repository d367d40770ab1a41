import { ServerError } from '../errors.ts';

/** Width and height of every face, in pixels. */
export const FACE_SIZE = 64;
export const FACE_CHANNELS = 3;
/** Length of a face's pixel buffer: rows of RGB pixels, top to bottom, 8 bits per channel. */
export const FACE_BYTES = FACE_SIZE * FACE_SIZE * FACE_CHANNELS;

/** A face from the dataset, ready for play. */
export interface RealFace {
  /** Absolute path of the file, as reached from the faces folder. */
  sourcePath: string;
  /** Path below the faces folder with `/` separators, which the hold-out split hashes. */
  relativePath: string;
  /** `FACE_BYTES` bytes of RGB pixels. */
  pixels: Uint8Array;
}

export type FaceErrorCode =
  | 'facesDirMissing'
  | 'facesDirNotDirectory'
  | 'facesDirUnreadable'
  | 'facesDirEmpty'
  | 'noReadableFaces'
  | 'invalidFacePixels'
  | 'invalidFaceJpeg'
  | 'invalidJpegQuality';

export class FaceError extends ServerError<FaceErrorCode> {
  /** The file or folder involved, when there is one. */
  readonly path: string | undefined;

  constructor(code: FaceErrorCode, message: string, path?: string, options?: ErrorOptions) {
    super(code, message, options);
    this.path = path;
  }
}

/** Throws `invalidFacePixels` unless `pixels` has the length of one 64x64 RGB face. */
export function assertFacePixels(pixels: Uint8Array): void {
  if (pixels.length !== FACE_BYTES) {
    throw new FaceError(
      'invalidFacePixels',
      `Invalid face pixels: expected ${FACE_BYTES} bytes (64x64 RGB), got ${pixels.length}`,
    );
  }
}
