import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  extractArchive,
  isDatasetError,
  isImagePath,
  safeEntryPath,
  type DatasetError,
} from '../../../models/src/dataset/index.ts';
import {
  buildTar,
  buildTarGz,
  buildZip,
  makeFaceImages,
  type ArchiveEntry,
} from './helpers/archives.ts';

type Builder = (entries: ArchiveEntry[]) => Buffer;
const FORMATS: [string, Builder][] = [
  ['zip', buildZip],
  ['tar.gz', buildTarGz],
];

let root: string;
let target: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dataset-extract-'));
  // The target sits two levels down, so `../evil.jpg` and `../../evil.jpg` stay inside `root`.
  target = join(root, 'dest', 'staging');
  await mkdir(target, { recursive: true });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeArchive(build: Builder, entries: ArchiveEntry[]): Promise<string> {
  const path = join(root, 'archive.bin');
  await writeFile(path, build(entries));
  return path;
}

async function extractError(path: string): Promise<DatasetError> {
  const error: unknown = await extractArchive(path, target).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isDatasetError(error)) throw new Error(`expected a DatasetError, got ${String(error)}`);
  return error;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('extractArchive', () => {
  for (const [format, build] of FORMATS) {
    describe(format, () => {
      it('extracts images and keeps their folders', async () => {
        const faces = await makeFaceImages(3);
        const result = await extractArchive(await writeArchive(build, faces), target);
        expect(result).toEqual({ format, images: 3, skipped: 0 });
        expect(await listFiles(target)).toEqual(['faces/0.png', 'faces/1.jpg', 'faces/2.png']);
        expect((await readFile(join(target, 'faces/1.jpg'))).equals(faces[1]!.data!)).toBe(true);
      });

      it('skips other files and macOS metadata', async () => {
        const [face] = await makeFaceImages(1);
        const archive = await writeArchive(build, [
          { type: 'directory', name: 'faces' },
          face!,
          { name: 'README.txt', data: Buffer.from('hello') },
          { name: '__MACOSX/faces/0.png', data: Buffer.from('fork') },
          { name: 'faces/._0.png', data: Buffer.from('fork') },
        ]);
        const result = await extractArchive(archive, target);
        expect(result.images).toBe(1);
        expect(result.skipped).toBe(3);
        expect(await listFiles(target)).toEqual(['faces/0.png']);
      });

      it('rejects an entry that climbs out with ..', async () => {
        const faces = await makeFaceImages(1);
        const archive = await writeArchive(build, [
          ...faces,
          { name: '../evil.jpg', data: Buffer.from('evil') },
        ]);
        const error = await extractError(archive);
        expect(error.code).toBe('unsafeEntry');
        expect(error.message).toContain('../evil.jpg');
        expect(await listFiles(join(root, 'dest'))).not.toContain('evil.jpg');
      });

      it('rejects a nested .. entry', async () => {
        const archive = await writeArchive(build, [
          { name: 'faces/../../evil.jpg', data: Buffer.from('evil') },
        ]);
        expect((await extractError(archive)).code).toBe('unsafeEntry');
        expect(await listFiles(root)).toEqual(['archive.bin']);
      });

      it('rejects an absolute path', async () => {
        const outside = join(root, 'evil.jpg');
        const archive = await writeArchive(build, [{ name: outside, data: Buffer.from('x') }]);
        expect((await extractError(archive)).code).toBe('unsafeEntry');
        expect(await listFiles(root)).toEqual(['archive.bin']);
      });

      it('rejects an image over the size limit', async () => {
        const archive = await writeArchive(build, [{ name: 'big.png', data: Buffer.alloc(2048) }]);
        const error: unknown = await extractArchive(archive, target, { maxEntryBytes: 1024 }).catch(
          (caught: unknown) => caught,
        );
        expect(isDatasetError(error, 'unsafeEntry')).toBe(true);
        expect(await listFiles(target)).toEqual([]);
      });

      it('rejects a symbolic link', async () => {
        const archive = await writeArchive(build, [
          { name: 'faces/link.jpg', type: 'symlink', linkTarget: '/etc/passwd' },
        ]);
        const error = await extractError(archive);
        expect(error.code).toBe('unsafeEntry');
        expect(error.message).toContain('symbolic link');
      });
    });
  }

  it('extracts an uncompressed tar', async () => {
    const faces = await makeFaceImages(2);
    const result = await extractArchive(await writeArchive(buildTar, faces), target);
    expect(result).toEqual({ format: 'tar', images: 2, skipped: 0 });
  });

  it('rejects a file that is not an archive', async () => {
    const path = join(root, 'page.bin');
    await writeFile(path, '<!DOCTYPE html><html><body>quota exceeded</body></html>');
    const error = await extractError(path);
    expect(error.code).toBe('unsupportedArchive');
    expect(error.message).toContain('web page');
  });

  it('reports a truncated zip as corrupt', async () => {
    const zip = buildZip(await makeFaceImages(2));
    const path = join(root, 'cut.zip');
    await writeFile(path, zip.subarray(0, zip.length - 30));
    expect((await extractError(path)).code).toBe('corruptArchive');
  });

  it('reports a truncated tar.gz as corrupt', async () => {
    const tgz = buildTarGz(await makeFaceImages(2));
    const path = join(root, 'cut.tgz');
    await writeFile(path, tgz.subarray(0, Math.floor(tgz.length / 2)));
    expect((await extractError(path)).code).toBe('corruptArchive');
  });
});

describe('safeEntryPath', () => {
  it.each([
    ['faces/1.jpg', 'faces/1.jpg'],
    ['./faces//1.jpg', 'faces/1.jpg'],
    ['a/./b.png', 'a/b.png'],
  ])('accepts %s as %s', (name, expected) => {
    expect(safeEntryPath(name)).toBe(expected);
  });

  it.each(['../evil.jpg', 'a/../../evil.jpg', '..\\evil.jpg', '/etc/x.jpg', 'C:/x.jpg', '\\x.jpg'])(
    'rejects %s',
    (name) => {
      expect(() => safeEntryPath(name)).toThrow(/unsafe entry/);
    },
  );
});

describe('isImagePath', () => {
  it.each([
    ['a/face.JPG', true],
    ['face.jpeg', true],
    ['face.png', true],
    ['face.gif', false],
    ['a/._face.jpg', false],
    ['__MACOSX/a/face.jpg', false],
  ])('classifies %s as %s', (path, expected) => {
    expect(isImagePath(path)).toBe(expected);
  });
});
