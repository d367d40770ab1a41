/** Stable names for what went wrong; the CLI and tests match on these, never on messages. */
export type DatasetErrorCode =
  | 'invalidArgument'
  | 'unknownSource'
  | 'missingCredentials'
  | 'httpStatus'
  | 'tooManyRedirects'
  | 'unexpectedContent'
  | 'timeout'
  | 'network'
  | 'sizeMismatch'
  | 'checksumMismatch'
  | 'unsupportedArchive'
  | 'corruptArchive'
  | 'unsafeEntry'
  | 'noImages'
  | 'destinationInUse'
  | 'busy';

/** An error the dataset tool raises on purpose, with a message that names the value and the fix. */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  /** Whether trying the same request again may succeed (a dropped connection, a 503). */
  readonly retriable: boolean;

  constructor(
    code: DatasetErrorCode,
    message: string,
    options?: ErrorOptions & { retriable?: boolean },
  ) {
    super(message, options);
    this.name = 'DatasetError';
    this.code = code;
    this.retriable = options?.retriable ?? false;
  }
}

/** Returns true when `error` is a `DatasetError`, with the given code if one is passed. */
export function isDatasetError(error: unknown, code?: DatasetErrorCode): error is DatasetError {
  return error instanceof DatasetError && (code === undefined || error.code === code);
}
