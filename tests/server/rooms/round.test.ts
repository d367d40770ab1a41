import { matchMaker } from '@colyseus/core';
import { ClientMessage, ServerMessage, type ErrorPayload } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { aiVerdict } from '../../../server/src/rounds/scoring.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  playersByName,
  startTestGame,
  waitForPhase,
  type GameClient,
  type TestGame,
} from './harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ config: { minPlayers: 3 } });
});

afterAll(async () => {
  await test?.close();
});

/** Sends a vote and resolves to the server's reply, accepted or not. */
async function castVote(client: GameClient, choice: 'real' | 'fake'): Promise<void> {
  const accepted = client.waitForMessage(ServerMessage.voteAccepted);
  client.send(ClientMessage.vote, { roundId: client.state.roundId, choice });
  await accepted;
}

describe('GameRoom rounds', () => {
  it('waits for the minimum players', async () => {
    const room = await createGameRoom(test);
    const [ann, bob] = await joinAll(test, room, ['Ann', 'Bob']);
    expect(ann!.state.phase).toBe('waiting');
    expect(ann!.state.minPlayers).toBe(3);
    expect(ann!.state.imageUrl).toBe('');

    const error = ann!.waitForMessage(ServerMessage.error) as Promise<ErrorPayload>;
    ann!.send(ClientMessage.vote, { roundId: 'no-round-yet', choice: 'real' });
    expect((await error).code).toBe('notVoting');

    const [cid] = await joinAll(test, room, ['Cid']);
    const state = await waitForPhase(ann!, 'voting');
    expect(state.roundNumber).toBe(1);
    expect(state.imageUrl).toMatch(/^\/faces\/[A-Za-z0-9_-]{22}\.jpg$/);
    expect(state.phaseEndsAtMs - state.phaseStartedAtMs).toBe(test.config.votingMs);
    await leaveAll([ann!, bob!, cid!]);
  });

  it('plays a full round with three players', async () => {
    const storedBefore = test.game.store.countRounds();
    test.randomQueue.push(0.1); // below FAKE_RATIO, so the first face is generated
    const room = await createGameRoom(test);
    const clients = await joinAll(test, room, ['Ann', 'Bob', 'Cid']);
    const [ann, bob, cid] = clients as [GameClient, GameClient, GameClient];
    for (const client of clients) await waitForPhase(client, 'voting');
    const roundId = ann.state.roundId;
    const imageUrl = ann.state.imageUrl;
    const served = Buffer.from(await (await fetch(test.baseUrl + imageUrl)).arrayBuffer());

    await castVote(ann, 'fake');
    await castVote(bob, 'real');
    await castVote(cid, 'real');
    await castVote(cid, 'fake');

    const state = await waitForPhase(ann, 'reveal');
    const stored = test.game.store.getRound(roundId);
    expect(stored).toBeDefined();
    const verdict = aiVerdict(stored!.aiScore);
    const bonus = verdict === 'fake' ? 0 : 1;

    expect(state.reveal.truth).toBe('fake');
    expect(state.reveal.aiScore).toBeCloseTo(stored!.aiScore, 6);
    expect(state.reveal.aiVerdict).toBe(verdict);
    expect(state.reveal.realVotes).toBe(1);
    expect(state.reveal.fakeVotes).toBe(2);

    const players = playersByName(state);
    expect(players.Ann).toMatchObject({ vote: 'fake', correct: true, score: 1 + bonus });
    expect(players.Bob).toMatchObject({ vote: 'real', correct: false, score: 0 });
    expect(players.Cid).toMatchObject({ vote: 'fake', correct: true, score: 1 + bonus });

    expect(state.tally.toJSON()).toEqual({
      rounds: 1,
      humanVotes: 3,
      humanCorrectVotes: 2,
      aiCorrectRounds: verdict === 'fake' ? 1 : 0,
    });

    expect(test.game.store.countRounds()).toBe(storedBefore + 1);
    expect(stored!.truth).toBe('fake');
    expect(stored!.roomId).toBe(room.roomId);
    expect(stored!.generatorVersion).toBe('untrained');
    expect(stored!.discriminatorVersion).toBe('untrained');
    expect(stored!.imageJpeg.equals(served)).toBe(true);
    const votes = [...stored!.votes].sort((a, b) => a.playerName.localeCompare(b.playerName));
    expect(votes.map((vote) => [vote.playerName, vote.sessionId, vote.choice])).toEqual([
      ['Ann', ann.sessionId, 'fake'],
      ['Bob', bob.sessionId, 'real'],
      ['Cid', cid.sessionId, 'fake'],
    ]);
    for (const vote of votes) {
      expect(vote.votedAtMs).toBeGreaterThanOrEqual(stored!.startedAtMs);
      expect(vote.votedAtMs).toBeLessThanOrEqual(stored!.endedAtMs);
    }
    const queued = test.game.store.nextFinetuneBatch(1000);
    expect(queued.find((item) => item.roundId === roundId)?.label).toBe('fake');

    const next = await waitForPhase(ann, 'voting');
    expect(next.roundNumber).toBe(2);
    expect(next.roundId).not.toBe(roundId);
    expect(next.imageUrl).not.toBe(imageUrl);
    expect(next.reveal.toJSON()).toEqual({
      truth: '',
      aiScore: 0,
      aiVerdict: '',
      realVotes: 0,
      fakeVotes: 0,
    });
    for (const player of next.players.values()) {
      expect(player.hasVoted).toBe(false);
      expect(player.vote).toBe('');
      expect(player.correct).toBe(false);
    }
    expect(playersByName(next).Ann?.score).toBe(1 + bonus);
    expect((await fetch(test.baseUrl + imageUrl)).status).toBe(404);
    await leaveAll(clients);
  });
});

interface CapturedFrame {
  bytes: Buffer;
  /** The client's phase after it applied the frame. */
  phase: string;
}

/** Records every WebSocket frame the client receives from now on. */
function captureFrames(client: GameClient): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  const events = client.connection.events;
  const original = events.onmessage;
  events.onmessage = (event: MessageEvent) => {
    original?.(event);
    const data = event.data as ArrayBuffer | Uint8Array;
    frames.push({ bytes: Buffer.from(data as Uint8Array), phase: client.state.phase });
  };
  return frames;
}

function float32Bytes(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatLE(value);
  return bytes;
}

function float64Bytes(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes;
}

describe('GameRoom secrecy', () => {
  it('keeps truth and score out of voting traffic', async () => {
    const room = await createGameRoom(test);
    const [ann, bob] = (await joinAll(test, room, ['Ann', 'Bob'])) as [GameClient, GameClient];
    const frames = captureFrames(ann);
    const messages: unknown[] = [];
    ann.onMessage('*', (type, payload) => messages.push([type, payload]));
    const snapshots: string[] = [];
    ann.onStateChange((state) => {
      if (state.phase === 'voting') snapshots.push(JSON.stringify(state.toJSON()));
    });

    const [cid] = (await joinAll(test, room, ['Cid'])) as [GameClient];
    await waitForPhase(ann, 'voting');
    const roundId = ann.state.roundId;
    const response = await fetch(test.baseUrl + ann.state.imageUrl);
    await castVote(cid, 'real');
    await waitForPhase(ann, 'reveal');

    const stored = test.game.store.getRound(roundId)!;
    const secrets = [
      Buffer.from('real'),
      Buffer.from('fake'),
      float32Bytes(stored.aiScore),
      float64Bytes(stored.aiScore),
    ];
    const votingFrames = frames.filter((frame) => frame.phase === 'voting');
    expect(votingFrames.length).toBeGreaterThan(0);
    for (const frame of votingFrames) {
      for (const secret of secrets) expect(frame.bytes.includes(secret)).toBe(false);
    }

    // The same scan finds the secrets once the reveal arrives, so it can catch a leak.
    const revealFrames = frames.filter((frame) => frame.phase === 'reveal');
    const revealBytes = Buffer.concat(revealFrames.map((frame) => frame.bytes));
    expect(revealBytes.includes(Buffer.from(stored.truth))).toBe(true);
    expect(revealBytes.includes(float32Bytes(stored.aiScore))).toBe(true);

    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      expect(snapshot).not.toMatch(/"(real|fake)"/);
      expect(JSON.parse(snapshot).reveal).toEqual({
        truth: '',
        aiScore: 0,
        aiVerdict: '',
        realVotes: 0,
        fakeVotes: 0,
      });
    }
    expect(messages).toEqual([]);

    const headers = Object.fromEntries(response.headers);
    expect(JSON.stringify(headers)).not.toMatch(/real|fake|generat|untrained/i);
    const listings = await matchMaker.query({ roomId: room.roomId });
    expect(listings).toHaveLength(1);
    expect(JSON.stringify(listings)).not.toMatch(/real|fake|aiScore|truth/i);
    expect(room.metadata ?? {}).toEqual({});
    await leaveAll([ann, bob, cid]);
  });
});
