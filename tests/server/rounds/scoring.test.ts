import { describe, expect, it } from 'vitest';

import { aiVerdict, scoreVote, tallyRound } from '../../../server/src/rounds/scoring.ts';

describe('aiVerdict', () => {
  it.each([
    [0, 'fake'],
    [0.4999, 'fake'],
    [0.5, 'real'],
    [1, 'real'],
  ] as const)('maps score %f to %s', (score, verdict) => {
    expect(aiVerdict(score)).toBe(verdict);
  });
});

describe('scoreVote', () => {
  it('gives one point when human and AI are right', () => {
    expect(scoreVote('real', 'real', 'real')).toEqual({ correct: true, points: 1 });
  });

  it('adds a bonus point when the AI is wrong', () => {
    expect(scoreVote('fake', 'fake', 'real')).toEqual({ correct: true, points: 2 });
  });

  it('gives nothing for a wrong vote', () => {
    expect(scoreVote('real', 'fake', 'real')).toEqual({ correct: false, points: 0 });
  });

  it('gives nothing for a wrong vote the AI shares', () => {
    expect(scoreVote('fake', 'real', 'fake')).toEqual({ correct: false, points: 0 });
  });
});

describe('tallyRound', () => {
  it('counts votes, correct votes and the AI', () => {
    expect(tallyRound(['real', 'fake', 'fake'], 'fake', 'fake')).toEqual({
      rounds: 1,
      humanVotes: 3,
      humanCorrectVotes: 2,
      aiCorrectRounds: 1,
    });
  });

  it('counts a round without votes', () => {
    expect(tallyRound([], 'real', 'fake')).toEqual({
      rounds: 1,
      humanVotes: 0,
      humanCorrectVotes: 0,
      aiCorrectRounds: 0,
    });
  });
});
