import { ServerError } from '../errors.ts';

export type StoreErrorCode =
  | 'invalidRound'
  | 'duplicateRound'
  | 'invalidArgument'
  | 'notADatabase'
  | 'corruptDatabase'
  | 'newerSchema'
  | 'databaseLocked'
  | 'readOnly'
  | 'openFailed';

export class StoreError extends ServerError<StoreErrorCode> {
  /** The database file, for errors about the file itself. */
  readonly file: string | undefined;

  constructor(code: StoreErrorCode, message: string, file?: string, options?: ErrorOptions) {
    super(code, message, options);
    this.file = file;
  }
}

/** SQLite primary result codes, from the low byte of an extended code. */
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** Returns the primary SQLite result code of a `node:sqlite` error, or undefined. */
export function sqliteResultCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return undefined;
  return typeof error.errcode === 'number' ? error.errcode & 0xff : undefined;
}

/** Tells whether SQLite failed because the file's content is damaged. */
export function isCorruptionError(error: unknown): boolean {
  const code = sqliteResultCode(error);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/**
 * Wraps an error from opening or setting up the store. Only a damaged file makes the store
 * advise moving it away, so a lock or missing permission never leads an operator to do so.
 */
export function storeOpenError(file: string, error: unknown): StoreError {
  const reason = error instanceof Error ? error.message : String(error);
  const code = sqliteResultCode(error);
  if (code === SQLITE_BUSY || code === SQLITE_LOCKED) {
    return new StoreError(
      'databaseLocked',
      `The round store ${file} is locked by another process (${reason}). Stop that process or ` +
        'wait for its write to finish, then start the server again; the file is left as it is.',
      file,
      { cause: error },
    );
  }
  if (code === SQLITE_READONLY) {
    return new StoreError(
      'readOnly',
      `The round store ${file} can be read but not written (${reason}). Make the file and ` +
        'its folder writable, or set DATA_DIR to a writable folder.',
      file,
      { cause: error },
    );
  }
  return new StoreError(
    'openFailed',
    `Failed to open the round store ${file}: ${reason}. Check that DATA_DIR is a folder that ` +
      'the server can read and write.',
    file,
    { cause: error },
  );
}
