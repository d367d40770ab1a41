import { ErrorCode, MatchMakeError, ServerError, type Client, type Room } from '@colyseus/sdk';
import {
  GAME_ROOM,
  GameState,
  JoinErrorCode,
  playerNameSchema,
  roomByCodePath,
  roomCodeSchema,
  type JoinOptions,
  type RoomByCodeResponse,
} from '@real-or-fake/shared';

/**
 * Way into a game: any public room, a new private room, a private room by its code, or a known
 * room by id (to rejoin it).
 */
export type JoinRequest =
  | { kind: 'public' }
  | { kind: 'create' }
  | { kind: 'code'; code: string }
  | { kind: 'room'; roomId: string };

export type GameRoom = Room<unknown, GameState>;

export type JoinFailureCode =
  | 'invalidName'
  | 'invalidCode'
  | 'nameTaken'
  | 'roomNotFound'
  | 'unreachable'
  | 'timedOut'
  | 'rejected';

export class JoinError extends Error {
  override readonly name = 'JoinError';

  constructor(
    readonly code: JoinFailureCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Validate a player name as the server will; returns the trimmed name. */
export function parsePlayerName(raw: string): string {
  const result = playerNameSchema.safeParse(raw);
  if (!result.success) {
    throw new JoinError('invalidName', result.error.issues[0]?.message ?? 'invalid name');
  }
  return result.data;
}

/** Validate a private room code; returns it trimmed and upper-cased. */
export function parseRoomCode(raw: string): string {
  const result = roomCodeSchema.safeParse(raw);
  if (!result.success) {
    throw new JoinError('invalidCode', result.error.issues[0]?.message ?? 'invalid room code');
  }
  return result.data;
}

/** Network error codes Node's fetch reports, in the words a player or operator expects. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

function unreachable(serverUrl: string, code: unknown, error: Error): JoinError {
  const reason = (typeof code === 'string' && NETWORK_ERRORS[code]) || error.message;
  return new JoinError('unreachable', `cannot connect to ${serverUrl}: ${reason}`, {
    cause: error,
  });
}

/**
 * Convert an SDK failure into a JoinError. The SDK (0.18) reports a failed HTTP request as a
 * ServerError, and a failed matchmaking request as a MatchMakeError. For network failures
 * their `code` is the errno string (e.g. `ECONNREFUSED`) under Node, despite its numeric
 * type, and undefined in browsers, whose fetch gives no reason.
 */
export function toJoinError(error: unknown, serverUrl: string): JoinError {
  if (error instanceof JoinError) {
    return error;
  }
  if (error instanceof ServerError) {
    const code: unknown = error.code;
    if (error.status === undefined && (typeof code === 'string' || code === undefined)) {
      return unreachable(serverUrl, code, error);
    }
    const failure = error.status === 404 ? 'roomNotFound' : 'rejected';
    return new JoinError(error.status === 400 ? 'invalidCode' : failure, error.message, {
      cause: error,
    });
  }
  if (!(error instanceof MatchMakeError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new JoinError('rejected', `joining failed: ${message}`, { cause: error });
  }

  const code: unknown = error.code;
  switch (code) {
    case undefined:
      return unreachable(serverUrl, code, error);
    case JoinErrorCode.nameTaken:
      return new JoinError('nameTaken', error.message, { cause: error });
    case JoinErrorCode.invalidOptions:
      return new JoinError('invalidName', error.message, { cause: error });
    case ErrorCode.MATCHMAKE_INVALID_ROOM_ID:
    case ErrorCode.MATCHMAKE_INVALID_CRITERIA:
      return new JoinError('roomNotFound', 'that room has closed', { cause: error });
    default:
      if (typeof code === 'string') {
        return unreachable(serverUrl, code, error);
      }
      return new JoinError('rejected', `the server rejected the join: ${error.message}`, {
        cause: error,
      });
  }
}

/** Find the id of the private room that `code` opens. */
export async function findRoomByCode(client: Client, code: string): Promise<string> {
  const response = await client.http.get(roomByCodePath(parseRoomCode(code)));
  const body = response.data as Partial<RoomByCodeResponse> | null;
  if (typeof body?.roomId !== 'string' || body.roomId === '') {
    throw new JoinError('rejected', 'the room lookup returned no room id; is this a game server?');
  }
  return body.roomId;
}

/**
 * Join a game room. A code is first resolved to its room's id over HTTP, and the room is then
 * joined by id, which also reaches private rooms that matchmaking hides.
 */
export async function joinGame(
  client: Client,
  rawName: string,
  request: JoinRequest,
): Promise<GameRoom> {
  const options: JoinOptions = { name: parsePlayerName(rawName) };
  switch (request.kind) {
    case 'public':
      return client.joinOrCreate(GAME_ROOM, options, GameState);
    case 'create':
      return client.create(GAME_ROOM, { ...options, private: true }, GameState);
    case 'code':
      return client.joinById(await findRoomByCode(client, request.code), options, GameState);
    case 'room':
      return client.joinById(request.roomId, options, GameState);
  }
}

/** Rejoin the seat a reconnection token names, within the server's reconnection window. */
export async function rejoinGame(client: Client, reconnectionToken: string): Promise<GameRoom> {
  return client.reconnect(reconnectionToken, GameState);
}

/**
 * Reject with a `timedOut` JoinError if `joining` has not settled within `timeoutMs`. A room
 * that arrives after the deadline is left at once, so it does not hold a seat.
 */
export async function joinWithTimeout(
  joining: Promise<GameRoom>,
  timeoutMs: number,
  serverUrl: string,
): Promise<GameRoom> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  void joining.then(
    (room) => (timedOut ? leaveRoom(room) : undefined),
    () => undefined,
  );
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      const message = `cannot connect to ${serverUrl}: timed out after ${timeoutMs} ms`;
      reject(new JoinError('timedOut', message));
    }, timeoutMs);
  });
  try {
    return await Promise.race([joining, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a consented leave waits for the server to confirm before giving up. */
const LEAVE_TIMEOUT_MS = 2000;

/**
 * Leave `room` on purpose. The SDK's `leave()` waits for a close that never comes when the
 * connection is already closed, so a closed room is skipped and the wait is bounded.
 */
export async function leaveRoom(room: GameRoom): Promise<void> {
  if (!room.connection.isOpen) {
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, LEAVE_TIMEOUT_MS)));
  try {
    await Promise.race([room.leave(true).then(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
