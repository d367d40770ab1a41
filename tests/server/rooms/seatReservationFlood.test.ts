import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestGame, type TestGame } from './harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame();
});

afterAll(async () => {
  await test?.close();
});

/** Reserves a seat in a new room over HTTP, as any client can, without connecting to it. */
async function reserveSeat(index: number): Promise<number> {
  const response = await fetch(`${test.baseUrl}/matchmake/create/game`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `seat-${index}` }),
  });
  await response.body?.cancel();
  return response.status;
}

describe('seat reservation flood', () => {
  it('takes no faces for rooms nobody joined', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => reserveSeat(index)),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Give any face preparation the rooms started time to reach the pool.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { size, capacity, generated } = test.game.fakePool.stats();
    expect(size).toBe(capacity);
    expect(generated).toBe(capacity);
  });
});
