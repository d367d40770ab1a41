import { describe, expect, it } from 'vitest';

import { VoteBook } from '../../../server/src/rounds/voteBook.ts';

describe('VoteBook', () => {
  it('accepts a first vote', () => {
    const votes = new VoteBook();
    expect(votes.cast('s1', 'Ann', 'real', 100)).toBe('accepted');
    expect(votes.get('s1')).toEqual({
      sessionId: 's1',
      playerName: 'Ann',
      choice: 'real',
      votedAtMs: 100,
    });
  });

  it('replaces a changed vote', () => {
    const votes = new VoteBook();
    votes.cast('s1', 'Ann', 'real', 100);
    expect(votes.cast('s1', 'Ann', 'fake', 200)).toBe('changed');
    expect(votes.get('s1')?.choice).toBe('fake');
    expect(votes.get('s1')?.votedAtMs).toBe(200);
    expect(votes.all()).toHaveLength(1);
  });

  it('reports the same choice as duplicate', () => {
    const votes = new VoteBook();
    votes.cast('s1', 'Ann', 'real', 100);
    expect(votes.cast('s1', 'Ann', 'real', 200)).toBe('duplicate');
    expect(votes.get('s1')?.votedAtMs).toBe(100);
  });

  it('moves a vote to a new session', () => {
    const votes = new VoteBook();
    votes.cast('old', 'Ann', 'fake', 100);
    votes.moveVote('old', 'new');
    expect(votes.get('old')).toBeUndefined();
    expect(votes.get('new')).toEqual({
      sessionId: 'new',
      playerName: 'Ann',
      choice: 'fake',
      votedAtMs: 100,
    });
  });

  it('keeps one vote per player', () => {
    const votes = new VoteBook();
    votes.cast('s1', 'Ann', 'real', 1);
    votes.cast('s2', 'Bob', 'fake', 2);
    votes.cast('s1', 'Ann', 'fake', 3);
    expect(votes.all().map((vote) => [vote.sessionId, vote.choice])).toEqual([
      ['s1', 'fake'],
      ['s2', 'fake'],
    ]);
  });
});
