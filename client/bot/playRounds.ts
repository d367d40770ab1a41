import { Client, CloseCode } from '@colyseus/sdk';
import {
  ClientMessage,
  ServerMessage,
  type ErrorPayload,
  type GameState,
  type Label,
  type VoteAcceptedPayload,
  type VotePayload,
} from '@real-or-fake/shared';
import { snapshotState, type GameSnapshot } from '../src/game/snapshot.ts';
import {
  joinGame,
  joinWithTimeout,
  leaveRoom,
  toJoinError,
  type GameRoom,
  type JoinRequest,
} from '../src/net/joinGame.ts';
import type { Strategy } from './args.ts';

/** One finished round as the bot saw it; `main.ts` prints each as a JSON line. */
export interface RoundResult {
  roundId: string;
  truth: Label;
  vote: Label;
  /** The discriminator's sigmoid score: 0 is surely fake, 1 surely real. */
  aiScore: number;
  aiVerdict: Label;
  correct: boolean;
}

/** The subset of pino's API the bot uses, so tests can pass a silent or capturing logger. */
export interface BotLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface PlayRoundsOptions {
  url: string;
  rounds: number;
  /** Private room code; public matchmaking when absent. */
  roomCode?: string | undefined;
  strategy: Strategy;
  name: string;
  /** Give up joining after this many milliseconds. */
  timeoutMs: number;
  logger?: BotLogger;
  /** Source of randomness for the `random` strategy. */
  random?: () => number;
  /** Stops play: the iterator leaves the room and ends without an error. */
  signal?: AbortSignal;
}

export type BotErrorCode = 'connectionLost';

export class BotError extends Error {
  override readonly name = 'BotError';

  constructor(
    readonly code: BotErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const RECONNECT_MAX_DELAY_MS = 1000;

const silentLogger: BotLogger = { debug() {}, info() {}, warn() {} };

function chooseVote(strategy: Strategy, random: () => number): Label {
  if (strategy === 'random') {
    return random() < 0.5 ? 'real' : 'fake';
  }
  return strategy;
}

/** Pushes values from callbacks to one awaiting consumer; a failure ends the stream. */
class ResultChannel<T> {
  readonly #buffer: T[] = [];
  #failure: Error | null = null;
  #closed = false;
  #wake: (() => void) | null = null;

  push(value: T): void {
    this.#buffer.push(value);
    this.#notify();
  }

  fail(error: Error): void {
    this.#failure ??= error;
    this.#notify();
  }

  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /** Resolves with the next value, or null once closed; rejects after `fail`. */
  async next(): Promise<T | null> {
    for (;;) {
      const value = this.#buffer.shift();
      if (value !== undefined) {
        return value;
      }
      if (this.#failure !== null) {
        throw this.#failure;
      }
      if (this.#closed) {
        return null;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** Votes in each voting phase and turns each reveal of a round it voted in into a result. */
function watchRounds(
  room: GameRoom,
  options: PlayRoundsOptions,
  results: ResultChannel<RoundResult>,
): void {
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  let votedRoundId = '';
  let reportedRoundId = '';

  const vote = (snapshot: GameSnapshot): void => {
    const payload: VotePayload = {
      roundId: snapshot.roundId,
      choice: chooseVote(options.strategy, random),
    };
    votedRoundId = snapshot.roundId;
    room.send(ClientMessage.vote, payload);
    logger.debug({ roundId: payload.roundId, choice: payload.choice }, 'vote sent');
  };

  const report = (snapshot: GameSnapshot): void => {
    reportedRoundId = snapshot.roundId;
    const me = snapshot.players.find((player) => player.sessionId === room.sessionId);
    if (snapshot.reveal === null || me?.vote == null) {
      logger.warn({ roundId: snapshot.roundId }, 'vote was not counted; round skipped');
      return;
    }
    results.push({
      roundId: snapshot.roundId,
      truth: snapshot.reveal.truth,
      vote: me.vote,
      aiScore: snapshot.reveal.aiScore,
      aiVerdict: snapshot.reveal.aiVerdict,
      correct: me.correct,
    });
  };

  const onState = (state: GameState): void => {
    const snapshot = snapshotState(state);
    if (snapshot.phase === 'voting' && snapshot.roundId !== votedRoundId) {
      vote(snapshot);
    }
    const revealed = snapshot.phase === 'reveal' && snapshot.reveal !== null;
    if (revealed && snapshot.roundId === votedRoundId && snapshot.roundId !== reportedRoundId) {
      report(snapshot);
    }
  };

  room.onStateChange(onState);
  room.onMessage(ServerMessage.voteAccepted, (payload: VoteAcceptedPayload) => {
    logger.debug({ roundId: payload.roundId, choice: payload.choice }, 'vote accepted');
  });
  room.onMessage(ServerMessage.error, (payload: ErrorPayload) => {
    logger.warn({ code: payload.code }, `server error: ${payload.message}`);
  });
  room.onDrop((code) => logger.warn({ code }, 'connection dropped; reconnecting'));
  room.onReconnect(() => logger.info({ roomId: room.roomId }, 'reconnected'));
  room.onLeave((code, reason) => {
    results.fail(new BotError('connectionLost', `lost the room: ${describeClose(code, reason)}`));
  });
}

/** Explain a WebSocket close code the way an operator reads it. */
function describeClose(code: number, reason: string | undefined): string {
  const known: Record<number, string> = {
    [CloseCode.SERVER_SHUTDOWN]: 'the server shut down',
    [CloseCode.WITH_ERROR]: 'the room closed with an error',
    [CloseCode.FAILED_TO_RECONNECT]: 'reconnecting failed',
  };
  const detail = known[code] ?? (reason === undefined || reason === '' ? 'closed' : reason);
  return `${detail} (close code ${code})`;
}

/**
 * Join a game and play `rounds` rounds, yielding one result per revealed round the bot voted
 * in. Rounds already under way on joining are skipped. Leaves the room when the consumer stops.
 */
export async function* playRounds(options: PlayRoundsOptions): AsyncGenerator<RoundResult> {
  const logger = options.logger ?? silentLogger;
  const request: JoinRequest =
    options.roomCode === undefined ? { kind: 'public' } : { kind: 'code', code: options.roomCode };

  const client = new Client(options.url);
  let room: GameRoom;
  try {
    room = await joinWithTimeout(
      joinGame(client, options.name, request),
      options.timeoutMs,
      options.url,
    );
  } catch (error) {
    throw toJoinError(error, options.url);
  }
  logger.info(
    { roomId: room.roomId, sessionId: room.sessionId, playerName: options.name },
    'joined',
  );

  // The SDK retries a dropped connection 15 times, waiting up to 5 s each. A bot should give up
  // within about its join timeout instead, so a dead server fails the run in reasonable time.
  room.reconnection.maxDelay = RECONNECT_MAX_DELAY_MS;
  room.reconnection.maxRetries = Math.max(1, Math.ceil(options.timeoutMs / RECONNECT_MAX_DELAY_MS));

  const results = new ResultChannel<RoundResult>();
  const onAbort = (): void => results.close();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted === true) {
    results.close();
  }
  watchRounds(room, options, results);

  try {
    for (let played = 0; played < options.rounds; played += 1) {
      const result = await results.next();
      if (result === null) {
        return;
      }
      yield result;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    room.onLeave.clear();
    await leaveRoom(room);
    logger.info({ roomId: room.roomId }, 'left');
  }
}
