import { Callbacks, CloseCode, type Client } from '@colyseus/sdk';
import {
  ClientMessage,
  ServerMessage,
  type ErrorPayload,
  type GameState,
  type Label,
  type VoteAcceptedPayload,
  type VotePayload,
} from '@real-or-fake/shared';
import { snapshotState, type GameSnapshot } from '../game/snapshot.ts';
import { Emitter } from './emitter.ts';
import {
  JoinError,
  joinGame,
  joinWithTimeout,
  leaveRoom,
  rejoinGame,
  toJoinError,
} from './joinGame.ts';
import type { GameRoom, JoinRequest } from './joinGame.ts';
import type { SavedSession, SessionStore } from './savedSession.ts';
import { ServerClock } from './serverClock.ts';

export type ConnectionStatus =
  | { kind: 'connected' }
  /** `retryInMs` is null while the SDK retries on its own schedule after a dropped socket. */
  | { kind: 'reconnecting'; attempt: number; retryInMs: number | null; reason: string }
  /** Rejoining is impossible, e.g. the private room closed; the player must join again. */
  | { kind: 'closed'; reason: string };

type ConnectionEvents = {
  state: [GameSnapshot];
  voteAccepted: [VoteAcceptedPayload];
  serverError: [ErrorPayload];
  /** A room-level failure the SDK reports, e.g. a state patch it could not decode. */
  roomError: [string];
  status: [ConnectionStatus];
};

export interface ConnectionContext {
  client: Client;
  serverUrl: string;
  store: SessionStore;
  timeoutMs: number;
}

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 15_000;

function retryDelayMs(attempt: number): number {
  const exponential = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
  // Jitter spreads out the clients of a restarted server so they do not rejoin in lockstep.
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

/**
 * Rejoin a saved seat. The reconnection token comes first: it keeps the session while the
 * server still keeps the seat open. Next is the player's name in the same room, which the
 * server treats as a takeover of the disconnected player with that name. A public room that is
 * gone is replaced by any public room, but a private room that is gone cannot be replaced.
 */
async function rejoinSeat(context: ConnectionContext, saved: SavedSession): Promise<GameRoom> {
  const { client, serverUrl, timeoutMs } = context;
  try {
    return await joinWithTimeout(rejoinGame(client, saved.reconnectionToken), timeoutMs, serverUrl);
  } catch (error) {
    if (toJoinError(error, serverUrl).code === 'unreachable') {
      throw toJoinError(error, serverUrl);
    }
  }

  const sameRoom: JoinRequest = { kind: 'room', roomId: saved.roomId };
  try {
    return await joinWithTimeout(joinGame(client, saved.name, sameRoom), timeoutMs, serverUrl);
  } catch (error) {
    const joinError = toJoinError(error, serverUrl);
    if (joinError.code !== 'roomNotFound') {
      throw joinError;
    }
    if (saved.roomCode !== '') {
      throw new JoinError('roomNotFound', `private room ${saved.roomCode} has closed`);
    }
  }
  const publicRoom = joinGame(client, saved.name, { kind: 'public' });
  return joinWithTimeout(publicRoom, timeoutMs, serverUrl);
}

/**
 * One player's seat in a game room. It re-emits the synced state as plain snapshots, keeps
 * the server clock estimate, stores the seat in session storage and rejoins it with backoff
 * when the connection drops.
 */
export class GameConnection extends Emitter<ConnectionEvents> {
  readonly clock = new ServerClock();
  readonly #context: ConnectionContext;
  readonly #name: string;
  #room: GameRoom;
  #snapshot: GameSnapshot | null = null;
  #left = false;

  private constructor(context: ConnectionContext, name: string, room: GameRoom) {
    super();
    this.#context = context;
    this.#name = name;
    this.#room = room;
    this.#attach(room);
  }

  /** Join a room by the player's choice on the join screen. */
  static async join(
    context: ConnectionContext,
    name: string,
    request: JoinRequest,
  ): Promise<GameConnection> {
    const joining = joinGame(context.client, name, request);
    try {
      const room = await joinWithTimeout(joining, context.timeoutMs, context.serverUrl);
      return new GameConnection(context, name.trim(), room);
    } catch (error) {
      throw toJoinError(error, context.serverUrl);
    }
  }

  /** Rejoin the seat this tab saved before a refresh; null when none is saved. */
  static async resume(context: ConnectionContext): Promise<GameConnection | null> {
    const saved = context.store.load();
    if (saved === null) {
      return null;
    }
    try {
      return new GameConnection(context, saved.name, await rejoinSeat(context, saved));
    } catch (error) {
      context.store.clear();
      throw toJoinError(error, context.serverUrl);
    }
  }

  get name(): string {
    return this.#name;
  }

  get sessionId(): string {
    return this.#room.sessionId;
  }

  /** The latest state, or null before the first state arrives. */
  get snapshot(): GameSnapshot | null {
    return this.#snapshot;
  }

  /** Send a vote for the current round; false when no round is open for voting. */
  vote(choice: Label): boolean {
    const snapshot = this.#snapshot;
    if (snapshot === null || snapshot.phase !== 'voting' || this.#left) {
      return false;
    }
    const payload: VotePayload = { roundId: snapshot.roundId, choice };
    this.#room.send(ClientMessage.vote, payload);
    return true;
  }

  /** Leave for good: the seat is given up and forgotten. */
  async leave(): Promise<void> {
    this.#left = true;
    this.#context.store.clear();
    this.clear();
    await leaveRoom(this.#room);
  }

  #save(): void {
    this.#context.store.save({
      name: this.#name,
      reconnectionToken: this.#room.reconnectionToken,
      roomId: this.#room.roomId,
      roomCode: this.#snapshot?.roomCode ?? '',
    });
  }

  #attach(room: GameRoom): void {
    this.#save();
    const callbacks = Callbacks.get(room);
    // The first value seen after joining is stale by however long the phase has run, so only
    // later changes, observed live, feed the clock estimate.
    callbacks.listen('phaseStartedAtMs', (startedAtMs, previousMs) => {
      if (previousMs !== undefined) {
        this.clock.observe(startedAtMs, Date.now());
      }
    });
    callbacks.listen('roomCode', () => this.#save());

    room.onStateChange((state: GameState) => {
      this.#snapshot = snapshotState(state);
      this.emit('state', this.#snapshot);
    });
    room.onMessage(ServerMessage.voteAccepted, (payload: VoteAcceptedPayload) => {
      this.emit('voteAccepted', payload);
    });
    room.onMessage(ServerMessage.error, (payload: ErrorPayload) => {
      this.emit('serverError', payload);
    });
    room.onError((code, message) => {
      this.emit('roomError', `${message ?? 'room error'} (code ${code})`);
    });
    room.onDrop((_code, reason) => {
      this.emit('status', {
        kind: 'reconnecting',
        attempt: room.reconnection.retryCount + 1,
        retryInMs: null,
        reason: reason ?? 'connection dropped',
      });
    });
    room.onReconnect(() => {
      this.#save();
      this.emit('status', { kind: 'connected' });
    });
    room.onLeave((code, reason) => {
      if (this.#left || code === CloseCode.CONSENTED) {
        return;
      }
      void this.#rejoin(reason === undefined || reason === '' ? `closed (${code})` : reason);
    });
  }

  async #rejoin(reason: string): Promise<void> {
    const saved = this.#context.store.load();
    if (saved === null) {
      this.emit('status', { kind: 'closed', reason });
      return;
    }
    for (let attempt = 1; !this.#left; attempt += 1) {
      const retryInMs = retryDelayMs(attempt);
      this.emit('status', { kind: 'reconnecting', attempt, retryInMs, reason });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
      if (this.#left) {
        return;
      }
      try {
        this.#room = await rejoinSeat(this.#context, saved);
        this.#attach(this.#room);
        this.emit('status', { kind: 'connected' });
        return;
      } catch (error) {
        const joinError = toJoinError(error, this.#context.serverUrl);
        if (joinError.code === 'roomNotFound') {
          this.#context.store.clear();
          this.emit('status', { kind: 'closed', reason: joinError.message });
          return;
        }
        reason = joinError.message;
      }
    }
  }
}
