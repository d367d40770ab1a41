import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_BYTES, FaceError, type RealFace } from '../../../server/src/faces/face.ts';
import { loadFaceFolder, type LoadedFaces } from '../../../server/src/faces/loadFaces.ts';
import { captureLog, gradientPixels, meanAbsoluteError, rawImage } from './fixtures.ts';

const DATASET = '/work/shared/datasets/anime-faces/images';

/** Pixels of three vertical bars (red, green, blue) or horizontal ones when `rows` is set. */
function barPixels(width: number, height: number, rows: boolean): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  const length = rows ? height : width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const position = rows ? y : x;
      const bar = position < length / 5 ? 0 : position < (length * 4) / 5 ? 1 : 2;
      pixels[(y * width + x) * 3 + bar] = 255;
    }
  }
  return pixels;
}

/** RGBA pixels: transparent left half, opaque red right half. */
function halfTransparentPixels(): Uint8Array {
  const pixels = new Uint8Array(64 * 64 * 4);
  for (let y = 0; y < 64; y++) {
    for (let x = 32; x < 64; x++) pixels.set([255, 0, 0, 255], (y * 64 + x) * 4);
  }
  return pixels;
}

function pixelAt(face: RealFace, x: number, y: number): number[] {
  const offset = (y * 64 + x) * 3;
  return Array.from(face.pixels.subarray(offset, offset + 3));
}

async function expectFaceError(dir: string, code: string): Promise<FaceError> {
  const error = await loadFaceFolder(dir, captureLog().logger).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FaceError);
  expect((error as FaceError).code).toBe(code);
  return error as FaceError;
}

describe('loadFaceFolder', () => {
  let tmp: string;
  let root: string;
  let result: LoadedFaces;
  let log: ReturnType<typeof captureLog>;
  const gradient = gradientPixels(64, 64);

  function face(relativePath: string): RealFace {
    const found = result.faces.find((candidate) => candidate.relativePath === relativePath);
    if (found === undefined) throw new Error(`no face loaded from ${relativePath}`);
    return found;
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'faces-'));
    root = path.join(tmp, 'faces');
    await mkdir(path.join(root, 'nested/a/b'), { recursive: true });
    await mkdir(path.join(root, 'broken'));

    const goodJpeg = await rawImage(gradient, 64, 64, 3).jpeg({ quality: 95 }).toBuffer();
    await writeFile(path.join(root, 'good.jpg'), goodJpeg);
    await rawImage(gradient, 64, 64, 3).png().toFile(path.join(root, 'exact.png'));
    await rawImage(halfTransparentPixels(), 64, 64, 4).png().toFile(path.join(root, 'alpha.png'));
    await rawImage(barPixels(100, 60, false), 100, 60, 3)
      .png()
      .toFile(path.join(root, 'wide.png'));
    await rawImage(barPixels(60, 100, true), 60, 100, 3)
      .png()
      .toFile(path.join(root, 'tall.png'));
    await rawImage(gradient, 64, 64, 3).grayscale().png().toFile(path.join(root, 'gray.png'));
    await rawImage(gradient, 64, 64, 3)
      .toColourspace('rgb16')
      .png()
      .toFile(path.join(root, 'deep.png'));
    await writeFile(path.join(root, 'UPPER.JPG'), goodJpeg);
    await writeFile(path.join(root, 'mixed.Jpeg'), goodJpeg);
    await writeFile(path.join(root, 'nested/a/b/deep.jpeg'), goodJpeg);
    await rawImage(gradient, 64, 64, 3).webp().toFile(path.join(root, 'other.webp'));
    await writeFile(path.join(root, 'readme.txt'), 'not a face');

    await writeFile(path.join(root, 'broken/truncated.jpg'), goodJpeg.subarray(0, 400));
    await writeFile(path.join(root, 'broken/empty.jpg'), '');
    await writeFile(path.join(root, 'broken/notes.jpg'), 'plain text named like a JPEG');

    log = captureLog();
    result = await loadFaceFolder(root, log.logger);
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('loads every readable PNG and JPEG', () => {
    expect(result.faces.map((f) => f.relativePath).sort()).toEqual([
      'UPPER.JPG',
      'alpha.png',
      'deep.png',
      'exact.png',
      'good.jpg',
      'gray.png',
      'mixed.Jpeg',
      'nested/a/b/deep.jpeg',
      'tall.png',
      'wide.png',
    ]);
  });

  it('returns 64x64 RGB pixels with their own buffer', () => {
    for (const loaded of result.faces) {
      expect(loaded.pixels.length, loaded.relativePath).toBe(FACE_BYTES);
      expect(loaded.pixels.buffer.byteLength, loaded.relativePath).toBe(FACE_BYTES);
    }
  });

  it('keeps PNG pixels exactly', () => {
    expect(face('exact.png').pixels).toEqual(gradient);
  });

  it('keeps JPEG pixels close', () => {
    expect(meanAbsoluteError(face('good.jpg').pixels, gradient)).toBeLessThan(3);
  });

  it('flattens alpha onto white', () => {
    expect(pixelAt(face('alpha.png'), 5, 10)).toEqual([255, 255, 255]);
    expect(pixelAt(face('alpha.png'), 60, 10)).toEqual([255, 0, 0]);
  });

  it('crops wide images to the centre square', () => {
    const pixels = face('wide.png').pixels;
    for (let offset = 0; offset < pixels.length; offset += 3) {
      expect(pixels[offset]).toBeLessThan(64);
      expect(pixels[offset + 1]).toBeGreaterThan(192);
      expect(pixels[offset + 2]).toBeLessThan(64);
    }
  });

  it('crops tall images to the centre square', () => {
    const pixels = face('tall.png').pixels;
    for (let offset = 0; offset < pixels.length; offset += 3) {
      expect(pixels[offset]).toBeLessThan(64);
      expect(pixels[offset + 1]).toBeGreaterThan(192);
      expect(pixels[offset + 2]).toBeLessThan(64);
    }
  });

  it('expands grayscale to three equal channels', () => {
    const [red, green, blue] = pixelAt(face('gray.png'), 40, 20);
    expect(green).toBe(red);
    expect(blue).toBe(red);
  });

  it('reduces 16-bit PNGs to 8 bits', () => {
    expect(meanAbsoluteError(face('deep.png').pixels, gradient)).toBeLessThan(1);
  });

  it('names nested faces by their path below the folder', () => {
    const nested = face('nested/a/b/deep.jpeg');
    expect(nested.sourcePath).toBe(path.join(root, 'nested/a/b/deep.jpeg'));
  });

  it('counts undecodable files as skipped', () => {
    expect(result.skipped).toBe(3);
  });

  it('warns once about the skipped files', () => {
    const warnings = log.entries.filter((entry) => entry.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.skipped).toBe(3);
    const examples = warnings[0]?.examples as { path: string }[];
    expect(examples.map((example) => path.basename(example.path)).sort()).toEqual([
      'empty.jpg',
      'notes.jpg',
      'truncated.jpg',
    ]);
  });

  it('returns the same order at any concurrency', async () => {
    const serial = await loadFaceFolder(root, captureLog().logger, { concurrency: 1 });
    const order = (loaded: LoadedFaces) => loaded.faces.map((f) => f.relativePath);
    expect(order(serial)).toEqual(order(result));
  });

  it('rejects a concurrency below 1', async () => {
    await expect(loadFaceFolder(root, captureLog().logger, { concurrency: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('loadFaceFolder with symbolic links', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'faces-links-'));
    await mkdir(path.join(tmp, 'real'));
    await rawImage(gradientPixels(64, 64), 64, 64, 3).png().toFile(path.join(tmp, 'real/face.png'));
    await symlink('.', path.join(tmp, 'real/self'));
    await symlink('..', path.join(tmp, 'real/parent'));
    await symlink('real/face.png', path.join(tmp, 'alias.png'));
    await symlink('missing.png', path.join(tmp, 'dangling.png'));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('finishes on link loops and lists each file once', async () => {
    const loaded = await loadFaceFolder(tmp, captureLog().logger);
    expect(loaded.faces.map((f) => f.relativePath)).toEqual(['alias.png']);
  });

  it('counts a dangling link to an image as skipped', async () => {
    const loaded = await loadFaceFolder(tmp, captureLog().logger);
    expect(loaded.skipped).toBe(1);
  });
});

describe('loadFaceFolder errors', () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'faces-errors-'));
    await mkdir(path.join(tmp, 'empty'));
    await mkdir(path.join(tmp, 'text-only'));
    await writeFile(path.join(tmp, 'text-only/notes.txt'), 'no images here');
    await mkdir(path.join(tmp, 'all-broken'));
    await writeFile(path.join(tmp, 'all-broken/a.jpg'), '');
    await writeFile(path.join(tmp, 'all-broken/b.png'), 'not a png');
    await writeFile(path.join(tmp, 'file.jpg'), '');
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('rejects a missing folder with a fix', async () => {
    const error = await expectFaceError(path.join(tmp, 'missing'), 'facesDirMissing');
    expect(error.message).toContain(path.join(tmp, 'missing'));
    expect(error.message).toContain('FACES_DIR');
    expect(error.message).toContain('npm run dataset');
  });

  it('rejects a file in place of a folder', async () => {
    await expectFaceError(path.join(tmp, 'file.jpg'), 'facesDirNotDirectory');
  });

  it('rejects an empty folder with a fix', async () => {
    const error = await expectFaceError(path.join(tmp, 'empty'), 'facesDirEmpty');
    expect(error.message).toContain('FACES_DIR');
    expect(error.message).toContain('npm run dataset');
  });

  it('rejects a folder without images', async () => {
    await expectFaceError(path.join(tmp, 'text-only'), 'facesDirEmpty');
  });

  it('rejects a folder where no image decodes', async () => {
    await expectFaceError(path.join(tmp, 'all-broken'), 'noReadableFaces');
  });
});

describe.skipIf(!existsSync(DATASET))('loadFaceFolder on the shared dataset', () => {
  let tmp: string;
  let names: string[];

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'faces-dataset-'));
    const manifest = await readFile(path.join(DATASET, '../MANIFEST.txt'), 'utf8');
    names = manifest
      .split('\n')
      .filter((name) => name !== '')
      .slice(0, 50);
    for (const name of names) await copyFile(path.join(DATASET, name), path.join(tmp, name));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('loads 50 dataset faces without skipping any', async () => {
    const loaded = await loadFaceFolder(tmp, captureLog().logger);
    expect(loaded.skipped).toBe(0);
    expect(loaded.faces.map((f) => f.relativePath).sort()).toEqual([...names].sort());
  });

  it('leaves 64x64 dataset pixels as decoded', async () => {
    const loaded = await loadFaceFolder(tmp, captureLog().logger);
    const first = loaded.faces[0];
    if (first === undefined) throw new Error('no face loaded');
    const decoded = await sharp(first.sourcePath).raw().toBuffer();
    expect(Buffer.from(first.pixels).equals(decoded)).toBe(true);
  });
});
