/**
 * A seeded 32-bit generator (mulberry32) whose whole state is one integer, so a checkpoint can
 * store it and a resumed run draws the same numbers it would have drawn.
 */
export class SeededRandom {
  private state: number;

  constructor(state: number) {
    this.state = state >>> 0;
  }

  static fromSeed(seed: string): SeededRandom {
    // FNV-1a turns the text seed into the initial state.
    let hash = 0x811c9dc5;
    for (let index = 0; index < seed.length; index++) {
      hash ^= seed.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return new SeededRandom(hash);
  }

  getState(): number {
    return this.state;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** Returns a permutation of 0..count-1 (Fisher-Yates). */
  permutation(count: number): number[] {
    const order = Array.from({ length: count }, (_, index) => index);
    for (let index = count - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      const swap = order[index] ?? 0;
      order[index] = order[other] ?? 0;
      order[other] = swap;
    }
    return order;
  }
}
