import {
  ClientMessage,
  ServerMessage,
  type ErrorPayload,
  type VoteAcceptedPayload,
} from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GameRoom } from '../../../server/src/rooms/GameRoom.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  LOG_LEVEL,
  startTestGame,
  waitForPhase,
  type GameClient,
  type TestGame,
} from './harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ config: { minPlayers: 1 } });
});

afterAll(async () => {
  await test?.close();
});

interface Inbox {
  errors: ErrorPayload[];
  accepted: VoteAcceptedPayload[];
}

function collect(client: GameClient): Inbox {
  const inbox: Inbox = { errors: [], accepted: [] };
  client.onMessage(ServerMessage.error, (payload: ErrorPayload) => inbox.errors.push(payload));
  client.onMessage(ServerMessage.voteAccepted, (payload: VoteAcceptedPayload) =>
    inbox.accepted.push(payload),
  );
  return inbox;
}

/** Sends a raw message and resolves to the error the server replies with. */
async function expectError(client: GameClient, type: string, payload: unknown) {
  const reply = client.waitForMessage(ServerMessage.error) as Promise<ErrorPayload>;
  client.send(type, payload);
  return reply;
}

async function openRound(): Promise<{ room: GameRoom; ann: GameClient; bob: GameClient }> {
  const room = await createGameRoom(test);
  const [ann, bob] = (await joinAll(test, room, ['Ann', 'Bob'])) as [GameClient, GameClient];
  await waitForPhase(ann, 'voting');
  await waitForPhase(bob, 'voting');
  return { room, ann, bob };
}

function serverPlayer(room: GameRoom, client: GameClient) {
  return room.state.players.get(client.sessionId);
}

describe('GameRoom votes', () => {
  it('rejects malformed votes', async () => {
    const { room, ann, bob } = await openRound();
    const bobInbox = collect(bob);
    const roundId = ann.state.roundId;
    const payloads = [
      undefined,
      'real',
      { roundId },
      { roundId, choice: 'maybe' },
      { roundId: 7, choice: 'real' },
      { roundId, choice: 'real', extra: true },
      { roundId: 'x'.repeat(65), choice: 'real' },
    ];
    for (const payload of payloads) {
      const error = await expectError(ann, ClientMessage.vote, payload);
      expect(error.code).toBe('invalidMessage');
      expect(error.message).toMatch(/^Invalid vote: /);
    }
    expect(serverPlayer(room, ann)?.hasVoted).toBe(false);
    expect(bobInbox.errors).toEqual([]);
    await leaveAll([ann, bob]);
  });

  it('rejects an unknown message type', async () => {
    const { ann, bob } = await openRound();
    const error = await expectError(ann, 'cheat', { choice: 'real' });
    expect(error.code).toBe('invalidMessage');
    expect(error.message).toContain('"cheat"');
    await leaveAll([ann, bob]);
  });

  it('rejects a vote for another round', async () => {
    const { room, ann, bob } = await openRound();
    const error = await expectError(ann, ClientMessage.vote, {
      roundId: 'an-earlier-round',
      choice: 'fake',
    });
    expect(error.code).toBe('wrongRound');
    expect(error.message).toContain(ann.state.roundId);
    expect(serverPlayer(room, ann)?.hasVoted).toBe(false);
    await leaveAll([ann, bob]);
  });

  it('rejects a vote after the deadline', async () => {
    const { room, ann, bob } = await openRound();
    const roundId = ann.state.roundId;
    test.clock.offsetMs = test.config.votingMs + 1;
    let error: ErrorPayload;
    try {
      error = await expectError(ann, ClientMessage.vote, { roundId, choice: 'real' });
    } finally {
      test.clock.offsetMs = 0;
    }
    expect(error.code).toBe('votingClosed');
    expect(serverPlayer(room, ann)?.hasVoted).toBe(false);

    const reveal = await waitForPhase(ann, 'reveal');
    expect(reveal.reveal.realVotes + reveal.reveal.fakeVotes).toBe(0);
    const afterClose = await expectError(ann, ClientMessage.vote, { roundId, choice: 'real' });
    expect(afterClose.code).toBe('votingClosed');
    await leaveAll([ann, bob]);
  });

  it('rejects votes during the reveal', async () => {
    const { ann, bob } = await openRound();
    await waitForPhase(ann, 'reveal');
    const error = await expectError(ann, ClientMessage.vote, {
      roundId: 'the-next-round',
      choice: 'fake',
    });
    expect(error.code).toBe('notVoting');
    expect(ann.state.reveal.realVotes + ann.state.reveal.fakeVotes).toBe(0);
    await leaveAll([ann, bob]);
  });

  it('rejects the same choice twice', async () => {
    const { room, ann, bob } = await openRound();
    const inbox = collect(ann);
    const roundId = ann.state.roundId;
    const accepted = ann.waitForMessage(ServerMessage.voteAccepted);
    ann.send(ClientMessage.vote, { roundId, choice: 'real' });
    expect(await accepted).toEqual({ roundId, choice: 'real' });
    const storedBefore = test.game.store.countRounds();

    const error = await expectError(ann, ClientMessage.vote, { roundId, choice: 'real' });
    expect(error.code).toBe('duplicateVote');
    expect(inbox.accepted).toHaveLength(1);
    expect(serverPlayer(room, ann)?.hasVoted).toBe(true);

    const reveal = await waitForPhase(ann, 'reveal');
    expect(reveal.reveal.realVotes).toBe(1);
    expect(reveal.reveal.fakeVotes).toBe(0);
    expect(test.game.store.countRounds()).toBe(storedBefore + 1);
    expect(test.game.store.getRound(roundId)?.votes).toHaveLength(1);
    await leaveAll([ann, bob]);
  });

  it('accepts a changed vote', async () => {
    const { ann, bob } = await openRound();
    const inbox = collect(ann);
    const roundId = ann.state.roundId;
    for (const choice of ['real', 'fake'] as const) {
      const accepted = ann.waitForMessage(ServerMessage.voteAccepted);
      ann.send(ClientMessage.vote, { roundId, choice });
      await accepted;
    }
    expect(inbox.accepted.map((payload) => payload.choice)).toEqual(['real', 'fake']);
    const reveal = await waitForPhase(ann, 'reveal');
    expect(reveal.reveal.realVotes).toBe(0);
    expect(reveal.reveal.fakeVotes).toBe(1);
    await leaveAll([ann, bob]);
  });

  it('logs repeated rejections sparingly', async () => {
    const { ann, bob } = await openRound();
    for (let i = 0; i < 5; i++) await expectError(ann, ClientMessage.vote, { bad: i });
    const warnings = test.logs.filter(
      (entry) => entry.level === LOG_LEVEL.warn && entry.sessionId === ann.sessionId,
    );
    expect(warnings.map((entry) => entry.rejections)).toEqual([1, 2, 4]);
    expect(warnings[0]?.code).toBe('invalidMessage');
    expect(warnings[0]?.roomId).toBe(ann.roomId);
    await leaveAll([ann, bob]);
  });
});
