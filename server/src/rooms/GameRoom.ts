import {
  CloseCode,
  Deferred,
  matchMaker,
  Room,
  ServerError as MatchmakingError,
  type Client,
} from '@colyseus/core';
import {
  ClientMessage,
  GameState,
  JoinErrorCode,
  joinOptionsSchema,
  ServerMessage,
  type ErrorPayload,
  type JoinOptions,
} from '@real-or-fake/shared';
import type { Logger } from 'pino';
import { z } from 'zod';

import type { FaceImageStore } from '../rounds/faceImageStore.ts';
import type { FaceProvider } from '../rounds/faceSource.ts';
import { MAX_PLAYERS_PER_ROOM } from './capacity.ts';
import { addPlayer, findPlayerByName, movePlayer, pruneDisconnected } from './players.ts';
import { RejectionLog } from './rejectionLog.ts';
import { generateRoomCode } from './roomCode.ts';
import { RoundCycle, type RoundRecorder, type RoundSettings } from './roundCycle.ts';

export { MAX_PLAYERS_PER_ROOM };

/** Default seconds a dropped player's seat stays reserved for `reconnect` with its token. */
export const RECONNECT_SECONDS = 30;

/** Messages per second above which Colyseus closes a client's connection, as a drop. */
const MAX_MESSAGES_PER_SECOND = 20;

/** Metadata in the room's matchmaker listing, which clients can read: nothing about rounds. */
export interface GameRoomMetadata {
  /** Code of a private room; absent on public rooms. */
  code?: string;
}

export interface GameRoomDeps {
  logger: Logger;
  faces: FaceProvider;
  images: FaceImageStore;
  recorder: RoundRecorder;
  settings: RoundSettings;
  now: () => number;
  /** Seconds a dropped player's seat stays reserved; RECONNECT_SECONDS by default. */
  reconnectSeconds?: number;
}

const createOptionsSchema = z.looseObject({ private: z.boolean().optional() });

/**
 * The Colyseus room of one game. Joins are validated here, players keep their entry across a
 * dropped connection and across a rejoin under the same name, and `RoundCycle` runs the rounds.
 */
export class GameRoom extends Room<{ state: GameState; metadata: GameRoomMetadata }> {
  override state = new GameState();
  override maxClients = MAX_PLAYERS_PER_ROOM;
  override maxMessagesPerSecond = MAX_MESSAGES_PER_SECOND;

  #logger!: Logger;
  #rounds!: RoundCycle;
  #rejections!: RejectionLog;
  readonly #reconnections = new Map<string, Deferred<Client>>();

  /** Dependencies of the room, supplied by the subclass that `defineGameRoom` returns. */
  protected get deps(): GameRoomDeps {
    throw new Error('GameRoom has no dependencies: register it with defineGameRoom(deps)');
  }

  /** Rejects invalid join options during matchmaking, before a seat or a room is made. */
  static override async onAuth(_token: string, options: unknown): Promise<true> {
    parseJoinOptions(options);
    return true;
  }

  override async onCreate(options: unknown): Promise<void> {
    const { logger, settings, now, faces, images, recorder } = this.deps;
    this.#logger = logger.child({ roomId: this.roomId });
    this.#rejections = new RejectionLog(this.#logger);

    this.state.roomCode = '';
    const created = createOptionsSchema.safeParse(options);
    if (created.success && created.data.private === true) {
      const code = await this.#claimRoomCode();
      this.state.roomCode = code;
      await this.setPrivate(true);
      await this.setMetadata({ code });
    }

    this.#rounds = new RoundCycle({
      roomId: this.roomId,
      state: this.state,
      clock: this.clock,
      faces,
      images,
      recorder,
      settings,
      now,
      logger: this.#logger,
    });

    this.onMessage(ClientMessage.vote, (client, payload: unknown) => this.#onVote(client, payload));
    this.onMessage('*', (client, type) => {
      this.#sendError(client, {
        code: 'invalidMessage',
        message: `Unknown message type ${JSON.stringify(type)}; the only one is "vote"`,
      });
    });

    this.#logger.info({ private: this.state.roomCode !== '' }, 'room created');
  }

  override onJoin(client: Client, options: unknown): void {
    const { name } = parseJoinOptions(options);
    const existing = findPlayerByName(this.state, name);
    const logger = this.#logger.child({ sessionId: client.sessionId });

    if (existing !== undefined) {
      // Colyseus ignores an instance-level onAuth next to the static one, so the name is
      // checked here: only a disconnected player's entry may be taken over.
      assertNameFree(this.state, name);
      this.#cancelReconnection(existing.sessionId);
      movePlayer(this.state, existing.sessionId, client.sessionId);
      this.#rounds.movePlayer(existing.sessionId, client.sessionId);
      logger.info(
        { name, previousSessionId: existing.sessionId, score: existing.player.score },
        'player rejoined under the same name',
      );
    } else {
      addPlayer(this.state, client.sessionId, name);
      logger.info({ name }, 'player joined');
    }
    this.#rounds.playersChanged();
  }

  override onDrop(client: Client, code?: number): void {
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;
    player.connected = false;

    const reconnectSeconds = this.deps.reconnectSeconds ?? RECONNECT_SECONDS;
    const reconnection = this.allowReconnection(client, reconnectSeconds);
    // While the room is disposing, or for a client that never finished joining, Colyseus
    // returns a plain rejected promise instead of a Deferred, which must be handled too.
    if (reconnection instanceof Deferred) this.#reconnections.set(client.sessionId, reconnection);
    const forget = () => this.#reconnections.delete(client.sessionId);
    reconnection.then(forget, forget);

    this.#logger.info(
      { sessionId: client.sessionId, closeCode: code, reconnectSeconds },
      'player dropped; seat held for reconnection',
    );
  }

  override onReconnect(client: Client): void {
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;
    player.connected = true;
    this.#logger.info({ sessionId: client.sessionId }, 'player reconnected');
    this.#rounds.playersChanged();
  }

  /**
   * Runs after a consented leave, or once a dropped player's reconnection window has passed.
   * A player who left on purpose is removed, while one whose seat expired stays disconnected
   * with their score, so that a later join under the same name takes the entry over.
   */
  override onLeave(client: Client, code?: number): void {
    this.#rejections.forget(client.sessionId);
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;

    if (code === CloseCode.CONSENTED) {
      this.state.players.delete(client.sessionId);
      this.#logger.info({ sessionId: client.sessionId, name: player.name }, 'player left');
    } else {
      player.connected = false;
      this.#logger.info(
        { sessionId: client.sessionId, name: player.name },
        'reconnection window expired; player kept as disconnected',
      );
      const removed = pruneDisconnected(this.state, (id) => this.#reconnections.has(id));
      if (removed.length > 0) {
        this.#logger.info({ removed }, 'removed the oldest disconnected players');
      }
    }
  }

  override onDispose(): void {
    this.#rounds.dispose();
    this.#logger.info({ rounds: this.state.tally.rounds }, 'room disposed');
  }

  #onVote(client: Client, payload: unknown): void {
    const player = this.state.players.get(client.sessionId);
    if (player === undefined) return;

    const result = this.#rounds.vote(client.sessionId, player.name, payload);
    if ('rejected' in result) {
      this.#sendError(client, result.rejected);
      return;
    }
    client.send(ServerMessage.voteAccepted, result.accepted);
  }

  #sendError(client: Client, error: ErrorPayload): void {
    client.send(ServerMessage.error, error);
    this.#rejections.record(client.sessionId, error.code, error.message);
  }

  /** Ends a pending reconnection because its player rejoined by name on a new connection. */
  #cancelReconnection(sessionId: string): void {
    const reconnection = this.#reconnections.get(sessionId);
    if (reconnection === undefined) return;
    this.#reconnections.delete(sessionId);
    reconnection.reject(new Error('the player rejoined under the same name'));
  }

  async #claimRoomCode(): Promise<string> {
    // With 32^5 codes, ten colliding draws in a row would need millions of open rooms.
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = generateRoomCode();
      const rooms = await matchMaker.query({ name: this.roomName, code });
      if (rooms.length === 0) return code;
    }
    throw new Error('failed to draw an unused room code in 10 attempts');
  }
}

/** Returns the room class for `gameServer.define`, bound to the server's dependencies. */
export function defineGameRoom(deps: GameRoomDeps): typeof GameRoom {
  return class BoundGameRoom extends GameRoom {
    protected override get deps(): GameRoomDeps {
      return deps;
    }
  };
}

function parseJoinOptions(options: unknown): JoinOptions {
  const parsed = joinOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new MatchmakingError(
      JoinErrorCode.invalidOptions,
      `Invalid join options: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

function assertNameFree(state: GameState, name: string): void {
  const existing = findPlayerByName(state, name);
  if (existing?.player.connected === true) {
    throw new MatchmakingError(
      JoinErrorCode.nameTaken,
      `The name "${existing.player.name}" is taken in this room; choose another`,
    );
  }
}
