import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import type { Label } from '@real-or-fake/shared';
import { finishedRoundSchema, type FinishedRound, type RoundVote } from './finishedRound.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
import { isCorruptionError, StoreError, storeOpenError } from './storeError.ts';

export const ROUND_STORE_FILE = 'rounds.sqlite';

/** Path of the round store inside the server's data folder. */
export function roundStorePath(dataDir: string): string {
  return path.join(dataDir, ROUND_STORE_FILE);
}

/** A finished round waiting to become fine-tuning data for the discriminator. */
export interface FinetuneItem {
  id: number;
  roundId: string;
  /** The truth of the round's face, which is the discriminator's target. */
  label: Label;
  imageJpeg: Buffer;
  queuedAtMs: number;
}

export interface RoundStoreOptions {
  /**
   * `FULL` (the default) makes each commit wait for fsync of the write-ahead log, so a
   * recorded round survives a power loss. `NORMAL` survives a killed process but may lose the
   * last rounds on an OS crash or power loss. It saves one fsync per round.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Clock for the fine-tuning queue timestamps. */
  now?: () => number;
  /** How long a statement waits for another connection's lock before failing, in ms. */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

type Row = Record<string, SQLOutputValue>;

type Statements = Record<
  | 'roundExists'
  | 'insertRound'
  | 'insertVote'
  | 'enqueue'
  | 'countRounds'
  | 'selectRound'
  | 'selectVotes'
  | 'selectBatch'
  | 'markConsumed'
  | 'countPending',
  StatementSync
>;

function toBuffer(value: SQLOutputValue | undefined): Buffer {
  if (!(value instanceof Uint8Array)) throw new TypeError('expected a BLOB column');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Throws `notADatabase` when the file exists, is not empty and does not start with the SQLite
 * header. SQLite never opens such a file, so nothing can write to it.
 */
function assertSqliteHeader(file: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw storeOpenError(file, error);
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const length = readSync(descriptor, header, 0, header.length, 0);
    if (length === 0 || header.equals(SQLITE_HEADER)) return;
  } finally {
    closeSync(descriptor);
  }
  throw new StoreError(
    'notADatabase',
    `${file} is not an SQLite database. Move it away or set DATA_DIR to another folder; ` +
      'the server leaves the file as it is.',
    file,
  );
}

/**
 * Finished rounds, their votes and the fine-tuning queue, in one SQLite file in WAL mode.
 * Every method is synchronous: a round is committed to disk when `recordRound` returns.
 */
export class RoundStore {
  readonly file: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #statements: Statements;

  /**
   * Opens the store at `file`, creating the file and its folder when missing and upgrading
   * the schema. Throws `StoreError` without changing the file when it is not an SQLite
   * database, fails SQLite's integrity check, has a newer schema than this server supports, is
   * locked by another process, or cannot be written.
   */
  constructor(file: string, options: RoundStoreOptions = {}) {
    this.file = path.resolve(file);
    this.#now = options.now ?? Date.now;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch (error) {
      throw storeOpenError(this.file, error);
    }
    assertSqliteHeader(this.file);
    try {
      this.#db = new DatabaseSync(this.file, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      throw storeOpenError(this.file, error);
    }
    try {
      this.#checkBeforeWriting();
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec(`PRAGMA synchronous = ${options.synchronous ?? 'FULL'}`);
      this.#db.exec('PRAGMA foreign_keys = ON');
      this.#migrate();
      this.#assertWritable();
    } catch (error) {
      this.#db.close();
      throw error instanceof StoreError ? error : storeOpenError(this.file, error);
    }
    this.#statements = this.#prepareStatements();
  }

  /** Read-only checks that run before the store writes anything to the file. */
  #checkBeforeWriting(): void {
    let problems: string[];
    try {
      const rows = this.#db.prepare('PRAGMA quick_check').all();
      problems = rows.map((row) => String(row.quick_check)).filter((result) => result !== 'ok');
    } catch (error) {
      if (!isCorruptionError(error)) throw storeOpenError(this.file, error);
      problems = [error instanceof Error ? error.message : String(error)];
    }
    if (problems.length > 0) {
      throw new StoreError(
        'corruptDatabase',
        `The round store ${this.file} is damaged (${problems.slice(0, 3).join('; ')}). ` +
          'Move it away or restore a backup; the server leaves the file as it is.',
        this.file,
      );
    }
    const version = this.#userVersion();
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        'newerSchema',
        `The round store ${this.file} has schema version ${version}, but this server supports ` +
          `versions up to ${SCHEMA_VERSION}. Run a newer server or use another DATA_DIR.`,
        this.file,
      );
    }
  }

  /**
   * Fails now, rather than at the first finished round, when SQLite opened the file read-only,
   * which it does without an error when the file is not writable. The probe write is rolled back.
   */
  #assertWritable(): void {
    const version = this.#userVersion();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      this.#db.exec(`PRAGMA user_version = ${version}`);
    } finally {
      this.#db.exec('ROLLBACK');
    }
  }

  #userVersion(): number {
    return Number(this.#db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  }

  #migrate(): void {
    for (let version = this.#userVersion(); version < SCHEMA_VERSION; version++) {
      this.#transaction(() => {
        this.#db.exec(MIGRATIONS[version] ?? '');
        this.#db.exec(`PRAGMA user_version = ${version + 1}`);
      });
    }
  }

  #prepareStatements(): Statements {
    const db = this.#db;
    return {
      roundExists: db.prepare('SELECT 1 FROM rounds WHERE round_id = ?'),
      insertRound: db.prepare(
        `INSERT INTO rounds (round_id, room_id, started_at_ms, ended_at_ms, truth, image_jpeg,
          ai_score, generator_version, discriminator_version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertVote: db.prepare(
        `INSERT INTO votes (round_id, player_name, session_id, choice, voted_at_ms)
        VALUES (?, ?, ?, ?, ?)`,
      ),
      enqueue: db.prepare(
        'INSERT INTO finetune_queue (round_id, label, queued_at_ms) VALUES (?, ?, ?)',
      ),
      countRounds: db.prepare('SELECT count(*) AS count FROM rounds'),
      selectRound: db.prepare('SELECT * FROM rounds WHERE round_id = ?'),
      selectVotes: db.prepare(
        'SELECT * FROM votes WHERE round_id = ? ORDER BY voted_at_ms, session_id',
      ),
      selectBatch: db.prepare(
        `SELECT q.id, q.round_id, q.label, q.queued_at_ms, r.image_jpeg
        FROM finetune_queue AS q JOIN rounds AS r USING (round_id)
        WHERE q.consumed_at_ms IS NULL ORDER BY q.id LIMIT ?`,
      ),
      markConsumed: db.prepare(
        'UPDATE finetune_queue SET consumed_at_ms = ? WHERE id = ? AND consumed_at_ms IS NULL',
      ),
      countPending: db.prepare(
        'SELECT count(*) AS count FROM finetune_queue WHERE consumed_at_ms IS NULL',
      ),
    };
  }

  /** Runs `work` inside BEGIN IMMEDIATE .. COMMIT, rolling back when it throws. */
  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Stores a finished round, its votes and its fine-tuning queue entry in one transaction.
   * Throws `invalidRound` (listing every problem) or `duplicateRound` and writes nothing.
   */
  recordRound(round: FinishedRound): void {
    const parsed = finishedRoundSchema.safeParse(round);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'round'}: ${issue.message}`,
      );
      throw new StoreError('invalidRound', `Invalid finished round: ${problems.join('; ')}`);
    }
    const valid = parsed.data;
    const s = this.#statements;

    this.#transaction(() => {
      if (s.roundExists.get(valid.roundId) !== undefined) {
        throw new StoreError('duplicateRound', `Round ${valid.roundId} is already stored`);
      }
      s.insertRound.run(
        valid.roundId,
        valid.roomId,
        valid.startedAtMs,
        valid.endedAtMs,
        valid.truth,
        valid.imageJpeg,
        valid.aiScore,
        valid.generatorVersion,
        valid.discriminatorVersion,
      );
      for (const vote of valid.votes) {
        s.insertVote.run(
          valid.roundId,
          vote.playerName,
          vote.sessionId,
          vote.choice,
          vote.votedAtMs,
        );
      }
      s.enqueue.run(valid.roundId, valid.truth, this.#now());
    });
  }

  countRounds(): number {
    return Number(this.#statements.countRounds.get()?.count ?? 0);
  }

  /** Returns the stored round with its votes in voting order, or undefined. */
  getRound(roundId: string): FinishedRound | undefined {
    const row = this.#statements.selectRound.get(roundId);
    if (row === undefined) return undefined;
    const votes = this.#statements.selectVotes.all(roundId).map((vote: Row): RoundVote => ({
      playerName: String(vote.player_name),
      sessionId: String(vote.session_id),
      choice: vote.choice as Label,
      votedAtMs: Number(vote.voted_at_ms),
    }));
    return {
      roundId: String(row.round_id),
      roomId: String(row.room_id),
      startedAtMs: Number(row.started_at_ms),
      endedAtMs: Number(row.ended_at_ms),
      truth: row.truth as Label,
      imageJpeg: toBuffer(row.image_jpeg),
      aiScore: Number(row.ai_score),
      generatorVersion: row.generator_version === null ? null : String(row.generator_version),
      discriminatorVersion: String(row.discriminator_version),
      votes,
    };
  }

  /** Returns up to `limit` unconsumed fine-tuning items, oldest first. */
  nextFinetuneBatch(limit: number): FinetuneItem[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new StoreError('invalidArgument', `limit must be a positive integer, got ${limit}`);
    }
    return this.#statements.selectBatch.all(limit).map((row) => ({
      id: Number(row.id),
      roundId: String(row.round_id),
      label: row.label as Label,
      imageJpeg: toBuffer(row.image_jpeg),
      queuedAtMs: Number(row.queued_at_ms),
    }));
  }

  /**
   * Marks fine-tuning items as consumed, in one transaction. Returns how many were pending.
   * Unknown and already consumed ids are ignored.
   */
  markFinetuneConsumed(ids: readonly number[], consumedAtMs: number = this.#now()): number {
    const invalid = ids.find((value) => !Number.isSafeInteger(value));
    if (invalid !== undefined) {
      throw new StoreError('invalidArgument', `fine-tuning ids must be integers, got ${invalid}`);
    }
    return this.#transaction(() => {
      let changed = 0;
      for (const itemId of ids) {
        changed += Number(this.#statements.markConsumed.run(consumedAtMs, itemId).changes);
      }
      return changed;
    });
  }

  countPendingFinetune(): number {
    return Number(this.#statements.countPending.get()?.count ?? 0);
  }

  /** Closes the database; the store cannot be used afterwards. Safe to call twice. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
