import { z } from 'zod';

/** Name of the Colyseus room type that hosts games, public and private. */
export const GAME_ROOM = 'game';

/** The two labels a face can have, and the two votes a player can cast. */
export const LABELS = ['real', 'fake'] as const;
export type Label = (typeof LABELS)[number];

/** Round phases, in the order a room moves through them. */
export const PHASES = ['waiting', 'voting', 'reveal'] as const;
export type Phase = (typeof PHASES)[number];

/** Characters used for private room codes: no 0/O or 1/I, so codes survive being read aloud. */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const ROOM_CODE_LENGTH = 5;

export const playerNameSchema = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(20, 'name must be at most 20 characters')
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'name may contain letters, digits, spaces, _ . and -');

export const roomCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .length(ROOM_CODE_LENGTH, `room code must be ${ROOM_CODE_LENGTH} characters`)
  .regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]+$`), 'room code contains an invalid character');

/** Options a client passes to joinOrCreate, create or join. */
export const joinOptionsSchema = z.object({
  name: playerNameSchema,
  /** Set by `create` to make a private room that only its code can join. */
  private: z.boolean().optional(),
});
export type JoinOptions = z.infer<typeof joinOptionsSchema>;

/**
 * Codes of the `ServerError` that rejects a join (`joinOrCreate`, `create`, `joinById`). The SDK
 * rejects the join promise with an error that has one of these as `code` and a `message` that
 * names the invalid value. They are HTTP statuses because Colyseus 0.18 responds to a rejected
 * matchmaking request with the error's code as the response status.
 */
export const JoinErrorCode = {
  /** The join options failed `joinOptionsSchema`. */
  invalidOptions: 400,
  /** A connected player in the room already uses this name (compared case-insensitively). */
  nameTaken: 409,
} as const;
export type JoinErrorCode = (typeof JoinErrorCode)[keyof typeof JoinErrorCode];

/** Client-to-server message names. */
export const ClientMessage = {
  vote: 'vote',
} as const;

/** Server-to-client message names. */
export const ServerMessage = {
  voteAccepted: 'voteAccepted',
  error: 'error',
} as const;

/**
 * Payload of `ClientMessage.vote`. A player has one vote per round and may change it until
 * `phaseEndsAtMs`. A different choice replaces the earlier one, and the server replies with
 * `voteAccepted` again. The same choice again gets a `duplicateVote` error and changes nothing.
 */
export const votePayloadSchema = z.strictObject({
  roundId: z.string().min(1).max(64),
  choice: z.enum(LABELS),
});
export type VotePayload = z.infer<typeof votePayloadSchema>;

export interface VoteAcceptedPayload {
  roundId: string;
  choice: Label;
}

/**
 * Codes of the errors the server sends with the `error` message, only to the client at fault.
 * - `invalidMessage`: the payload failed `votePayloadSchema`.
 * - `notVoting`: no round is open for votes.
 * - `wrongRound`: the roundId is not the open round's.
 * - `votingClosed`: the vote arrived after `phaseEndsAtMs`.
 * - `duplicateVote`: the same choice as the player's current vote.
 *
 * A rejected vote changes nothing in the state.
 */
export const ERROR_CODES = [
  'invalidMessage',
  'notVoting',
  'wrongRound',
  'votingClosed',
  'duplicateVote',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** Builds the path of a round's face, `/faces/<imageId>.jpg`, served as `image/jpeg`, `no-store`. */
export function faceImagePath(imageId: string): string {
  return `/faces/${imageId}.jpg`;
}

/**
 * Builds the HTTP route that finds a private room by its code. `GET /rooms/by-code/<code>`
 * returns a `RoomByCodeResponse`, and the client then joins with `joinById(roomId, { name })`.
 * A malformed code gets status 400 and an unknown one 404, both with an `HttpErrorPayload`.
 * A client address past its lookups for the minute gets 429 with a `Retry-After` header.
 */
export function roomByCodePath(code: string): string {
  return `/rooms/by-code/${encodeURIComponent(code)}`;
}

export interface RoomByCodeResponse {
  roomId: string;
  roomCode: string;
}

/** Codes of the JSON errors that the game server's HTTP routes return. */
export const HTTP_ERROR_CODES = [
  'invalidRoomCode',
  'roomNotFound',
  'imageNotFound',
  'tooManyLookups',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export interface HttpErrorPayload {
  code: HttpErrorCode;
  message: string;
}
