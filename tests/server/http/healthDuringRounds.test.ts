import type { Label } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HealthReport } from '../../../server/src/http/healthRoutes.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  startTestGame,
  waitForState,
  type TestGame,
} from '../rooms/harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame();
});

afterAll(async () => {
  await test?.close();
});

async function generatedFakes(): Promise<number> {
  await test.game.fakePool.whenFull();
  const report = (await (await fetch(`${test.baseUrl}/healthz`)).json()) as HealthReport;
  return report.fakePool.generated;
}

describe('health report during rounds', () => {
  it('counts one generated fake per round whatever the next face', async () => {
    // Each face takes two draws, the kind and then the real face. The faces of rounds 3 and 4,
    // prepared when rounds 2 and 3 open, are a fake and a real face.
    const kinds: Label[] = ['fake', 'real', 'fake', 'real'];
    test.randomQueue.push(...kinds.flatMap((kind) => [kind === 'fake' ? 0.1 : 0.9, 0.5]));
    const room = await createGameRoom(test);
    const [ann] = await joinAll(test, room, ['Ann']);

    const counts: number[] = [];
    for (let round = 1; round <= 3; round++) {
      await waitForState(ann!, (state) => state.roundNumber === round, `round ${round}`);
      counts.push(await generatedFakes());
    }
    await leaveAll([ann!]);

    // Before a fake and before a real face alike, the pool makes one face.
    expect(counts[1]! - counts[0]!).toBe(1);
    expect(counts[2]! - counts[1]!).toBe(1);
  });
});
