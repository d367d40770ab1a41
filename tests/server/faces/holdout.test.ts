import { describe, expect, it } from 'vitest';
import { HOLDOUT_RATIO, isHeldOut, splitHoldout } from '../../../server/src/faces/holdout.ts';

const SEED = 'real-or-fake';

/** Hash fractions computed outside Node, with `printf '%s' "$SEED:$path" | sha1sum`. */
const KNOWN_FRACTIONS = [
  ['0_2000.jpg', 2657810442 / 2 ** 32],
  ['nested/a.png', 1707778195 / 2 ** 32],
  ['10015_2004.jpg', 175279500 / 2 ** 32],
] as const;

function datasetNames(count: number): { relativePath: string }[] {
  return Array.from({ length: count }, (_, index) => ({ relativePath: `${index}_2000.jpg` }));
}

describe('isHeldOut', () => {
  it.each(KNOWN_FRACTIONS)(
    'holds out %s only below its hash fraction',
    (relativePath, fraction) => {
      expect(isHeldOut(relativePath, SEED, fraction)).toBe(false);
      expect(isHeldOut(relativePath, SEED, fraction + 1e-9)).toBe(true);
    },
  );

  it('holds out a known dataset file at the default ratio', () => {
    expect(isHeldOut('10015_2004.jpg', SEED, HOLDOUT_RATIO)).toBe(true);
    expect(isHeldOut('0_2000.jpg', SEED, HOLDOUT_RATIO)).toBe(false);
  });

  it('depends on the seed', () => {
    const names = datasetNames(200);
    const first = names.filter((face) => isHeldOut(face.relativePath, 'a', 0.5));
    const second = names.filter((face) => isHeldOut(face.relativePath, 'b', 0.5));
    expect(first).not.toEqual(second);
  });
});

describe('splitHoldout', () => {
  it('holds out about 10% of 10,000 faces', () => {
    const { holdout, play } = splitHoldout(datasetNames(10_000), SEED);
    // The exact count for these names, from the same rule computed in Python.
    expect(holdout).toHaveLength(1010);
    expect(play).toHaveLength(8990);
  });

  it('puts each face on the same side in any order', () => {
    const faces = datasetNames(500);
    const reversed = [...faces].reverse();
    const sorted = (list: { relativePath: string }[]) => list.map((f) => f.relativePath).sort();

    expect(sorted(splitHoldout(reversed, SEED).holdout)).toEqual(
      sorted(splitHoldout(faces, SEED).holdout),
    );
  });

  it('keeps a face on its side when others are removed', () => {
    const faces = datasetNames(500);
    const full = splitHoldout(faces, SEED).holdout;
    const half = splitHoldout(faces.slice(0, 250), SEED).holdout;
    expect(half).toEqual(full.filter((face) => faces.indexOf(face) < 250));
  });

  it('keeps the input order on both sides', () => {
    const { holdout, play } = splitHoldout(datasetNames(300), SEED);
    const index = (face: { relativePath: string }) => Number.parseInt(face.relativePath, 10);
    expect(holdout.map(index)).toEqual([...holdout.map(index)].sort((a, b) => a - b));
    expect(play.map(index)).toEqual([...play.map(index)].sort((a, b) => a - b));
  });

  it('covers ratios 0 and 1', () => {
    const faces = datasetNames(100);
    expect(splitHoldout(faces, SEED, 0).holdout).toHaveLength(0);
    expect(splitHoldout(faces, SEED, 1).play).toHaveLength(0);
  });

  it.each([-0.1, 1.5, Number.NaN])('rejects ratio %s', (ratio) => {
    expect(() => splitHoldout(datasetNames(1), SEED, ratio)).toThrow(RangeError);
  });
});
