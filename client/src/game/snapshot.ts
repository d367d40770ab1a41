import type { GameState, Label, Phase } from '@real-or-fake/shared';
import { LABELS, PHASES } from '@real-or-fake/shared';

export interface PlayerSnapshot {
  sessionId: string;
  name: string;
  score: number;
  connected: boolean;
  hasVoted: boolean;
  /** The player's vote in the revealed round; null until the reveal. */
  vote: Label | null;
  correct: boolean;
}

export interface RevealSnapshot {
  truth: Label;
  aiScore: number;
  aiVerdict: Label;
  realVotes: number;
  fakeVotes: number;
}

export interface TallySnapshot {
  rounds: number;
  humanCorrectVotes: number;
  humanVotes: number;
  aiCorrectRounds: number;
}

/** Plain copy of the synced room state, so views never hold live schema objects. */
export interface GameSnapshot {
  phase: Phase;
  roomCode: string;
  /** Connected players needed before a round starts. */
  minPlayers: number;
  roundId: string;
  roundNumber: number;
  imageUrl: string;
  phaseEndsAtMs: number;
  phaseStartedAtMs: number;
  /** Players sorted by score, best first, then by name. */
  players: PlayerSnapshot[];
  /** The revealed round; null outside the reveal phase or before the server filled it. */
  reveal: RevealSnapshot | null;
  tally: TallySnapshot;
}

function asLabel(value: string): Label | null {
  return (LABELS as readonly string[]).includes(value) ? (value as Label) : null;
}

function asPhase(value: string): Phase {
  return (PHASES as readonly string[]).includes(value) ? (value as Phase) : 'waiting';
}

function snapshotReveal(state: GameState): RevealSnapshot | null {
  const truth = asLabel(state.reveal.truth);
  const aiVerdict = asLabel(state.reveal.aiVerdict);
  if (state.phase !== 'reveal' || truth === null || aiVerdict === null) {
    return null;
  }
  return {
    truth,
    aiScore: state.reveal.aiScore,
    aiVerdict,
    realVotes: state.reveal.realVotes,
    fakeVotes: state.reveal.fakeVotes,
  };
}

export function snapshotState(state: GameState): GameSnapshot {
  const players: PlayerSnapshot[] = [];
  state.players.forEach((player, sessionId) => {
    players.push({
      sessionId,
      name: player.name,
      score: player.score,
      connected: player.connected,
      hasVoted: player.hasVoted,
      vote: asLabel(player.vote),
      correct: player.correct,
    });
  });
  players.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));

  return {
    phase: asPhase(state.phase),
    roomCode: state.roomCode,
    minPlayers: state.minPlayers,
    roundId: state.roundId,
    roundNumber: state.roundNumber,
    imageUrl: state.imageUrl,
    phaseEndsAtMs: state.phaseEndsAtMs,
    phaseStartedAtMs: state.phaseStartedAtMs,
    players,
    reveal: snapshotReveal(state),
    tally: {
      rounds: state.tally.rounds,
      humanCorrectVotes: state.tally.humanCorrectVotes,
      humanVotes: state.tally.humanVotes,
      aiCorrectRounds: state.tally.aiCorrectRounds,
    },
  };
}
