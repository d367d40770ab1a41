import type { Label } from '@real-or-fake/shared';

/** Discriminator outputs at or above this count as the AI voting "real". */
export const AI_REAL_THRESHOLD = 0.5;

/** Returns the AI's vote for a face from the discriminator's sigmoid output. */
export function aiVerdict(aiScore: number): Label {
  return aiScore >= AI_REAL_THRESHOLD ? 'real' : 'fake';
}

export interface ScoredVote {
  correct: boolean;
  /** 1 for a correct vote, plus 1 when the AI got the same face wrong. */
  points: number;
}

/** Scores one player's vote against the truth and the AI's verdict. */
export function scoreVote(choice: Label, truth: Label, verdict: Label): ScoredVote {
  const correct = choice === truth;
  if (!correct) return { correct, points: 0 };
  return { correct, points: verdict === truth ? 1 : 2 };
}

/** Changes that one finished round makes to the room's humans-versus-AI tally. */
export interface TallyDelta {
  rounds: number;
  humanVotes: number;
  humanCorrectVotes: number;
  aiCorrectRounds: number;
}

/** Sums up a finished round for the tally. A round without votes still counts for the AI. */
export function tallyRound(choices: readonly Label[], truth: Label, verdict: Label): TallyDelta {
  return {
    rounds: 1,
    humanVotes: choices.length,
    humanCorrectVotes: choices.filter((choice) => choice === truth).length,
    aiCorrectRounds: verdict === truth ? 1 : 0,
  };
}
