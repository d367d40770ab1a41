import { createHash } from 'node:crypto';

/** Share of real faces kept out of play so the discriminator can be evaluated on them. */
export const HOLDOUT_RATIO = 0.1;

/**
 * Whether the face at `relativePath` (below the faces folder, `/` separators) belongs to the
 * hold-out set. The training code must apply the same rule. Take the SHA-1 of the UTF-8 text
 * `${seed}:${relativePath}` and read its first 4 bytes as a big-endian unsigned integer. The
 * face is held out when that integer divided by 2^32 is below `ratio`.
 */
export function isHeldOut(relativePath: string, seed: string, ratio: number): boolean {
  const digest = createHash('sha1').update(`${seed}:${relativePath}`, 'utf8').digest();
  return digest.readUInt32BE(0) / 2 ** 32 < ratio;
}

export interface HoldoutSplit<T> {
  /** Faces the game may show. */
  play: T[];
  /** Faces kept for evaluation, never shown. */
  holdout: T[];
}

/**
 * Splits faces into play and hold-out sets with `isHeldOut`. Each face's side depends only
 * on its relative path and the seed, so it stays the same across runs, load orders and
 * folders that add or remove other files. Both sets keep the input order.
 */
export function splitHoldout<T extends { relativePath: string }>(
  faces: readonly T[],
  seed: string,
  ratio: number = HOLDOUT_RATIO,
): HoldoutSplit<T> {
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new RangeError(`Hold-out ratio must be from 0 to 1, got ${ratio}`);
  }
  const split: HoldoutSplit<T> = { play: [], holdout: [] };
  for (const face of faces) {
    (isHeldOut(face.relativePath, seed, ratio) ? split.holdout : split.play).push(face);
  }
  return split;
}
