import { describe, expect, it } from 'vitest';

import { decodeFaceJpeg, encodeFaceJpeg, padFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import {
  encodeGeneratedFace,
  encodeRealFace,
  newImageId,
} from '../../../server/src/rounds/preparedFace.ts';
import { gradientPixels } from '../faces/fixtures.ts';

describe('encodeGeneratedFace', () => {
  it('compresses a fake twice at the same quality', async () => {
    const pixels = gradientPixels(64, 64);
    const twice = await encodeFaceJpeg(await decodeFaceJpeg(await encodeFaceJpeg(pixels, 85)), 85);
    expect(await encodeGeneratedFace(pixels, 85)).toEqual(padFaceJpeg(twice));
  });

  it('differs from a single compression', async () => {
    // Noise, unlike a smooth gradient, still changes on a second pass at the same quality.
    const pixels = new Uint8Array(64 * 64 * 3).map((_, i) => (i * 7919) % 251);
    const once = padFaceJpeg(await encodeFaceJpeg(pixels, 85));
    expect(await encodeGeneratedFace(pixels, 85)).not.toEqual(once);
  });
});

describe('encodeRealFace', () => {
  it('uses the shared face encoder', async () => {
    const pixels = gradientPixels(64, 64);
    expect(await encodeRealFace(pixels, 85)).toEqual(padFaceJpeg(await encodeFaceJpeg(pixels, 85)));
  });
});

describe('newImageId', () => {
  it('returns 128 bits in base64url', () => {
    const id = newImageId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });
});
