import { PlayerState, type GameState } from '@real-or-fake/shared';

/**
 * Players whose reconnection window expired that a room keeps, so that a later join under the
 * same name takes the score back. Beyond it the oldest entries go, because clients that join
 * and drop would otherwise grow the state that every player downloads without bound.
 */
export const MAX_DISCONNECTED_PLAYERS = 16;

/** Normalizes a player name for comparison, so "Ann" and "ann" are the same player. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en-US');
}

export interface NamedPlayer {
  sessionId: string;
  player: PlayerState;
}

/** Finds the player whose name matches `name` case-insensitively. */
export function findPlayerByName(state: GameState, name: string): NamedPlayer | undefined {
  const key = nameKey(name);
  for (const [sessionId, player] of state.players) {
    if (nameKey(player.name) === key) return { sessionId, player };
  }
  return undefined;
}

export function addPlayer(state: GameState, sessionId: string, name: string): PlayerState {
  const player = new PlayerState();
  player.name = name;
  player.score = 0;
  player.connected = true;
  clearRoundFields(player);
  state.players.set(sessionId, player);
  return player;
}

/**
 * Moves a player's entry to a new sessionId, keeping name, score and the open round's fields.
 * The entry is copied rather than re-keyed because a schema instance belongs to one map slot.
 */
export function movePlayer(state: GameState, fromSessionId: string, toSessionId: string): void {
  const previous = state.players.get(fromSessionId);
  if (previous === undefined) return;

  const player = new PlayerState();
  player.name = previous.name;
  player.score = previous.score;
  player.connected = true;
  player.hasVoted = previous.hasVoted;
  player.vote = previous.vote;
  player.correct = previous.correct;
  state.players.delete(fromSessionId);
  state.players.set(toSessionId, player);
}

export function clearRoundFields(player: PlayerState): void {
  player.hasVoted = false;
  player.vote = '';
  player.correct = false;
}

export function countConnected(state: GameState): number {
  let count = 0;
  for (const player of state.players.values()) {
    if (player.connected) count++;
  }
  return count;
}

/**
 * Removes the oldest disconnected entries beyond `MAX_DISCONNECTED_PLAYERS`, skipping those whose
 * seat is still held for a reconnection. Returns the names it removed.
 */
export function pruneDisconnected(
  state: GameState,
  isSeatHeld: (sessionId: string) => boolean,
): string[] {
  // MapSchema iterates in insertion order, so the first entries are the oldest.
  const expired = [...state.players.entries()].filter(
    ([sessionId, player]) => !player.connected && !isSeatHeld(sessionId),
  );
  const excess = expired.slice(0, Math.max(0, expired.length - MAX_DISCONNECTED_PLAYERS));
  for (const [sessionId] of excess) state.players.delete(sessionId);
  return excess.map(([, player]) => player.name);
}
