import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FaceError } from '../../../server/src/faces/face.ts';
import { decodeFaceJpeg, encodeFaceJpeg } from '../../../server/src/faces/jpeg.ts';
import { gradientPixels, meanAbsoluteError } from './fixtures.ts';

interface Segment {
  marker: number;
  bytes: Buffer;
}

/** Splits a JPEG into its marker segments, from SOI up to and including the SOS header. */
function headerSegments(jpeg: Buffer): Segment[] {
  expect(jpeg.readUInt16BE(0)).toBe(0xffd8);
  const segments: Segment[] = [];
  let offset = 2;
  while (offset < jpeg.length) {
    expect(jpeg[offset]).toBe(0xff);
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    segments.push({ marker, bytes: jpeg.subarray(offset, offset + 2 + length) });
    if (marker === 0xda) break;
    offset += 2 + length;
  }
  return segments;
}

function noisePixels(seed: number): Uint8Array {
  const pixels = new Uint8Array(64 * 64 * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return pixels;
}

describe('encodeFaceJpeg', () => {
  it('writes identical headers for different pixels', async () => {
    const smooth = headerSegments(await encodeFaceJpeg(gradientPixels(64, 64), 90));
    const noisy = headerSegments(await encodeFaceJpeg(noisePixels(7), 90));

    expect(noisy.map((s) => s.marker)).toEqual(smooth.map((s) => s.marker));
    for (const [index, segment] of smooth.entries()) {
      expect(noisy[index]?.bytes.equals(segment.bytes), `segment ${index}`).toBe(true);
    }
  });

  it('writes no metadata segments', async () => {
    const segments = headerSegments(await encodeFaceJpeg(noisePixels(1), 90));
    const markers = segments.map((s) => s.marker.toString(16));
    // APP0..APP15 (JFIF, EXIF, ICC, XMP and others) are e0..ef, and a comment is fe.
    expect(markers.filter((m) => m.startsWith('e') || m === 'fe')).toEqual([]);
    expect(markers).toEqual(['db', 'db', 'c0', 'c4', 'c4', 'c4', 'c4', 'da']);
  });

  it('writes baseline JPEG with 4:2:0 chroma', async () => {
    const jpeg = await encodeFaceJpeg(noisePixels(2), 90);
    const metadata = await sharp(jpeg).metadata();

    expect(metadata.isProgressive).toBe(false);
    expect(metadata.chromaSubsampling).toBe('4:2:0');
    expect(metadata.hasProfile).toBe(false);
    expect(metadata.exif).toBeUndefined();
  });

  it('applies the quality to the quantization tables', async () => {
    const pixels = noisePixels(3);
    const tables = async (quality: number) =>
      headerSegments(await encodeFaceJpeg(pixels, quality))
        .filter((s) => s.marker === 0xdb)
        .map((s) => s.bytes.toString('hex'));

    expect(await tables(50)).not.toEqual(await tables(90));
  });

  it('rejects pixels of the wrong length', async () => {
    await expect(encodeFaceJpeg(new Uint8Array(100), 90)).rejects.toMatchObject({
      code: 'invalidFacePixels',
    });
  });

  it.each([0, 101, 89.5])('rejects quality %s', async (quality) => {
    await expect(encodeFaceJpeg(noisePixels(4), quality)).rejects.toMatchObject({
      code: 'invalidJpegQuality',
    });
  });
});

describe('decodeFaceJpeg', () => {
  it('returns pixels close to the encoded ones', async () => {
    const pixels = gradientPixels(64, 64);
    const decoded = await decodeFaceJpeg(await encodeFaceJpeg(pixels, 90));

    expect(decoded).toHaveLength(pixels.length);
    expect(meanAbsoluteError(decoded, pixels)).toBeLessThan(2);
  });

  it('decodes identical bytes to identical pixels', async () => {
    const jpeg = await encodeFaceJpeg(noisePixels(5), 90);
    expect(await decodeFaceJpeg(jpeg)).toEqual(await decodeFaceJpeg(jpeg));
  });

  it('rejects PNG bytes', async () => {
    const png = await sharp(gradientPixels(64, 64), { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toBuffer();
    await expect(decodeFaceJpeg(png)).rejects.toBeInstanceOf(FaceError);
  });

  it('rejects a truncated JPEG', async () => {
    const jpeg = await encodeFaceJpeg(noisePixels(6), 90);
    await expect(decodeFaceJpeg(jpeg.subarray(0, jpeg.length / 2))).rejects.toMatchObject({
      code: 'invalidFaceJpeg',
    });
  });

  it('rejects a JPEG that is not 64x64', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 64, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    await expect(decodeFaceJpeg(jpeg)).rejects.toMatchObject({ code: 'invalidFaceJpeg' });
  });
});
