import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  downloadFile,
  isDatasetError,
  silentProgress,
  type DatasetError,
  type DownloadOptions,
} from '../../../models/src/dataset/index.ts';
import { FileServer } from './helpers/fileServer.ts';

const BODY = randomBytes(256 * 1024);
const ETAG = '"v1"';

let server: FileServer;
let dir: string;
let logs: string[];

beforeEach(async () => {
  server = await FileServer.start();
  server.files.set('/faces.zip', { body: BODY, etag: ETAG });
  dir = await mkdtemp(join(tmpdir(), 'dataset-download-'));
  logs = [];
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    url: server.url('/faces.zip'),
    downloadDir: dir,
    name: 'faces',
    authorization: null,
    retries: 0,
    retryDelayMs: 0,
    timeoutMs: 5000,
    maxRedirects: 5,
    progress: silentProgress,
    log: (message) => logs.push(message),
    ...overrides,
  };
}

async function downloadError(overrides: Partial<DownloadOptions> = {}): Promise<DatasetError> {
  const error: unknown = await downloadFile(options(overrides)).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isDatasetError(error)) throw new Error(`expected a DatasetError, got ${String(error)}`);
  return error;
}

describe('downloadFile', () => {
  it('downloads the whole file', async () => {
    const result = await downloadFile(options());
    expect(result.bytes).toBe(BODY.length);
    expect((await readFile(result.path)).equals(BODY)).toBe(true);
  });

  it('records the URL, size and ETag in the sidecar', async () => {
    await downloadFile(options());
    const sidecar = JSON.parse(await readFile(join(dir, 'faces.json'), 'utf8'));
    expect(sidecar).toEqual({
      url: server.url('/faces.zip'),
      totalBytes: BODY.length,
      etag: ETAG,
      lastModified: null,
    });
  });

  it('keeps a truncated download and says how to resume', async () => {
    server.dropConnections(100_000);
    const error = await downloadError();
    expect(error.code).toBe('network');
    expect(error.message).toContain('run the same command again to resume');
    expect((await stat(join(dir, 'faces.part'))).size).toBe(100_000);
  });

  it('resumes a truncated download with a Range request', async () => {
    server.dropConnections(100_000);
    await downloadError();
    const result = await downloadFile(options());

    expect((await readFile(result.path)).equals(BODY)).toBe(true);
    expect(result.resumedFromBytes).toBe(100_000);
    const [resume] = server.rangeRequests();
    expect(resume?.headers.range).toBe('bytes=100000-');
    expect(resume?.headers['if-range']).toBe(ETAG);
    expect(resume?.status).toBe(206);
  });

  it('retries within one run and resumes', async () => {
    server.dropConnections(50_000, 2);
    const result = await downloadFile(options({ retries: 2 }));
    expect((await readFile(result.path)).equals(BODY)).toBe(true);
    expect(result.attempts).toBe(3);
    expect(server.rangeRequests().map((request) => request.headers.range)).toEqual([
      'bytes=50000-',
      'bytes=100000-',
    ]);
  });

  it('starts over when the file changed on the server', async () => {
    server.dropConnections(100_000);
    await downloadError();
    const changed = randomBytes(BODY.length);
    server.files.set('/faces.zip', { body: changed, etag: '"v2"' });

    const result = await downloadFile(options());
    expect(server.rangeRequests()[0]?.status).toBe(200);
    expect((await readFile(result.path)).equals(changed)).toBe(true);
  });

  it('resumes with Last-Modified when there is no strong ETag', async () => {
    const lastModified = 'Tue, 01 Apr 2025 10:00:00 GMT';
    server.files.set('/faces.zip', { body: BODY, etag: 'W/"weak"', lastModified });
    server.dropConnections(100_000);
    await downloadError();
    await downloadFile(options());
    expect(server.rangeRequests()[0]?.headers['if-range']).toBe(lastModified);
  });

  it('discards a partial file it cannot validate', async () => {
    server.files.set('/faces.zip', { body: BODY, etag: null });
    server.dropConnections(100_000);
    await downloadError();
    const result = await downloadFile(options());
    expect(server.rangeRequests()).toEqual([]);
    expect((await readFile(result.path)).equals(BODY)).toBe(true);
  });

  it('treats 416 for a whole partial file as complete', async () => {
    await writeFile(join(dir, 'faces.part'), BODY);
    const state = {
      url: server.url('/faces.zip'),
      totalBytes: null,
      etag: ETAG,
      lastModified: null,
    };
    await writeFile(join(dir, 'faces.json'), JSON.stringify(state));
    const result = await downloadFile(options());
    expect(server.requests.map((request) => request.status)).toEqual([416]);
    expect(result.bytes).toBe(BODY.length);
  });

  it('follows relative redirects', async () => {
    server.routes.set('/start', (_request, response) => {
      response.writeHead(302, { location: '/faces.zip' }).end();
    });
    const result = await downloadFile(options({ url: server.url('/start') }));
    expect((await readFile(result.path)).equals(BODY)).toBe(true);
  });

  it('stops after too many redirects', async () => {
    server.routes.set('/loop', (_request, response) => {
      response.writeHead(301, { location: '/loop' }).end();
    });
    const error = await downloadError({ url: server.url('/loop'), maxRedirects: 3 });
    expect(error.code).toBe('tooManyRedirects');
    expect(server.requests).toHaveLength(4);
  });

  it('sends credentials only to the first origin', async () => {
    const storage = await FileServer.start();
    storage.files.set('/signed.zip', { body: BODY, etag: ETAG });
    server.routes.set('/api', (_request, response) => {
      response.writeHead(302, { location: storage.url('/signed.zip') }).end();
    });
    try {
      await downloadFile(options({ url: server.url('/api'), authorization: 'Basic dXNlcjprZXk=' }));
      expect(server.requests[0]?.headers.authorization).toBe('Basic dXNlcjprZXk=');
      expect(storage.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('reports 404 without retrying', async () => {
    const error = await downloadError({ url: server.url('/missing.zip'), retries: 3 });
    expect(error.code).toBe('httpStatus');
    expect(error.message).toContain('answered 404');
    expect(server.requests).toHaveLength(1);
  });

  it('retries 500 and then reports it', async () => {
    server.routes.set('/broken', (_request, response) => {
      response.writeHead(500).end('boom');
    });
    const error = await downloadError({ url: server.url('/broken'), retries: 2 });
    expect(error.code).toBe('httpStatus');
    expect(error.message).toContain('answered 500');
    expect(server.requests).toHaveLength(3);
  });

  it('rejects a web page before writing anything', async () => {
    server.files.set('/page', { body: Buffer.from('<html></html>'), contentType: 'text/html' });
    const error = await downloadError({ url: server.url('/page') });
    expect(error.code).toBe('unexpectedContent');
    await expect(stat(join(dir, 'faces.part'))).rejects.toThrow();
  });

  it('times out when the body stalls', async () => {
    server.routes.set('/stall', (_request, response) => {
      response.writeHead(200, { 'content-length': '1000', etag: ETAG });
      response.write(Buffer.alloc(10));
    });
    const error = await downloadError({ url: server.url('/stall'), timeoutMs: 300 });
    expect(error.code).toBe('timeout');
    expect((await stat(join(dir, 'faces.part'))).size).toBe(10);
  });

  it('times out when no headers arrive', async () => {
    server.routes.set('/silent', () => {});
    const error = await downloadError({ url: server.url('/silent'), timeoutMs: 300 });
    expect(error.code).toBe('timeout');
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await downloadError({ url: `http://127.0.0.1:${port}/faces.zip` });
    expect(error.code).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });
});
