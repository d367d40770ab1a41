/**
 * Why a checkpoint could not be used: `missing` (a file or the directory does not exist),
 * `corrupt` (a file exists but cannot be parsed or does not fit the others) or `mismatch`
 * (a valid checkpoint of the wrong kind or with the wrong input and output shapes).
 */
export type CheckpointErrorCode = 'missing' | 'corrupt' | 'mismatch';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';

  /**
   * @param file Absolute or caller-relative path of the file at fault.
   */
  constructor(
    readonly code: CheckpointErrorCode,
    readonly file: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
