import { setTimeout as sleep } from 'node:timers/promises';

import { matchMaker } from '@colyseus/core';
import {
  ClientMessage,
  GAME_ROOM,
  JoinErrorCode,
  ServerMessage,
  type GameState,
} from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GameRoom } from '../../../server/src/rooms/GameRoom.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  playersByName,
  startTestGame,
  waitForPhase,
  waitForState,
  type GameClient,
  type TestGame,
} from './harness.ts';

const RECONNECT_SECONDS = 1;

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ config: { minPlayers: 1 }, reconnectSeconds: RECONNECT_SECONDS });
});

afterAll(async () => {
  await test?.close();
});

/** Plays the room's first round with a real face, which Ann votes for correctly. */
async function scoreAnn(): Promise<{ room: GameRoom; ann: GameClient; bob: GameClient }> {
  test.randomQueue.push(0.9, 0.5); // at or above FAKE_RATIO: a real face
  const room = await createGameRoom(test);
  const [ann, bob] = (await joinAll(test, room, ['Ann', 'Bob'])) as [GameClient, GameClient];
  await waitForPhase(ann, 'voting');
  const accepted = ann.waitForMessage(ServerMessage.voteAccepted);
  ann.send(ClientMessage.vote, { roundId: ann.state.roundId, choice: 'real' });
  await accepted;
  const reveal = await waitForPhase(ann, 'reveal');
  expect(playersByName(reveal).Ann?.score).toBeGreaterThan(0);
  return { room, ann, bob };
}

function annOf(state: GameState) {
  return playersByName(state).Ann;
}

async function join(roomId: string, options: Record<string, unknown>): Promise<GameClient> {
  const client = (await test.colyseus.sdk.joinById(roomId, options)) as unknown as GameClient;
  client.reconnection.enabled = false;
  await client.waitForInitialState();
  return client;
}

describe('GameRoom reconnection', () => {
  it('keeps a dropped player until reconnect', async () => {
    const { ann, bob } = await scoreAnn();
    const score = annOf(bob.state)!.score;
    const token = ann.reconnectionToken;

    await ann.leave(false);
    await waitForState(bob, (state) => annOf(state)?.connected === false, 'Ann disconnected');
    expect(annOf(bob.state)?.score).toBe(score);

    const back = (await test.colyseus.sdk.reconnect(token)) as unknown as GameClient;
    back.reconnection.enabled = false;
    expect(back.sessionId).toBe(ann.sessionId);
    await waitForState(bob, (state) => annOf(state)?.connected === true, 'Ann reconnected');
    expect(annOf(bob.state)?.score).toBe(score);
    expect(bob.state.players.size).toBe(2);
    await leaveAll([back, bob]);
  });

  it('hands the entry to a rejoin by name', async () => {
    const { room, ann, bob } = await scoreAnn();
    const score = annOf(bob.state)!.score;
    const token = ann.reconnectionToken;
    await ann.leave(false);
    await waitForState(bob, (state) => annOf(state)?.connected === false, 'Ann disconnected');

    const refreshed = await join(room.roomId, { name: 'ann' });
    await waitForState(bob, (state) => annOf(state)?.connected === true, 'Ann back');
    expect(bob.state.players.size).toBe(2);
    expect(bob.state.players.has(ann.sessionId)).toBe(false);
    expect(bob.state.players.get(refreshed.sessionId)?.name).toBe('Ann');
    expect(bob.state.players.get(refreshed.sessionId)?.score).toBe(score);

    const stale = await test.colyseus.sdk.reconnect(token).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(Error);
    await leaveAll([refreshed, bob]);
  });

  it('keeps the vote of a rejoin mid-round', async () => {
    const room = await createGameRoom(test);
    const [ann, bob] = (await joinAll(test, room, ['Ann', 'Bob'])) as [GameClient, GameClient];
    await waitForPhase(ann, 'voting');
    const roundId = ann.state.roundId;
    const accepted = ann.waitForMessage(ServerMessage.voteAccepted);
    ann.send(ClientMessage.vote, { roundId, choice: 'fake' });
    await accepted;

    await ann.leave(false);
    await waitForState(bob, (state) => annOf(state)?.connected === false, 'Ann disconnected');
    const refreshed = await join(room.roomId, { name: 'Ann' });
    expect(refreshed.state.roundId).toBe(roundId);
    expect(refreshed.state.players.get(refreshed.sessionId)?.hasVoted).toBe(true);

    const reveal = await waitForPhase(refreshed, 'reveal');
    expect(reveal.reveal.fakeVotes).toBe(1);
    expect(reveal.players.get(refreshed.sessionId)?.vote).toBe('fake');
    const stored = test.game.store.getRound(roundId);
    expect(stored?.votes.map((vote) => [vote.playerName, vote.sessionId])).toEqual([
      ['Ann', refreshed.sessionId],
    ]);
    await leaveAll([refreshed, bob]);
  });

  it('keeps a player whose seat expired', async () => {
    const { room, ann, bob } = await scoreAnn();
    const score = annOf(bob.state)!.score;
    const token = ann.reconnectionToken;
    await ann.leave(false);
    await sleep(RECONNECT_SECONDS * 1000 + 300);

    const expired = await test.colyseus.sdk.reconnect(token).catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(Error);
    expect(annOf(bob.state)).toMatchObject({ connected: false, score });

    const later = await join(room.roomId, { name: 'Ann' });
    await waitForState(bob, (state) => annOf(state)?.connected === true, 'Ann back');
    expect(bob.state.players.get(later.sessionId)?.score).toBe(score);
    await leaveAll([later, bob]);
  });

  it('removes a player who leaves', async () => {
    const room = await createGameRoom(test);
    const [ann, bob] = (await joinAll(test, room, ['Ann', 'Bob'])) as [GameClient, GameClient];
    await ann.leave();
    await waitForState(bob, (state) => state.players.size === 1, 'one player left');
    expect(annOf(bob.state)).toBeUndefined();
    await leaveAll([bob]);
  });
});

describe('GameRoom joins', () => {
  it('rejects a name already connected', async () => {
    const room = await createGameRoom(test);
    const [ann] = (await joinAll(test, room, ['Ann'])) as [GameClient];
    const error = await join(room.roomId, { name: 'ANN' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: JoinErrorCode.nameTaken });
    expect((error as Error).message).toContain('"Ann" is taken');
    expect(room.state.players.size).toBe(1);
    await leaveAll([ann]);
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '   ' }],
    ['a long name', { name: 'x'.repeat(21) }],
    ['markup in the name', { name: '<b>Ann</b>' }],
    ['a non-boolean private flag', { name: 'Ann', private: 'yes' }],
  ])('rejects %s', async (_case, options) => {
    const roomsBefore = (await matchMaker.query({ name: GAME_ROOM })).length;
    const error = await test.colyseus.sdk.joinOrCreate(GAME_ROOM, options).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: JoinErrorCode.invalidOptions });
    expect((error as Error).message).toMatch(/^Invalid join options: /);
    expect((await matchMaker.query({ name: GAME_ROOM })).length).toBe(roomsBefore);
  });
});
