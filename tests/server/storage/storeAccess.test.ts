import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { REPO_ROOT } from '../../../server/src/config.ts';
import { RoundStore, roundStorePath } from '../../../server/src/storage/roundStore.ts';
import { StoreError } from '../../../server/src/storage/storeError.ts';
import { makeRound } from './fixtures/rounds.ts';

const OPEN_SCRIPT = fileURLToPath(new URL('./fixtures/openStore.ts', import.meta.url));
/** The user `nobody`, whom root's child processes become so that permissions apply. */
const UNPRIVILEGED = { uid: 65534, gid: 65534 };

const AS_ROOT = process.getuid?.() === 0;

/**
 * Tells whether the unprivileged user can reach the repository: every folder above it must be
 * readable and searchable by others. A checkout under /root, for one, is not.
 */
function repositoryIsReachable(): boolean {
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o005) !== 0o005) return false;
    if (path.dirname(dir) === dir) return true;
  }
}

/** Permission cases need a non-root user, or root and a repository that `nobody` can read. */
const PERMISSIONS_APPLY = !AS_ROOT || repositoryIsReachable();

interface OpenResult {
  rounds?: number;
  code?: string;
  message?: string;
}

/** Opens the store in a child process that file permissions apply to. */
function openAsUnprivileged(file: string): OpenResult {
  const output = execFileSync(process.execPath, ['--import', 'tsx', OPEN_SCRIPT, file], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
    ...(AS_ROOT ? UNPRIVILEGED : {}),
  });
  return JSON.parse(output) as OpenResult;
}

function expectStoreError(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('RoundStore access problems', () => {
  let dir: string;
  let dataDir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'round-store-access-'));
    dataDir = path.join(dir, 'data');
    file = roundStorePath(dataDir);
    const store = new RoundStore(file);
    for (let index = 0; index < 3; index++) store.recordRound(makeRound(index));
    store.close();
    // The child runs as another user, which must reach the folders.
    chmodSync(dir, 0o755);
  });

  afterEach(() => {
    chmodSync(dataDir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  function countStoredRounds(): number {
    const db = new DatabaseSync(file, { readOnly: true });
    const count = Number(db.prepare('SELECT count(*) AS count FROM rounds').get()?.count);
    db.close();
    return count;
  }

  it('reports a locked store as locked', () => {
    const holder = new DatabaseSync(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const error = expectStoreError(() => new RoundStore(file, { busyTimeoutMs: 50 }));
      expect(error.code).toBe('databaseLocked');
      expect(error.message).not.toContain('damaged');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(countStoredRounds()).toBe(3);
  });

  it.skipIf(!PERMISSIONS_APPLY)('reports a read-only file at startup', () => {
    chmodSync(dataDir, 0o777);
    chmodSync(file, 0o444);
    const bytes = readFileSync(file);
    const result = openAsUnprivileged(file);
    expect(result.code).toBe('readOnly');
    expect(result.message).toContain('DATA_DIR');
    expect(readFileSync(file)).toEqual(bytes);
    expect(countStoredRounds()).toBe(3);
  });

  it.skipIf(!PERMISSIONS_APPLY)('reports a read-only folder without calling it damaged', () => {
    chmodSync(file, 0o666);
    chmodSync(dataDir, 0o555);
    const result = openAsUnprivileged(file);
    expect(result.code).toBe('readOnly');
    expect(result.message).toContain('DATA_DIR');
    expect(result.message).not.toContain('damaged');
    expect(countStoredRounds()).toBe(3);
  });

  it.skipIf(!PERMISSIONS_APPLY)('opens a writable store as another user', () => {
    chmodSync(dataDir, 0o777);
    chmodSync(file, 0o666);
    expect(openAsUnprivileged(file).rounds).toBe(3);
  });

  it('reports a data folder that is a file', () => {
    const notAFolder = path.join(dir, 'file');
    writeFileSync(notAFolder, 'not a folder');
    const error = expectStoreError(() => new RoundStore(roundStorePath(notAFolder)));
    expect(error.code).toBe('openFailed');
    expect(error.message).toContain(notAFolder);
    expect(error.message).toContain('DATA_DIR');
    expect(readFileSync(notAFolder, 'utf8')).toBe('not a folder');
  });

  it('reports a data folder inside a file', () => {
    const parent = path.join(dir, 'parent');
    writeFileSync(parent, '');
    const error = expectStoreError(() => new RoundStore(path.join(parent, 'data', 'r.sqlite')));
    expect(error.code).toBe('openFailed');
    expect(error.message).toContain('ENOTDIR');
  });
});
