/**
 * Reason a quality measurement could not run. `invalid-features`: feature matrices of the wrong
 * size or too few rows. `invalid-faces`: faces of the wrong size, or too few to measure.
 * `invalid-options`: a count or seed out of range.
 */
export type QualityErrorCode = 'invalid-features' | 'invalid-faces' | 'invalid-options';

export class QualityError extends Error {
  override readonly name = 'QualityError';

  constructor(
    readonly code: QualityErrorCode,
    message: string,
  ) {
    super(message);
  }
}
