/**
 * Counts requests per client address in fixed windows. Memory stays bounded by the addresses
 * seen in one window, because the counts start over when a window ends.
 */
export class LookupLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #counts = new Map<string, number>();
  #windowEndsAtMs = 0;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Counts a request from `address`; returns the ms until the next window once over the limit. */
  take(address: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.#now();
    if (now >= this.#windowEndsAtMs) {
      this.#counts = new Map();
      this.#windowEndsAtMs = now + this.#windowMs;
    }
    const count = (this.#counts.get(address) ?? 0) + 1;
    this.#counts.set(address, count);
    if (count <= this.#limit) return { allowed: true };
    return { allowed: false, retryAfterMs: this.#windowEndsAtMs - now };
  }
}
