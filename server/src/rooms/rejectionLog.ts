import type { Logger } from 'pino';

/**
 * Logs rejected client input at warn level without letting one client flood the log: the
 * 1st, 2nd, 4th, 8th... rejection of each session is logged, with the running count.
 */
export class RejectionLog {
  readonly #counts = new Map<string, number>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  record(sessionId: string, code: string, message: string): void {
    const count = (this.#counts.get(sessionId) ?? 0) + 1;
    this.#counts.set(sessionId, count);
    if ((count & (count - 1)) === 0) {
      this.#logger.warn(
        { sessionId, code, rejections: count },
        `rejected client input: ${message}`,
      );
    }
  }

  forget(sessionId: string): void {
    this.#counts.delete(sessionId);
  }
}
