import type { Label } from '@real-or-fake/shared';

export interface CastVote {
  sessionId: string;
  /** The player's name when the vote was cast, kept for the stored round. */
  playerName: string;
  choice: Label;
  /** Server clock (ms since the Unix epoch) of the vote that is current. */
  votedAtMs: number;
}

export type VoteOutcome = 'accepted' | 'changed' | 'duplicate';

/**
 * Votes of the open round, one per player, keyed by sessionId. A later vote with a different
 * choice replaces the earlier one, and the same choice again is reported as a duplicate.
 */
export class VoteBook {
  readonly #votes = new Map<string, CastVote>();

  cast(sessionId: string, playerName: string, choice: Label, votedAtMs: number): VoteOutcome {
    const previous = this.#votes.get(sessionId);
    if (previous?.choice === choice) return 'duplicate';

    this.#votes.set(sessionId, { sessionId, playerName, choice, votedAtMs });
    return previous === undefined ? 'accepted' : 'changed';
  }

  get(sessionId: string): CastVote | undefined {
    return this.#votes.get(sessionId);
  }

  /** Moves a vote to the player's new sessionId after a rejoin under the same name. */
  moveVote(fromSessionId: string, toSessionId: string): void {
    const vote = this.#votes.get(fromSessionId);
    if (vote === undefined) return;

    this.#votes.delete(fromSessionId);
    this.#votes.set(toSessionId, { ...vote, sessionId: toSessionId });
  }

  all(): CastVote[] {
    return [...this.#votes.values()];
  }

  clear(): void {
    this.#votes.clear();
  }
}
