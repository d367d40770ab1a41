/** Samples kept for the offset estimate; old ones age out so a clock jump heals. */
const MAX_SAMPLES = 8;

/**
 * Estimates the offset between the server clock and the local clock.
 *
 * Each sample pairs a server timestamp (the start of a phase) with the local time the client
 * learned of it. Network delay only ever makes the local time later, so every sample
 * underestimates the true offset by its one-way delay: the largest recent sample is the best
 * estimate.
 */
export class ServerClock {
  readonly #samples: number[] = [];

  /**
   * Record that the server clock read `serverMs` no later than local time `localMs`. Feed it only
   * live phase changes: the state a client receives on joining is stale by an unknown amount.
   */
  observe(serverMs: number, localMs: number): void {
    if (!Number.isFinite(serverMs) || serverMs <= 0) {
      return;
    }
    this.#samples.push(serverMs - localMs);
    if (this.#samples.length > MAX_SAMPLES) {
      this.#samples.shift();
    }
  }

  /** Offset in ms to add to the local clock to get server time; 0 before the first sample. */
  get offsetMs(): number {
    return this.#samples.length === 0 ? 0 : Math.max(...this.#samples);
  }

  /** Current server time estimate in ms since the Unix epoch. */
  now(localMs: number = Date.now()): number {
    return localMs + this.offsetMs;
  }

  /** Milliseconds left until server time `deadlineMs`, never negative. */
  remainingMs(deadlineMs: number, localMs: number = Date.now()): number {
    return Math.max(0, deadlineMs - this.now(localMs));
  }
}
