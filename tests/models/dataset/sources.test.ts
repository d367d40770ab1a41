import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationFor,
  DEFAULT_SOURCE_NAME,
  NAMED_SOURCES,
  parseSha256,
  resolveSource,
} from '../../../models/src/dataset/index.ts';

let dir: string;
let archive: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-sources-'));
  archive = join(dir, 'faces.zip');
  await writeFile(archive, 'zip');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveSource', () => {
  it('defaults to the original release', () => {
    expect(resolveSource(undefined, {}).name).toBe(DEFAULT_SOURCE_NAME);
  });

  it('finds each named source', () => {
    for (const source of NAMED_SOURCES) {
      expect(resolveSource(source.name, {})).toBe(source);
    }
  });

  it('takes DATASET_URL when no source is given', () => {
    const source = resolveSource(undefined, { DATASET_URL: 'http://127.0.0.1:9/a.zip' });
    expect(source.url).toBe('http://127.0.0.1:9/a.zip');
    expect(source.name).toMatch(/^url-[0-9a-f]{8}$/);
  });

  it('prefers --source over DATASET_URL', () => {
    const source = resolveSource('kaggle-anime-faces', { DATASET_URL: 'http://127.0.0.1:9/a' });
    expect(source.name).toBe('kaggle-anime-faces');
  });

  it('accepts a local path and a file: URL', () => {
    expect(resolveSource(archive, {}).file).toBe(archive);
    expect(resolveSource(pathToFileURL(archive).href, {}).file).toBe(archive);
  });

  it('rejects an unknown name and lists the sources', () => {
    expect(() => resolveSource('celeba', {})).toThrow(
      /Unknown source "celeba".*anime-face-dataset/,
    );
  });

  it('gives every named source a face count and an https URL', () => {
    for (const source of NAMED_SOURCES) {
      expect(source.approxFaces).toBeGreaterThan(20_000);
      expect(source.url).toMatch(/^https:\/\//);
    }
  });
});

describe('authorizationFor', () => {
  const kaggle = NAMED_SOURCES.find((source) => source.auth === 'kaggle')!;

  it('needs nothing for a public source', () => {
    expect(authorizationFor(resolveSource(undefined, {}), {})).toBeNull();
  });

  it('builds HTTP Basic credentials from the Kaggle token', () => {
    const header = authorizationFor(kaggle, { KAGGLE_USERNAME: 'ada', KAGGLE_KEY: 'k3y' });
    expect(header).toBe(`Basic ${Buffer.from('ada:k3y').toString('base64')}`);
  });

  it('names the missing variables', () => {
    expect(() => authorizationFor(kaggle, { KAGGLE_USERNAME: 'ada' })).toThrow(/KAGGLE_KEY/);
  });
});

describe('parseSha256', () => {
  it('lowercases a valid digest', () => {
    expect(parseSha256('AB'.repeat(32))).toBe('ab'.repeat(32));
  });

  it.each(['', 'abc', 'zz'.repeat(32), 'ab'.repeat(33)])('rejects "%s"', (value) => {
    expect(() => parseSha256(value)).toThrow(/expected 64 hexadecimal characters/);
  });
});
