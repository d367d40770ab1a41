import { describe, expect, it } from 'vitest';

import { isHeldOut, splitByPath } from '../../../models/src/faces/holdout.ts';
import { isHeldOut as gameIsHeldOut } from '../../../server/src/faces/holdout.ts';

const PATHS = Array.from({ length: 2000 }, (_, index) => `set-${index % 7}/face_${index}.jpg`);

describe('isHeldOut', () => {
  it('agrees with the game server on every path', () => {
    const disagreements = PATHS.filter(
      (path) => isHeldOut(path, 'real-or-fake', 0.1) !== gameIsHeldOut(path, 'real-or-fake', 0.1),
    );
    expect(disagreements).toEqual([]);
  });

  it('holds out about the requested share', () => {
    const share = PATHS.filter((path) => isHeldOut(path, 'real-or-fake', 0.1)).length / 2000;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('depends on the seed', () => {
    const first = PATHS.filter((path) => isHeldOut(path, 'a', 0.1));
    const second = PATHS.filter((path) => isHeldOut(path, 'b', 0.1));
    expect(first).not.toEqual(second);
  });

  it('treats backslashes as separators', () => {
    expect(isHeldOut('set-1\\face_8.jpg', 'x', 0.5)).toBe(isHeldOut('set-1/face_8.jpg', 'x', 0.5));
  });

  it('rejects a ratio above 1', () => {
    expect(() => isHeldOut('a.jpg', 'x', 1.5)).toThrow(RangeError);
  });
});

describe('splitByPath', () => {
  it('does not depend on the order of the items', () => {
    const items = PATHS.map((relativePath) => ({ relativePath }));
    const forward = splitByPath(items).holdout.map((item) => item.relativePath);
    const backward = splitByPath([...items].reverse()).holdout.map((item) => item.relativePath);
    expect(backward.sort()).toEqual(forward.sort());
  });
});
