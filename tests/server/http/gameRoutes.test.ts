import { ClientMessage, ServerMessage } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HealthReport } from '../../../server/src/http/healthRoutes.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  LOG_LEVEL,
  startTestGame,
  waitForPhase,
  waitForState,
  type GameClient,
  type TestGame,
} from '../rooms/harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ config: { minPlayers: 1 } });
});

afterAll(async () => {
  await test?.close();
});

interface ServedFace {
  roundId: string;
  url: string;
  headers: Record<string, string>;
  bytes: Buffer;
}

async function fetchFace(client: GameClient): Promise<ServedFace> {
  const url = client.state.imageUrl;
  const response = await fetch(test.baseUrl + url);
  expect(response.status).toBe(200);
  return {
    roundId: client.state.roundId,
    url,
    headers: Object.fromEntries(response.headers),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Splits a JPEG into the segments before its scan data, as [marker, contents] pairs. */
function jpegSegments(bytes: Buffer): [number, string][] {
  const segments: [number, string][] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    segments.push([marker, bytes.subarray(offset + 4, offset + 2 + length).toString('hex')]);
    if (marker === 0xda) break;
    offset += 2 + length;
  }
  return segments;
}

describe('face delivery', () => {
  it('serves real and fake faces alike', async () => {
    // A real face (0.9 >= FAKE_RATIO, then 0.5 picks it), then a generated one (0.1).
    test.randomQueue.push(0.9, 0.5, 0.1);
    const room = await createGameRoom(test);
    const [ann] = (await joinAll(test, room, ['Ann'])) as [GameClient];
    await waitForPhase(ann, 'voting');
    const first = await fetchFace(ann);
    await waitForState(ann, (state) => state.roundNumber === 2, 'round 2');
    const second = await fetchFace(ann);
    await waitForPhase(ann, 'reveal');
    await leaveAll([ann]);

    const truths = [first, second].map((face) => test.game.store.getRound(face.roundId)?.truth);
    expect(truths).toEqual(['real', 'fake']);
    const [real, fake] = [first, second];

    const pattern = /^\/faces\/[A-Za-z0-9_-]{22}\.jpg$/;
    expect(real.url).toMatch(pattern);
    expect(fake.url).toMatch(pattern);

    const varying = new Set(['date', 'content-length']);
    const fixed = (headers: Record<string, string>) =>
      Object.entries(headers).filter(([name]) => !varying.has(name));
    expect(fixed(fake.headers)).toEqual(fixed(real.headers));
    expect(Object.keys(fake.headers).sort()).toEqual(Object.keys(real.headers).sort());
    expect(real.headers['content-type']).toBe('image/jpeg');
    expect(real.headers['cache-control']).toBe('no-store');
    expect(real.headers.etag).toBeUndefined();
    expect(real.headers['last-modified']).toBeUndefined();

    const realSegments = jpegSegments(real.bytes);
    const fakeSegments = jpegSegments(fake.bytes);
    expect(fakeSegments.map(([marker]) => marker)).toEqual(realSegments.map(([m]) => m));
    // Quantization tables, frame header and Huffman tables are byte for byte the same.
    const tables = (segments: [number, string][]) =>
      segments.filter(([marker]) => [0xdb, 0xc0, 0xc4].includes(marker));
    expect(tables(fakeSegments)).toEqual(tables(realSegments));
    expect(realSegments.some(([marker]) => marker >= 0xe1 && marker <= 0xef)).toBe(false);
  });
});

describe('GET /healthz', () => {
  it('reports backend, models, pool and rounds', async () => {
    const response = await fetch(`${test.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as HealthReport;
    expect(report.status).toBe('ok');
    expect(report.backend).toBe('wasm');
    expect(report.models).toEqual({ generator: 'untrained', discriminator: 'untrained' });
    expect(report.fakePool.capacity).toBe(test.config.fakePoolSize);
    expect(report.fakePool.meanMsPerFace).toBeGreaterThan(0);
    expect(report.roundsStored).toBe(test.game.store.countRounds());
  });
});

// Runs last: it closes the round store for the rest of this file.
describe('round storage failure', () => {
  it('logs the round and keeps playing', async () => {
    test.game.store.close();
    const room = await createGameRoom(test);
    const [ann] = (await joinAll(test, room, ['Ann'])) as [GameClient];
    await waitForPhase(ann, 'voting');
    const roundId = ann.state.roundId;
    const accepted = ann.waitForMessage(ServerMessage.voteAccepted);
    ann.send(ClientMessage.vote, { roundId, choice: 'real' });
    await accepted;

    const reveal = await waitForPhase(ann, 'reveal');
    expect(reveal.tally.rounds).toBe(1);
    const next = await waitForState(ann, (state) => state.roundNumber === 2, 'round 2');
    expect(next.phase).toBe('voting');

    const failure = test.logs.find(
      (entry) => entry.level === LOG_LEVEL.error && entry.roundId === roundId,
    );
    expect(failure?.msg).toContain('failed to store the finished round');
    expect(failure?.roomId).toBe(room.roomId);
    expect(failure?.err).toBeDefined();

    const health = await fetch(`${test.baseUrl}/healthz`);
    expect(health.status).toBe(503);
    await leaveAll([ann]);
  });
});
