import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../server/src/config.ts';
import type { FinishedRound } from '../../../server/src/storage/finishedRound.ts';
import { RoundStore, roundStorePath } from '../../../server/src/storage/roundStore.ts';
import { StoreError } from '../../../server/src/storage/storeError.ts';
import { makeRound } from './fixtures/rounds.ts';

const CHILD_SCRIPT = fileURLToPath(new URL('./fixtures/recordUntilKilled.ts', import.meta.url));

function expectStoreError(action: () => unknown, code: string): StoreError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe(code);
    return error as StoreError;
  }
  throw new Error(`expected a StoreError with code ${code}`);
}

/** Runs the child recorder and kills it after `killAfter` commits. Returns the reported ids. */
async function recordUntilKilled(
  file: string,
  synchronous: 'FULL' | 'NORMAL',
  killAfter: number,
): Promise<{ committed: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, file, synchronous], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const committed: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^committed (\S+)$/.exec(line);
    if (match?.[1] === undefined) return;
    committed.push(match[1]);
    if (committed.length === killAfter) child.kill('SIGKILL');
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, closeSignal) => resolve(closeSignal)),
  );
  return { committed, signal, stderr };
}

describe('RoundStore', () => {
  let dir: string;
  let file: string;
  let store: RoundStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'round-store-'));
    file = roundStorePath(path.join(dir, 'data'));
    store = new RoundStore(file, { now: () => 42 });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its file in a missing folder', () => {
    expect(existsSync(file)).toBe(true);
    expect(path.basename(file)).toBe('rounds.sqlite');
  });

  it('reads back a recorded round', () => {
    const round = makeRound(1);
    store.recordRound(round);

    expect(store.getRound(round.roundId)).toEqual(round);
  });

  it('returns votes in voting order', () => {
    const round = makeRound(2);
    store.recordRound({ ...round, votes: [...round.votes].reverse() });

    expect(store.getRound(round.roundId)?.votes).toEqual(round.votes);
  });

  it('returns image bytes as a Buffer', () => {
    store.recordRound(makeRound(3));

    expect(Buffer.isBuffer(store.getRound('round-3')?.imageJpeg)).toBe(true);
  });

  it('returns undefined for an unknown round', () => {
    expect(store.getRound('nope')).toBeUndefined();
  });

  it('counts rounds', () => {
    for (let index = 0; index < 5; index++) store.recordRound(makeRound(index));

    expect(store.countRounds()).toBe(5);
  });

  it('keeps rounds after reopening', () => {
    store.recordRound(makeRound(1));
    store.close();
    store = new RoundStore(file);

    expect(store.getRound('round-1')).toEqual(makeRound(1));
  });

  it('uses WAL and schema version 1', () => {
    store.close();
    const db = new DatabaseSync(file);
    const journal = db.prepare('PRAGMA journal_mode').get()?.journal_mode;
    const version = db.prepare('PRAGMA user_version').get()?.user_version;
    db.close();
    store = new RoundStore(file);

    expect(journal).toBe('wal');
    expect(version).toBe(1);
  });

  it.each<[string, (round: FinishedRound) => unknown]>([
    ['an unknown truth', (round) => ({ ...round, truth: 'maybe' })],
    ['an AI score above 1', (round) => ({ ...round, aiScore: 1.5 })],
    ['a NaN AI score', (round) => ({ ...round, aiScore: Number.NaN })],
    ['an end before the start', (round) => ({ ...round, endedAtMs: round.startedAtMs - 1 })],
    ['an empty round id', (round) => ({ ...round, roundId: '' })],
    ['a fractional time', (round) => ({ ...round, startedAtMs: 1.5 })],
    ['bytes that are not a JPEG', (round) => ({ ...round, imageJpeg: Buffer.from('GIF89a') })],
    ['empty image bytes', (round) => ({ ...round, imageJpeg: Buffer.alloc(0) })],
    ['image bytes as a string', (round) => ({ ...round, imageJpeg: 'ffd8' })],
    ['a missing discriminator version', ({ discriminatorVersion: _, ...round }) => round],
    ['an unexpected field', (round) => ({ ...round, extra: true })],
    [
      'an invalid vote choice',
      (round) => ({ ...round, votes: [{ ...round.votes[0], choice: 'x' }] }),
    ],
    [
      'two votes from one session',
      (round) => ({
        ...round,
        votes: [round.votes[0], { ...round.votes[1], sessionId: 's-ann-9' }],
      }),
    ],
  ])('rejects a round with %s', (_case, corrupt) => {
    store.recordRound(makeRound(1));
    const invalid = corrupt(makeRound(9)) as FinishedRound;

    const error = expectStoreError(() => store.recordRound(invalid), 'invalidRound');

    expect(error.message).toContain('Invalid finished round');
    expect(store.countRounds()).toBe(1);
    expect(store.getRound('round-9')).toBeUndefined();
    expect(store.getRound('round-1')).toEqual(makeRound(1));
    expect(store.countPendingFinetune()).toBe(1);
  });

  it('lists every problem of an invalid round', () => {
    const invalid = { ...makeRound(1), truth: 'maybe', aiScore: 2 } as unknown as FinishedRound;

    const error = expectStoreError(() => store.recordRound(invalid), 'invalidRound');

    expect(error.message).toContain('truth');
    expect(error.message).toContain('aiScore');
  });

  it('rejects a duplicate round id', () => {
    store.recordRound(makeRound(1));
    const duplicate = makeRound(2, { roundId: 'round-1' });

    const error = expectStoreError(() => store.recordRound(duplicate), 'duplicateRound');

    expect(error.message).toContain('round-1');
    expect(store.countRounds()).toBe(1);
    expect(store.getRound('round-1')).toEqual(makeRound(1));
    expect(store.countPendingFinetune()).toBe(1);
  });

  it('rolls back a round whose insert fails midway', () => {
    const other = new DatabaseSync(file);
    other.exec(`CREATE TRIGGER reject_bo BEFORE INSERT ON votes WHEN NEW.player_name = 'Bo'
      BEGIN SELECT RAISE(ABORT, 'test trigger rejects Bo'); END`);
    other.close();

    expect(() => store.recordRound(makeRound(1))).toThrow('test trigger rejects Bo');
    expect(store.countRounds()).toBe(0);
    expect(store.countPendingFinetune()).toBe(0);

    const alone = makeRound(2, { votes: [makeRound(2).votes[0]!] });
    store.recordRound(alone);
    expect(store.getRound('round-2')).toEqual(alone);
  });

  it('queues each round for fine-tuning, oldest first', () => {
    for (let index = 0; index < 3; index++) store.recordRound(makeRound(index));

    const batch = store.nextFinetuneBatch(10);

    expect(batch.map((item) => item.roundId)).toEqual(['round-0', 'round-1', 'round-2']);
    expect(batch.map((item) => item.label)).toEqual(['real', 'fake', 'real']);
    expect(batch[1]?.imageJpeg).toEqual(makeRound(1).imageJpeg);
    expect(batch[1]?.queuedAtMs).toBe(42);
  });

  it('limits the fine-tuning batch', () => {
    for (let index = 0; index < 5; index++) store.recordRound(makeRound(index));

    expect(store.nextFinetuneBatch(2)).toHaveLength(2);
  });

  it('skips consumed fine-tuning items', () => {
    for (let index = 0; index < 3; index++) store.recordRound(makeRound(index));
    const [first, second] = store.nextFinetuneBatch(2);

    const changed = store.markFinetuneConsumed([first!.id, second!.id]);

    expect(changed).toBe(2);
    expect(store.nextFinetuneBatch(10).map((item) => item.roundId)).toEqual(['round-2']);
    expect(store.countPendingFinetune()).toBe(1);
  });

  it('ignores unknown and already consumed ids', () => {
    store.recordRound(makeRound(0));
    const [item] = store.nextFinetuneBatch(1);
    store.markFinetuneConsumed([item!.id]);

    expect(store.markFinetuneConsumed([item!.id, 9999])).toBe(0);
  });

  it.each([0, -1, 1.5])('rejects a batch limit of %s', (limit) => {
    expectStoreError(() => store.nextFinetuneBatch(limit), 'invalidArgument');
  });

  it('rejects a fractional fine-tuning id', () => {
    expectStoreError(() => store.markFinetuneConsumed([1.5]), 'invalidArgument');
  });
});

describe('RoundStore on a bad file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'round-store-bad-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function expectUntouched(file: string, contents: Buffer, code: string): StoreError {
    const error = expectStoreError(() => new RoundStore(file), code);
    expect(error.message).toContain(file);
    expect(error.file).toBe(file);
    expect(readFileSync(file).equals(contents)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
    return error;
  }

  it('leaves a text file untouched', () => {
    const file = path.join(dir, 'rounds.sqlite');
    const contents = Buffer.from('these are my notes, not a database\n'.repeat(200));
    writeFileSync(file, contents);

    expectUntouched(file, contents, 'notADatabase');
  });

  it('leaves random bytes untouched', () => {
    const file = path.join(dir, 'rounds.sqlite');
    const contents = Buffer.from(
      Array.from({ length: 8192 }, (_, index) => (index * 131 + 7) % 256),
    );
    writeFileSync(file, contents);

    expectUntouched(file, contents, 'notADatabase');
  });

  it('leaves a damaged database untouched', () => {
    const file = path.join(dir, 'rounds.sqlite');
    const store = new RoundStore(file);
    for (let index = 0; index < 20; index++) store.recordRound(makeRound(index));
    store.close();
    const contents = readFileSync(file);
    contents.fill(0xa5, 4096, contents.length);
    writeFileSync(file, contents);

    expectUntouched(file, contents, 'corruptDatabase');
  });

  it('leaves a newer schema untouched', () => {
    const file = path.join(dir, 'rounds.sqlite');
    const db = new DatabaseSync(file);
    db.exec('PRAGMA user_version = 99');
    db.close();
    const contents = readFileSync(file);

    const error = expectUntouched(file, contents, 'newerSchema');
    expect(error.message).toContain('99');
  });

  it('opens an empty file as a new store', () => {
    const file = path.join(dir, 'rounds.sqlite');
    writeFileSync(file, '');

    const store = new RoundStore(file);
    store.recordRound(makeRound(1));
    expect(store.countRounds()).toBe(1);
    store.close();
  });
});

describe('RoundStore after a killed process', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'round-store-kill-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['FULL', 'NORMAL'] as const)('keeps every committed round with %s sync', async (mode) => {
    const file = path.join(dir, 'rounds.sqlite');

    const { committed, signal, stderr } = await recordUntilKilled(file, mode, 150);

    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(committed.length).toBeGreaterThanOrEqual(150);
    const store = new RoundStore(file);
    const missing = committed.filter((roundId) => store.getRound(roundId) === undefined);
    const stored = store.countRounds();
    const pending = store.countPendingFinetune();
    const voteCounts = new Set(
      store.nextFinetuneBatch(stored + 1).map((item) => store.getRound(item.roundId)?.votes.length),
    );
    store.close();

    expect(missing).toEqual([]);
    // The child keeps committing while its printed lines travel through the pipe, so the store
    // may hold more rounds than were read before the kill, never fewer.
    expect(stored - committed.length).toBeGreaterThanOrEqual(0);
    expect(pending).toBe(stored);
    expect([...voteCounts]).toEqual([2]);
  });
});
