import { randomBytes } from 'node:crypto';

import type { Label } from '@real-or-fake/shared';

import { decodeFaceJpeg, encodeFaceJpeg, padFaceJpeg } from '../faces/jpeg.ts';

/** A face encoded the way players will receive it and scored by the AI from those bytes. */
export interface ScoredFace {
  jpeg: Buffer;
  truth: Label;
  /** Discriminator output for the decoded `jpeg`: 0 is surely fake, 1 surely real. */
  aiScore: number;
  /** Null for a real face. */
  generatorVersion: string | null;
  discriminatorVersion: string;
}

/** A scored face with the image id that its round will publish. */
export interface PreparedFace extends ScoredFace {
  imageId: string;
}

/** Returns 128 random bits in base64url, an image id that carries nothing about the face. */
export function newImageId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Encodes a real face for players, padded to a fixed size. Its pixels were decoded from the
 * dataset's JPEG file.
 */
export async function encodeRealFace(pixels: Uint8Array, quality: number): Promise<Buffer> {
  return padFaceJpeg(await encodeFaceJpeg(pixels, quality));
}

/**
 * Encodes a generated face for players. Real faces reach players JPEG-compressed twice, once
 * by the dataset and once by `encodeRealFace`, and the artifacts of a second compression could
 * tell them apart from fakes compressed once. So a fake is encoded, decoded and encoded again,
 * then padded like a real face.
 */
export async function encodeGeneratedFace(pixels: Uint8Array, quality: number): Promise<Buffer> {
  const once = await encodeFaceJpeg(pixels, quality);
  // NOTE: the dataset's own JPEG quality is unknown, so the first passes of the two kinds may
  // differ in quality even though both kinds are compressed twice.
  return padFaceJpeg(await encodeFaceJpeg(await decodeFaceJpeg(once), quality));
}
