import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isDatasetError,
  NAMED_SOURCES,
  prepareDataset,
  resolveSource,
  type DatasetError,
  type PrepareOptions,
} from '../../../models/src/dataset/index.ts';
import { buildTarGz, buildZip, makeFaceImages, type ArchiveEntry } from './helpers/archives.ts';
import { FileServer } from './helpers/fileServer.ts';

let server: FileServer;
let root: string;
let dest: string;
let faces: ArchiveEntry[];
let zip: Buffer;

beforeEach(async () => {
  server = await FileServer.start();
  root = await mkdtemp(join(tmpdir(), 'dataset-prepare-'));
  dest = join(root, 'faces');
  faces = await makeFaceImages(4);
  zip = buildZip(faces);
  server.files.set('/faces.zip', { body: zip, etag: '"zip-1"' });
});

afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function options(overrides: Partial<PrepareOptions> = {}): PrepareOptions {
  return {
    dest,
    source: resolveSource(server.url('/faces.zip'), {}),
    retries: 0,
    retryDelayMs: 0,
    timeoutMs: 5000,
    ...overrides,
  };
}

async function prepareError(overrides: Partial<PrepareOptions> = {}): Promise<DatasetError> {
  const error: unknown = await prepareDataset(options(overrides)).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isDatasetError(error)) throw new Error(`expected a DatasetError, got ${String(error)}`);
  return error;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function imageNames(): Promise<string[]> {
  return (await readdir(join(dest, 'images'), { recursive: true })).sort();
}

describe('prepareDataset', () => {
  it('downloads, verifies and extracts the images', async () => {
    const result = await prepareDataset(options({ sha256: sha256(zip) }));
    expect(result.status).toBe('prepared');
    expect(result.verified).toBe(true);
    expect(await imageNames()).toEqual([
      'faces',
      'faces/0.png',
      'faces/1.jpg',
      'faces/2.png',
      'faces/3.jpg',
    ]);
    const decoded = await sharp(join(dest, 'images/faces/1.jpg')).metadata();
    expect(decoded.width).toBe(8);
  });

  it('writes dataset.json', async () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    await prepareDataset(options({ now: () => now }));
    const manifest = JSON.parse(await readFile(join(dest, 'dataset.json'), 'utf8'));
    expect(manifest).toMatchObject({
      url: server.url('/faces.zip'),
      file: null,
      sha256: sha256(zip),
      archiveBytes: zip.length,
      format: 'zip',
      imageCount: 4,
      skippedEntries: 0,
      preparedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('removes the download folder when done', async () => {
    await prepareDataset(options());
    expect(await exists(join(dest, '.download'))).toBe(false);
  });

  it('prints the digest when none is pinned', async () => {
    const logs: string[] = [];
    const result = await prepareDataset(options({ log: (message) => logs.push(message) }));
    expect(result.verified).toBe(false);
    expect(logs.join('\n')).toContain(`--sha256 ${sha256(zip)}`);
  });

  it('does nothing on a rerun', async () => {
    await prepareDataset(options());
    const before = await stat(join(dest, 'images/faces/0.png'));
    const requests = server.requests.length;

    const result = await prepareDataset(options());
    expect(result.status).toBe('alreadyPrepared');
    expect(result.manifest.imageCount).toBe(4);
    expect(server.requests).toHaveLength(requests);
    expect((await stat(join(dest, 'images/faces/0.png'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('replaces the images with --force', async () => {
    await prepareDataset(options());
    const tgz = buildTarGz([{ name: 'other/9.png', data: faces[0]!.data! }]);
    server.files.set('/faces.zip', { body: tgz, etag: '"tgz-1"' });

    const result = await prepareDataset(options({ force: true }));
    expect(result.status).toBe('prepared');
    expect(result.manifest.format).toBe('tar.gz');
    expect(await imageNames()).toEqual(['other', 'other/9.png']);
  });

  it('resumes a truncated download on the next run', async () => {
    server.dropConnections(200);
    expect((await prepareError()).code).toBe('network');
    expect(await exists(join(dest, 'images'))).toBe(false);

    const result = await prepareDataset(options({ sha256: sha256(zip) }));
    expect(result.manifest.sha256).toBe(sha256(zip));
    expect(server.rangeRequests()[0]?.headers.range).toBe('bytes=200-');
  });

  describe('with a wrong checksum', () => {
    const wrong = 'ab'.repeat(32);

    it('fails and extracts nothing', async () => {
      const error = await prepareError({ sha256: wrong });
      expect(error.code).toBe('checksumMismatch');
      expect(error.message).toContain(sha256(zip));
      expect(await exists(join(dest, 'images'))).toBe(false);
      expect(await exists(join(dest, 'dataset.json'))).toBe(false);
    });

    it('deletes the download so a retry starts over', async () => {
      const error = await prepareError({ sha256: wrong });
      expect(error.message).toContain('downloaded file was deleted');
      expect(await exists(join(dest, '.download'))).toBe(false);
    });

    it('leaves prepared images untouched', async () => {
      await prepareDataset(options());
      const manifest = await readFile(join(dest, 'dataset.json'), 'utf8');
      server.files.set('/faces.zip', { body: buildZip(faces.slice(0, 1)), etag: '"zip-2"' });

      expect((await prepareError({ sha256: wrong, force: true })).code).toBe('checksumMismatch');
      expect(await imageNames()).toHaveLength(5);
      expect(await readFile(join(dest, 'dataset.json'), 'utf8')).toBe(manifest);
    });

    it('keeps a local archive', async () => {
      const path = join(root, 'mine.zip');
      await writeFile(path, zip);
      const error = await prepareError({ source: resolveSource(path, {}), sha256: wrong });
      expect(error.code).toBe('checksumMismatch');
      expect((await readFile(path)).equals(zip)).toBe(true);
    });
  });

  it('reports 404 and creates no images', async () => {
    const error = await prepareError({ source: resolveSource(server.url('/gone.zip'), {}) });
    expect(error.code).toBe('httpStatus');
    expect(error.message).toContain('404');
    expect(await exists(join(dest, 'images'))).toBe(false);
  });

  it('reports 500 after the retries', async () => {
    server.routes.set('/down.zip', (_request, response) => {
      response.writeHead(500).end();
    });
    const source = resolveSource(server.url('/down.zip'), {});
    const error = await prepareError({ source, retries: 1 });
    expect(error.code).toBe('httpStatus');
    expect(error.message).toContain('500');
    expect(server.requests).toHaveLength(2);
  });

  it('rejects a malicious archive and writes nothing', async () => {
    const evil = buildZip([...faces, { name: '../evil.jpg', data: Buffer.from('x') }]);
    server.files.set('/evil.zip', { body: evil, etag: '"evil"' });

    const error = await prepareError({ source: resolveSource(server.url('/evil.zip'), {}) });
    expect(error.code).toBe('unsafeEntry');
    expect(await exists(join(dest, 'images'))).toBe(false);
    expect(await exists(join(root, 'evil.jpg'))).toBe(false);
    expect(await readdir(dest)).toEqual([]);
  });

  it('deletes a download that is not an archive', async () => {
    server.files.set('/noise.zip', { body: Buffer.alloc(600, 7), etag: '"n"' });
    const source = resolveSource(server.url('/noise.zip'), {});
    const error = await prepareError({ source });
    expect(error.code).toBe('unsupportedArchive');
    expect(error.message).toContain('next run downloads it again');
    expect(await exists(join(dest, '.download'))).toBe(false);
  });

  it('rejects an archive without images', async () => {
    server.files.set('/empty.zip', {
      body: buildZip([{ name: 'README', data: Buffer.from('x') }]),
      etag: '"e"',
    });
    const error = await prepareError({ source: resolveSource(server.url('/empty.zip'), {}) });
    expect(error.code).toBe('noImages');
    expect(await exists(join(dest, 'images'))).toBe(false);
  });

  it('prepares a local archive', async () => {
    const path = join(root, 'faces.tgz');
    await writeFile(path, buildTarGz(faces));
    const result = await prepareDataset(options({ source: resolveSource(path, {}) }));
    expect(result.manifest.file).toBe(path);
    expect(result.manifest.imageCount).toBe(4);
    expect(await exists(path)).toBe(true);
  });

  it('will not replace images it did not make', async () => {
    await mkdir(join(dest, 'images'), { recursive: true });
    await writeFile(join(dest, 'images/mine.png'), 'mine');
    const error = await prepareError();
    expect(error.code).toBe('destinationInUse');
    expect(await readFile(join(dest, 'images/mine.png'), 'utf8')).toBe('mine');
  });

  it('will not replace another source without --force', async () => {
    await prepareDataset(options());
    server.files.set('/other.zip', { body: zip, etag: '"o"' });
    const error = await prepareError({ source: resolveSource(server.url('/other.zip'), {}) });
    expect(error.code).toBe('destinationInUse');
    expect(error.message).toContain('--force');
  });

  it('reports a damaged dataset.json', async () => {
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'dataset.json'), '{ not json');
    const error = await prepareError();
    expect(error.code).toBe('destinationInUse');
    expect(error.message).toContain('not valid JSON');
  });

  it('replaces a damaged dataset.json with --force', async () => {
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'dataset.json'), '{ not json');
    const result = await prepareDataset(options({ force: true }));
    expect(result.status).toBe('prepared');
    expect(JSON.parse(await readFile(join(dest, 'dataset.json'), 'utf8')).imageCount).toBe(4);
  });

  it('asks for Kaggle credentials before any request', async () => {
    const kaggle = NAMED_SOURCES.find((source) => source.auth === 'kaggle')!;
    const source = { ...kaggle, url: server.url('/faces.zip') };
    const error = await prepareError({ source, env: {} });
    expect(error.code).toBe('missingCredentials');
    expect(server.requests).toHaveLength(0);
  });

  it('sends Kaggle credentials as HTTP Basic', async () => {
    const kaggle = NAMED_SOURCES.find((source) => source.auth === 'kaggle')!;
    const source = { ...kaggle, url: server.url('/faces.zip') };
    await prepareDataset(options({ source, env: { KAGGLE_USERNAME: 'ada', KAGGLE_KEY: 'k3y' } }));
    const expected = `Basic ${Buffer.from('ada:k3y').toString('base64')}`;
    expect(server.requests[0]?.headers.authorization).toBe(expected);
  });

  it('refuses to run beside a live run', async () => {
    await mkdir(join(dest, '.download'), { recursive: true });
    await writeFile(join(dest, '.download/lock'), String(process.pid));
    const error = await prepareError();
    expect(error.code).toBe('busy');
    expect(server.requests).toHaveLength(0);
  });

  it('takes over the lock of a finished run', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.on('exit', resolve));
    await mkdir(join(dest, '.download'), { recursive: true });
    await writeFile(join(dest, '.download/lock'), String(child.pid));

    const result = await prepareDataset(options());
    expect(result.status).toBe('prepared');
  });
});
