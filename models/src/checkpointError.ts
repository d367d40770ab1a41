/**
 * Reason a checkpoint could not be used. `missing`: a file or the directory does not exist.
 * `corrupt`: a file cannot be parsed or does not fit the others. `mismatch`: the checkpoint is
 * valid but of the wrong kind, or has the wrong input and output shapes.
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
