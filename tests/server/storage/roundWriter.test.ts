import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RoundStore, roundStorePath } from '../../../server/src/storage/roundStore.ts';
import { RoundWriter } from '../../../server/src/storage/roundWriter.ts';
import { captureLog } from '../faces/fixtures.ts';
import { makeRound } from './fixtures/rounds.ts';

describe('RoundWriter', () => {
  let dir: string;
  let file: string;
  let store: RoundStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'round-writer-'));
    file = roundStorePath(dir);
    store = new RoundStore(file, { busyTimeoutMs: 20 });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Holds the database's write lock from another connection until the returned release. */
  function lockDatabase(): () => void {
    const holder = new DatabaseSync(file);
    holder.exec('BEGIN IMMEDIATE');
    return () => {
      holder.exec('ROLLBACK');
      holder.close();
    };
  }

  it('keeps a round while the database is locked', () => {
    const { logger, entries } = captureLog();
    const writer = new RoundWriter(store, logger);
    const release = lockDatabase();
    writer.recordRound(makeRound(1));
    release();
    expect(writer.pendingCount).toBe(1);
    expect(store.countRounds()).toBe(0);
    const failure = entries.find((entry) => entry.roundId === 'round-1');
    expect(String(failure?.msg)).toContain('kept in memory');
  });

  it('writes kept rounds in order after the lock', () => {
    const writer = new RoundWriter(store, captureLog().logger);
    const release = lockDatabase();
    writer.recordRound(makeRound(1));
    writer.recordRound(makeRound(2));
    release();
    writer.recordRound(makeRound(3));
    expect(writer.pendingCount).toBe(0);
    const queue = store.nextFinetuneBatch(10).map((item) => item.roundId);
    expect(queue).toEqual(['round-1', 'round-2', 'round-3']);
  });

  it('writes kept rounds on flush', () => {
    const writer = new RoundWriter(store, captureLog().logger);
    const release = lockDatabase();
    writer.recordRound(makeRound(1));
    release();
    expect(writer.flush()).toBe(0);
    expect(store.getRound('round-1')).toBeDefined();
  });

  it('drops the oldest round past its capacity', () => {
    const { logger, entries } = captureLog();
    const writer = new RoundWriter(store, logger, 2);
    const release = lockDatabase();
    for (const index of [1, 2, 3]) writer.recordRound(makeRound(index));
    release();
    expect(writer.pendingCount).toBe(2);
    const dropped = entries.find((entry) => String(entry.msg).startsWith('dropped an unsaved'));
    expect(dropped?.roundId).toBe('round-1');
    writer.flush();
    expect(store.getRound('round-1')).toBeUndefined();
    expect(store.getRound('round-3')).toBeDefined();
  });

  it('drops a round the store rejects', () => {
    const writer = new RoundWriter(store, captureLog().logger);
    writer.recordRound(makeRound(1, { aiScore: 2 }));
    writer.recordRound(makeRound(2));
    expect(writer.pendingCount).toBe(0);
    expect(store.getRound('round-2')).toBeDefined();
  });
});
