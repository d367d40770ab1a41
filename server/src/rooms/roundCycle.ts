import { randomUUID } from 'node:crypto';

import {
  faceImagePath,
  votePayloadSchema,
  type ErrorPayload,
  type GameState,
  type VoteAcceptedPayload,
} from '@real-or-fake/shared';
import type { Logger } from 'pino';
import { z } from 'zod';

import type { FinishedRound } from '../storage/finishedRound.ts';
import type { FaceImageStore } from '../rounds/faceImageStore.ts';
import type { FaceProvider } from '../rounds/faceSource.ts';
import type { PreparedFace } from '../rounds/preparedFace.ts';
import { aiVerdict, scoreVote, tallyRound } from '../rounds/scoring.ts';
import { VoteBook } from '../rounds/voteBook.ts';
import { countConnected } from './players.ts';
import { addToTally, initRoomState, showReveal, showVoting, showWaiting } from './roundState.ts';

export interface RoundSettings {
  votingMs: number;
  revealMs: number;
  minPlayers: number;
}

export interface RoundRecorder {
  recordRound(round: FinishedRound): void;
}

/** The part of the room's clock that the cycle uses; its timers die with the room. */
export interface RoundClock {
  setTimeout(callback: () => void, delayMs: number): { clear(): void };
}

export interface RoundCycleOptions {
  roomId: string;
  state: GameState;
  clock: RoundClock;
  faces: FaceProvider;
  images: FaceImageStore;
  recorder: RoundRecorder;
  settings: RoundSettings;
  /** Server clock in ms since the Unix epoch. */
  now: () => number;
  logger: Logger;
}

export type VoteResult = { accepted: VoteAcceptedPayload } | { rejected: ErrorPayload };

/** Delay before retrying a round whose face could not be prepared. */
const PREPARE_RETRY_MS = 1000;

interface OpenRound {
  roundId: string;
  face: PreparedFace;
  startedAtMs: number;
  /** Last moment a vote counts: the voting phase's `phaseEndsAtMs`. */
  deadlineMs: number;
  logger: Logger;
}

/**
 * Runs a room's rounds: waiting until enough players are connected, then voting, reveal and
 * the next round. The truth and the AI's score of a round stay in `#round` until voting
 * closes, and only then reach the synced state.
 */
export class RoundCycle {
  readonly #options: RoundCycleOptions;
  readonly #votes = new VoteBook();
  #round: OpenRound | undefined;
  #nextFace: Promise<PreparedFace> | undefined;
  #starting = false;
  #disposed = false;

  constructor(options: RoundCycleOptions) {
    this.#options = options;
    initRoomState(options.state, options.settings.minPlayers, options.now());
    // The first face is prepared when the first round starts, not here, because matchmaking
    // creates a room for each seat request, and those requests cost nothing to send.
  }

  /** Starts a round if the room is waiting and enough players are connected. */
  playersChanged(): void {
    if (this.#options.state.phase !== 'waiting') return;
    if (countConnected(this.#options.state) < this.#options.settings.minPlayers) return;
    void this.#startRound();
  }

  vote(sessionId: string, playerName: string, payload: unknown): VoteResult {
    const votedAtMs = this.#options.now();
    const parsed = votePayloadSchema.safeParse(payload);
    if (!parsed.success) {
      return reject('invalidMessage', `Invalid vote: ${z.prettifyError(parsed.error)}`);
    }
    const { roundId, choice } = parsed.data;

    const closed = this.#checkOpen(roundId, votedAtMs);
    if (closed !== undefined) return { rejected: closed };

    const outcome = this.#votes.cast(sessionId, playerName, choice, votedAtMs);
    if (outcome === 'duplicate') {
      return reject('duplicateVote', `Your vote in round ${roundId} is already "${choice}"`);
    }
    const player = this.#options.state.players.get(sessionId);
    if (player !== undefined) player.hasVoted = true;
    return { accepted: { roundId, choice } };
  }

  /** Moves the open round's vote of a player who rejoined under a new sessionId. */
  movePlayer(fromSessionId: string, toSessionId: string): void {
    this.#votes.moveVote(fromSessionId, toSessionId);
  }

  /** Forgets the room's images; the room's clock drops the pending timers by itself. */
  dispose(): void {
    this.#disposed = true;
    if (this.#round !== undefined) this.#options.images.delete(this.#round.face.imageId);
  }

  #checkOpen(roundId: string, votedAtMs: number): ErrorPayload | undefined {
    const { state } = this.#options;
    if (state.phase === 'voting') {
      if (roundId !== state.roundId) {
        return {
          code: 'wrongRound',
          message: `Vote is for round ${roundId}, but the open round is ${state.roundId}`,
        };
      }
      if (votedAtMs <= state.phaseEndsAtMs) return undefined;
    }
    const round = this.#round;
    if (round === undefined || state.phase === 'waiting' || roundId !== round.roundId) {
      return { code: 'notVoting', message: `No round is open for votes (phase: ${state.phase})` };
    }
    const lateMs = votedAtMs - round.deadlineMs;
    return {
      code: 'votingClosed',
      message: `Voting in round ${roundId} closed ${lateMs} ms before this vote arrived`,
    };
  }

  #prepareNextFace(): void {
    const next = this.#options.faces.next();
    // The error is handled where the face is awaited; this keeps it from counting as unhandled.
    next.catch(() => {});
    this.#nextFace = next;
  }

  async #startRound(): Promise<void> {
    if (this.#starting || this.#disposed) return;
    this.#starting = true;
    let face: PreparedFace;
    try {
      face = await (this.#nextFace ?? this.#options.faces.next());
    } catch (error) {
      this.#options.logger.error(
        { err: error },
        `failed to prepare the next face; retrying in ${PREPARE_RETRY_MS} ms`,
      );
      this.#prepareNextFace();
      this.#options.clock.setTimeout(() => {
        this.#starting = false;
        this.#resumeAfterReveal();
      }, PREPARE_RETRY_MS);
      return;
    }
    this.#starting = false;
    if (this.#disposed) return;

    this.#openVoting(face);
    this.#prepareNextFace();
  }

  #openVoting(face: PreparedFace): void {
    const { state, settings, images, clock, now } = this.#options;
    if (this.#round !== undefined) images.delete(this.#round.face.imageId);

    const roundId = randomUUID();
    const startedAtMs = now();
    const deadlineMs = startedAtMs + settings.votingMs;
    const logger = this.#options.logger.child({ roundId });
    this.#round = { roundId, face, startedAtMs, deadlineMs, logger };
    this.#votes.clear();

    // The image becomes fetchable in the same tick as its URL reaches the state.
    images.add(face.imageId, face.jpeg);
    showVoting(state, { roundId, imageUrl: faceImagePath(face.imageId), startedAtMs, deadlineMs });

    clock.setTimeout(() => this.#closeVoting(), settings.votingMs);
    logger.info({ roundNumber: state.roundNumber }, 'voting opened');
  }

  #closeVoting(): void {
    const round = this.#round;
    if (round === undefined) return;
    const { state, settings, clock, now } = this.#options;
    const endedAtMs = now();
    const { truth, aiScore } = round.face;
    const verdict = aiVerdict(aiScore);
    const votes = this.#votes.all();

    for (const vote of votes) {
      const player = state.players.get(vote.sessionId);
      if (player === undefined) continue;
      const scored = scoreVote(vote.choice, truth, verdict);
      player.score += scored.points;
      player.vote = vote.choice;
      player.correct = scored.correct;
    }

    const choices = votes.map((vote) => vote.choice);
    addToTally(state, tallyRound(choices, truth, verdict));
    showReveal(state, {
      truth,
      aiScore,
      aiVerdict: verdict,
      realVotes: choices.filter((choice) => choice === 'real').length,
      fakeVotes: choices.filter((choice) => choice === 'fake').length,
      startedAtMs: endedAtMs,
      endsAtMs: endedAtMs + settings.revealMs,
    });

    round.logger.info({ truth, aiScore, aiVerdict: verdict, votes: votes.length }, 'voting closed');
    this.#record(round, endedAtMs);
    clock.setTimeout(() => this.#resumeAfterReveal(), settings.revealMs);
  }

  #record(round: OpenRound, endedAtMs: number): void {
    const { face } = round;
    try {
      this.#options.recorder.recordRound({
        roundId: round.roundId,
        roomId: this.#options.roomId,
        startedAtMs: round.startedAtMs,
        endedAtMs,
        truth: face.truth,
        imageJpeg: face.jpeg,
        aiScore: face.aiScore,
        generatorVersion: face.generatorVersion,
        discriminatorVersion: face.discriminatorVersion,
        votes: this.#votes.all().map(({ sessionId, playerName, choice, votedAtMs }) => ({
          playerName,
          sessionId,
          choice,
          votedAtMs,
        })),
      });
    } catch (error) {
      round.logger.error(
        { err: error, roundId: round.roundId },
        'failed to store the finished round; the game goes on without it',
      );
    }
  }

  /** Starts the next round, or goes back to waiting when too few players are connected. */
  #resumeAfterReveal(): void {
    if (this.#disposed) return;
    const { state, settings, images, now } = this.#options;
    if (countConnected(state) >= settings.minPlayers) {
      void this.#startRound();
      return;
    }

    if (this.#round !== undefined) images.delete(this.#round.face.imageId);
    this.#round = undefined;
    this.#votes.clear();
    showWaiting(state, now());
    this.#options.logger.info('too few players connected; waiting for more');
  }
}

function reject(code: ErrorPayload['code'], message: string): VoteResult {
  return { rejected: { code, message } };
}
