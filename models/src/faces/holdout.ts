import { createHash } from 'node:crypto';

export const DEFAULT_HOLDOUT_SEED = 'real-or-fake';
export const DEFAULT_HOLDOUT_RATIO = 0.1;

/**
 * Decides whether a file belongs to the held-out split: the first 4 bytes of
 * sha1(`${seed}:${relativePath}`), read as a big-endian uint32 and divided by 2^32, fall below
 * `ratio`. The path uses forward slashes, so the split is the same on every platform and
 * independent of load order.
 */
export function isHeldOut(relativePath: string, seed: string, ratio: number): boolean {
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new RangeError(`holdout ratio must be between 0 and 1, got ${ratio}`);
  }
  const normalized = relativePath.split('\\').join('/');
  const digest = createHash('sha1').update(`${seed}:${normalized}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < ratio;
}

/** Splits items by their relative path into training and held-out sets. */
export function splitByPath<T extends { relativePath: string }>(
  items: readonly T[],
  seed: string = DEFAULT_HOLDOUT_SEED,
  ratio: number = DEFAULT_HOLDOUT_RATIO,
): { train: T[]; holdout: T[] } {
  const train: T[] = [];
  const holdout: T[] = [];
  for (const item of items) {
    (isHeldOut(item.relativePath, seed, ratio) ? holdout : train).push(item);
  }
  return { train, holdout };
}
