import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from 'pino';

import type { FaceModels } from '../ai/modelService.ts';
import { ServerError } from '../errors.ts';
import { encodeGeneratedFace, type ScoredFace } from './preparedFace.ts';

export interface FakePoolOptions {
  /** Number of faces kept ready (FAKE_POOL_SIZE). */
  capacity: number;
  models: FaceModels;
  jpegQuality: number;
  logger: Logger;
  /** Pause after a failed generation before the next try, in ms. */
  retryDelayMs?: number;
}

/** Rejects the rounds still waiting for a face when the pool stops. */
export class FakePoolStoppedError extends ServerError<'fakePoolStopped'> {
  constructor() {
    super('fakePoolStopped', 'The fake pool stopped before it could make the face');
  }
}

interface FaceWaiter {
  resolve(face: ScoredFace): void;
  reject(error: Error): void;
}

export interface FakePoolStats {
  size: number;
  capacity: number;
  generated: number;
  failures: number;
  /** Mean time to generate, encode and score one face, in ms; 0 before the first one. */
  meanMsPerFace: number;
}

/**
 * Generated faces that are already encoded and scored, so that a round waits for the generator
 * only when the pool is empty. A background loop refills the pool whenever a `take` or `next`
 * leaves it below capacity.
 *
 * The loop makes one face at a time and yields to the event loop in between, because each
 * generator call blocks the thread while it runs and rooms must keep handling messages.
 */
export class FakePool {
  readonly #faces: ScoredFace[] = [];
  readonly #options: Required<FakePoolOptions>;
  readonly #stopped = new AbortController();
  #filling: Promise<void> | undefined;
  #waitingForFull: (() => void)[] = [];
  #waitingForFace: FaceWaiter[] = [];
  #emptyCount = 0;
  #generated = 0;
  #failures = 0;
  #totalMs = 0;

  constructor(options: FakePoolOptions) {
    this.#options = { retryDelayMs: 1000, ...options };
  }

  /** Starts filling the pool in the background. */
  start(): void {
    this.#refill();
  }

  /** Removes and returns the oldest face, or undefined when the pool is empty. Never waits. */
  take(): ScoredFace | undefined {
    const face = this.#faces.shift();
    if (face === undefined) {
      this.#refill();
    } else {
      // Making a face starts with a synchronous generator call, so topping up waits a turn of
      // the event loop: the round that took this face publishes it first.
      setImmediate(() => this.#refill());
    }
    return face;
  }

  /**
   * Resolves with the oldest face, or, when the pool is empty, with the next face made, in the
   * order of the calls. Rejects with `FakePoolStoppedError` once the pool is stopped.
   */
  next(): Promise<ScoredFace> {
    const face = this.take();
    if (face !== undefined) return Promise.resolve(face);
    if (this.#stopped.signal.aborted) return Promise.reject(new FakePoolStoppedError());

    this.#emptyCount++;
    // Logged on the 1st, 2nd, 4th, 8th... time, so that a flood of rounds cannot flood the log.
    if ((this.#emptyCount & (this.#emptyCount - 1)) === 0) {
      this.#options.logger.warn(
        { emptyCount: this.#emptyCount },
        'the fake pool is empty, so a round waits for the generator; ' +
          'raise FAKE_POOL_SIZE or lower FAKE_RATIO if this repeats',
      );
    }
    return new Promise((resolve, reject) => this.#waitingForFace.push({ resolve, reject }));
  }

  get size(): number {
    return this.#faces.length;
  }

  stats(): FakePoolStats {
    return {
      size: this.#faces.length,
      capacity: this.#options.capacity,
      generated: this.#generated,
      failures: this.#failures,
      meanMsPerFace: this.#generated === 0 ? 0 : this.#totalMs / this.#generated,
    };
  }

  /** Resolves once the pool is full, or at once when it is stopped. */
  whenFull(): Promise<void> {
    if (this.#isFull() || this.#stopped.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.#waitingForFull.push(resolve));
  }

  /** Stops refilling and waits for the face in progress, if any, to finish. */
  async stop(): Promise<void> {
    this.#stopped.abort();
    await this.#filling;
    this.#releaseWaiters();
    const waiting = this.#waitingForFace;
    this.#waitingForFace = [];
    for (const waiter of waiting) waiter.reject(new FakePoolStoppedError());
  }

  #isFull(): boolean {
    return this.#faces.length >= this.#options.capacity;
  }

  #refill(): void {
    if (this.#filling !== undefined || this.#stopped.signal.aborted || this.#isFull()) return;
    this.#filling = this.#fill().finally(() => {
      this.#filling = undefined;
      // A take() while the loop was finishing found it still running, so check again.
      this.#refill();
    });
  }

  async #fill(): Promise<void> {
    const { logger, retryDelayMs } = this.#options;
    const started = performance.now();
    const sizeBefore = this.#faces.length;

    while (!this.#stopped.signal.aborted && !this.#isFull()) {
      try {
        const face = await this.#makeFace();
        const waiter = this.#waitingForFace.shift();
        if (waiter === undefined) this.#faces.push(face);
        else waiter.resolve(face);
      } catch (error) {
        this.#failures++;
        logger.error(
          { err: error, failures: this.#failures },
          `failed to make a fake face; retrying in ${retryDelayMs} ms`,
        );
        await sleep(retryDelayMs, undefined, { signal: this.#stopped.signal }).catch(() => {});
      }
      await yieldToEventLoop();
    }

    if (this.#isFull()) {
      const fields = {
        added: this.#faces.length - sizeBefore,
        size: this.#faces.length,
        elapsedMs: Math.round(performance.now() - started),
      };
      // A full refill from empty is worth an info line, and topping up after each round is not.
      if (sizeBefore === 0) logger.info(fields, 'fake pool filled');
      else logger.debug(fields, 'fake pool refilled');
      this.#releaseWaiters();
    }
  }

  async #makeFace(): Promise<ScoredFace> {
    const { models, jpegQuality } = this.#options;
    const started = performance.now();

    const [pixels] = models.generate(1);
    if (pixels === undefined) throw new Error('the generator returned no face for a request of 1');
    const jpeg = await encodeGeneratedFace(pixels, jpegQuality);
    const [aiScore] = await models.score([jpeg]);
    if (aiScore === undefined) throw new Error('the discriminator returned no score for 1 face');

    this.#generated++;
    this.#totalMs += performance.now() - started;
    return {
      jpeg,
      truth: 'fake',
      aiScore,
      generatorVersion: models.versions.generator,
      discriminatorVersion: models.versions.discriminator,
    };
  }

  #releaseWaiters(): void {
    const waiting = this.#waitingForFull;
    this.#waitingForFull = [];
    for (const resolve of waiting) resolve();
  }
}
