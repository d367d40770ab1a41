import { GameState, PlayerState } from '@real-or-fake/shared';
import { describe, expect, it } from 'vitest';
import { snapshotState } from '../../client/src/game/snapshot.ts';

function player(name: string, score: number, vote = ''): PlayerState {
  const state = new PlayerState();
  state.name = name;
  state.score = score;
  state.connected = true;
  state.hasVoted = vote !== '';
  state.vote = vote;
  state.correct = false;
  return state;
}

function revealState(): GameState {
  const state = new GameState();
  state.phase = 'reveal';
  state.roomCode = '';
  state.roundId = 'round-1';
  state.reveal.truth = 'fake';
  state.reveal.aiScore = 0.25;
  state.reveal.aiVerdict = 'fake';
  state.players.set('b', player('Bea', 2, 'fake'));
  state.players.set('a', player('Al', 2));
  state.players.set('c', player('Cy', 5, 'real'));
  return state;
}

describe('snapshotState', () => {
  it('sorts players by score, then name', () => {
    const names = snapshotState(revealState()).players.map((entry) => entry.name);

    expect(names).toEqual(['Cy', 'Al', 'Bea']);
  });

  it('turns an empty vote into null', () => {
    const al = snapshotState(revealState()).players.find((entry) => entry.name === 'Al');

    expect(al?.vote).toBeNull();
  });

  it('copies the reveal during the reveal phase', () => {
    const reveal = snapshotState(revealState()).reveal;

    expect(reveal?.truth).toBe('fake');
    expect(reveal?.aiScore).toBe(0.25);
  });

  it('hides the reveal outside the reveal phase', () => {
    const state = revealState();
    state.phase = 'voting';

    expect(snapshotState(state).reveal).toBeNull();
  });

  it('treats an unknown phase as waiting', () => {
    const state = revealState();
    state.phase = 'halftime';

    expect(snapshotState(state).phase).toBe('waiting');
  });
});
