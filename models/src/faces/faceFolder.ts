import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

import sharp from 'sharp';

import { IMAGE_CHANNELS, IMAGE_SIZE } from '../discriminator.ts';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);
const DECODE_CONCURRENCY = 8;

/** One face: 64x64x3 RGB bytes, row-major HWC. */
export interface FaceImage {
  /** Path relative to the folder, with forward slashes. */
  relativePath: string;
  pixels: Uint8Array;
}

export interface FaceFolder {
  faces: FaceImage[];
  /** Files with an image extension that failed to decode. */
  skipped: { relativePath: string; reason: string }[];
}

export class FaceFolderError extends Error {
  override readonly name = 'FaceFolderError';
  readonly code: 'missing' | 'empty';
  readonly dir: string;

  constructor(code: 'missing' | 'empty', dir: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.dir = dir;
  }
}

/** Lists image files under `dir`, recursively, sorted by relative path. */
export async function listImageFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (error) {
    throw new FaceFolderError('missing', dir, `cannot read the face folder ${dir}`, {
      cause: error,
    });
  }
  return entries
    .filter((entry) => IMAGE_EXTENSIONS.has(extname(entry).toLowerCase()))
    .map((entry) => relative(dir, join(dir, entry)).split(sep).join('/'))
    .sort();
}

/** Decodes one image, center-cropped and resized to 64x64, as RGB bytes. */
export async function decodeFace(file: string): Promise<Uint8Array> {
  const { data, info } = await sharp(file)
    .resize(IMAGE_SIZE, IMAGE_SIZE, { fit: 'cover', position: 'centre' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== IMAGE_CHANNELS || data.length !== IMAGE_SIZE * IMAGE_SIZE * 3) {
    throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}, expected 64x64x3`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

/**
 * Loads every PNG and JPEG under `dir`. Files that fail to decode are skipped and listed; a
 * folder without a single readable face is an error.
 */
export async function loadFaceFolder(dir: string): Promise<FaceFolder> {
  const files = await listImageFiles(dir);
  const results: (FaceImage | { relativePath: string; reason: string })[] = new Array(files.length);
  let next = 0;
  const decodeNext = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const relativePath = files[index] ?? '';
      try {
        results[index] = { relativePath, pixels: await decodeFace(join(dir, relativePath)) };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        results[index] = { relativePath, reason };
      }
    }
  };
  await Promise.all(Array.from({ length: DECODE_CONCURRENCY }, decodeNext));

  const faces: FaceImage[] = [];
  const skipped: FaceFolder['skipped'] = [];
  for (const result of results) {
    if ('pixels' in result) {
      faces.push(result);
    } else {
      skipped.push(result);
    }
  }
  if (faces.length === 0) {
    throw new FaceFolderError(
      'empty',
      dir,
      `no readable PNG or JPEG faces in ${dir} (${skipped.length} failed to decode)`,
    );
  }
  return { faces, skipped };
}
