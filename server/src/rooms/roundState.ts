import type { GameState, Label } from '@real-or-fake/shared';

import type { TallyDelta } from '../rounds/scoring.ts';
import { clearRoundFields } from './players.ts';

/** Sets every field of a new room's state, so clients never see an unset value. */
export function initRoomState(state: GameState, minPlayers: number, nowMs: number): void {
  state.minPlayers = minPlayers;
  state.roundId = '';
  state.roundNumber = 0;
  state.tally.rounds = 0;
  state.tally.humanVotes = 0;
  state.tally.humanCorrectVotes = 0;
  state.tally.aiCorrectRounds = 0;
  showWaiting(state, nowMs);
}

export interface VotingView {
  roundId: string;
  imageUrl: string;
  startedAtMs: number;
  deadlineMs: number;
}

/** Opens a round in the state: the last reveal is cleared in the same patch. */
export function showVoting(state: GameState, voting: VotingView): void {
  clearReveal(state);
  for (const player of state.players.values()) clearRoundFields(player);
  state.roundId = voting.roundId;
  state.roundNumber += 1;
  state.imageUrl = voting.imageUrl;
  state.phase = 'voting';
  state.phaseStartedAtMs = voting.startedAtMs;
  state.phaseEndsAtMs = voting.deadlineMs;
}

export interface RevealView {
  truth: Label;
  aiScore: number;
  aiVerdict: Label;
  realVotes: number;
  fakeVotes: number;
  startedAtMs: number;
  endsAtMs: number;
}

export function showReveal(state: GameState, reveal: RevealView): void {
  state.reveal.truth = reveal.truth;
  state.reveal.aiScore = reveal.aiScore;
  state.reveal.aiVerdict = reveal.aiVerdict;
  state.reveal.realVotes = reveal.realVotes;
  state.reveal.fakeVotes = reveal.fakeVotes;
  state.phase = 'reveal';
  state.phaseStartedAtMs = reveal.startedAtMs;
  state.phaseEndsAtMs = reveal.endsAtMs;
}

/** Puts the room back to waiting for players, with no face and no reveal. */
export function showWaiting(state: GameState, nowMs: number): void {
  clearReveal(state);
  for (const player of state.players.values()) clearRoundFields(player);
  state.phase = 'waiting';
  state.imageUrl = '';
  state.phaseStartedAtMs = nowMs;
  state.phaseEndsAtMs = 0;
}

export function addToTally(state: GameState, delta: TallyDelta): void {
  state.tally.rounds += delta.rounds;
  state.tally.humanVotes += delta.humanVotes;
  state.tally.humanCorrectVotes += delta.humanCorrectVotes;
  state.tally.aiCorrectRounds += delta.aiCorrectRounds;
}

function clearReveal(state: GameState): void {
  state.reveal.truth = '';
  state.reveal.aiScore = 0;
  state.reveal.aiVerdict = '';
  state.reveal.realVotes = 0;
  state.reveal.fakeVotes = 0;
}
