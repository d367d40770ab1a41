import { PlayerState, type GameState } from '@real-or-fake/shared';

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
