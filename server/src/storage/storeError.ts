import { ServerError } from '../errors.ts';

export type StoreErrorCode =
  | 'invalidRound'
  | 'duplicateRound'
  | 'invalidArgument'
  | 'notADatabase'
  | 'corruptDatabase'
  | 'newerSchema'
  | 'openFailed';

export class StoreError extends ServerError<StoreErrorCode> {
  /** The database file, for errors about the file itself. */
  readonly file: string | undefined;

  constructor(code: StoreErrorCode, message: string, file?: string, options?: ErrorOptions) {
    super(code, message, options);
    this.file = file;
  }
}
