import type { Logger } from 'pino';

import { hasErrorCode } from '../errors.ts';
import type { FinishedRound } from './finishedRound.ts';

/** Default number of unsaved rounds kept for a retry: 4 hours of one room at 15 s a round. */
export const DEFAULT_PENDING_ROUNDS = 1000;

export interface RoundSink {
  recordRound(round: FinishedRound): void;
}

/**
 * Writes finished rounds to the store in order. A round the store fails to take is kept in
 * memory and written again when the next round finishes. So a passing failure, such as another
 * process holding the database lock or a disk that is full or read-only, loses no round.
 */
export class RoundWriter {
  readonly #store: RoundSink;
  readonly #logger: Logger;
  readonly #capacity: number;
  readonly #pending: FinishedRound[] = [];

  constructor(store: RoundSink, logger: Logger, capacity = DEFAULT_PENDING_ROUNDS) {
    this.#store = store;
    this.#logger = logger;
    this.#capacity = capacity;
  }

  /** Number of finished rounds that are not stored yet. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Queues `round` behind the unsaved ones and writes as many as the store accepts. */
  recordRound(round: FinishedRound): void {
    this.#pending.push(round);
    if (this.#pending.length > this.#capacity) {
      const dropped = this.#pending.shift();
      this.#logger.error(
        { roundId: dropped?.roundId, roomId: dropped?.roomId, capacity: this.#capacity },
        `dropped an unsaved round because ${this.#capacity} rounds wait for the store`,
      );
    }
    this.flush();
  }

  /** Writes the waiting rounds, oldest first, until the store fails. Returns how many remain. */
  flush(): number {
    while (this.#pending.length > 0) {
      const round = this.#pending[0]!;
      try {
        this.#store.recordRound(round);
      } catch (error) {
        if (hasErrorCode(error, 'invalidRound') || hasErrorCode(error, 'duplicateRound')) {
          // Writing this round again would fail the same way, so it must not block the queue.
          this.#pending.shift();
          this.#logger.error(
            { err: error, roundId: round.roundId, roomId: round.roomId },
            'failed to store the finished round, which the store rejects; dropped it',
          );
          continue;
        }
        this.#logger.error(
          {
            err: error,
            roundId: round.roundId,
            roomId: round.roomId,
            pending: this.#pending.length,
          },
          'failed to store the finished round; kept in memory to retry after the next round',
        );
        break;
      }
      this.#pending.shift();
    }
    return this.#pending.length;
  }
}
