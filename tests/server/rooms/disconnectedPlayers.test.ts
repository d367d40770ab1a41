import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MAX_PLAYERS_PER_ROOM } from '../../../server/src/rooms/GameRoom.ts';
import { MAX_DISCONNECTED_PLAYERS } from '../../../server/src/rooms/players.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  startTestGame,
  waitForState,
  type TestGame,
} from './harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame({ reconnectSeconds: 1 });
});

afterAll(async () => {
  await test?.close();
});

function disconnectedCount(state: { players: Map<string, { connected: boolean }> }): number {
  return [...state.players.values()].filter((player) => !player.connected).length;
}

describe('disconnected players', () => {
  it('keep at most a bounded number of entries', async () => {
    const room = await createGameRoom(test);
    const [host] = await joinAll(test, room, ['Host']);
    const batch = MAX_PLAYERS_PER_ROOM - 2;
    let joined = 0;
    // Each batch drops without leaving on purpose and lets the reconnection window pass.
    while (joined < MAX_DISCONNECTED_PLAYERS + batch) {
      const names = Array.from({ length: batch }, (_, index) => `Drop ${joined + index}`);
      const clients = await joinAll(test, room, names);
      await Promise.all(clients.map((client) => client.leave(false)));
      joined += batch;
      await sleep(1300);
    }
    await waitForState(host!, (state) => state.players.size > 1, 'dropped players');

    expect(disconnectedCount(host!.state)).toBe(MAX_DISCONNECTED_PLAYERS);
    expect(host!.state.players.size).toBe(MAX_DISCONNECTED_PLAYERS + 1);
    await leaveAll([host!]);
  });
});
