import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ModelService } from '../../../server/src/ai/modelService.ts';
import {
  decodeFaceJpeg,
  encodeFaceJpeg,
  PADDED_FACE_JPEG_BYTES,
  padFaceJpeg,
} from '../../../server/src/faces/jpeg.ts';
import { encodeGeneratedFace, encodeRealFace } from '../../../server/src/rounds/preparedFace.ts';
import { gradientPixels } from '../faces/fixtures.ts';
import { seededModels } from './models.ts';

let models: ModelService;

beforeAll(async () => {
  models = await seededModels();
});

afterAll(() => {
  models.dispose();
});

function noisePixels(seed: number): Uint8Array {
  return new Uint8Array(64 * 64 * 3).map((_, i) => (i * 7919 + seed * 104_729) % 251);
}

describe('face JPEG size', () => {
  it('is the same for real and generated faces', async () => {
    const real = await encodeRealFace(gradientPixels(64, 64), 90);
    const [generated] = models.generate(1);
    const fake = await encodeGeneratedFace(generated!, 90);
    expect(real.length).toBe(PADDED_FACE_JPEG_BYTES);
    expect(fake.length).toBe(PADDED_FACE_JPEG_BYTES);
  });

  it('is the same for smooth and noisy faces at quality 100', async () => {
    const smooth = await encodeRealFace(gradientPixels(64, 64), 100);
    const noisy = await encodeRealFace(noisePixels(1), 100);
    expect(smooth.length).toBe(PADDED_FACE_JPEG_BYTES);
    expect(noisy.length).toBe(PADDED_FACE_JPEG_BYTES);
  });
});

describe('padFaceJpeg', () => {
  it('keeps the decoded pixels', async () => {
    const jpeg = await encodeFaceJpeg(noisePixels(2), 90);
    const padded = padFaceJpeg(jpeg);
    expect(await decodeFaceJpeg(padded)).toEqual(await decodeFaceJpeg(jpeg));
  });

  it('inserts only 0xFF fill bytes before the end marker', async () => {
    const jpeg = await encodeFaceJpeg(noisePixels(3), 90);
    const padded = padFaceJpeg(jpeg);
    const body = jpeg.length - 2;
    expect(padded.subarray(0, body)).toEqual(jpeg.subarray(0, body));
    expect(padded.subarray(body, -2).every((byte) => byte === 0xff)).toBe(true);
    expect(padded.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('pads a larger file to the next multiple', () => {
    const large = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      Buffer.alloc(PADDED_FACE_JPEG_BYTES),
      Buffer.from([0xff, 0xd9]),
    ]);
    expect(padFaceJpeg(large).length).toBe(2 * PADDED_FACE_JPEG_BYTES);
  });

  it('rejects bytes without an end marker', () => {
    expect(() => padFaceJpeg(Buffer.from([0xff, 0xd8, 1, 2]))).toThrow(/end marker/);
  });
});
