import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  COLYSEUS_ERRORS_PER_MINUTE,
  createColyseusLogger,
} from '../../server/src/colyseusLogger.ts';
import { captureLog } from './faces/fixtures.ts';
import {
  createGameRoom,
  joinAll,
  leaveAll,
  LOG_LEVEL,
  startTestGame,
  type TestGame,
} from './rooms/harness.ts';

/** A ROOM_REQUEST frame (code 21) for "vote" whose payload is not valid MessagePack. */
const MALFORMED_REQUEST = Buffer.from([21, 1, 0xa4, ...Buffer.from('vote'), 0xc1, 0xc1]);

describe('createColyseusLogger', () => {
  it('writes the errors of a minute up to the limit', () => {
    const { logger, entries } = captureLog();
    const colyseus = createColyseusLogger(logger, () => 0, 3);
    for (let index = 0; index < 5; index++) colyseus.error(`failure ${index}`);
    const errors = entries.filter((entry) => entry.level === LOG_LEVEL.error);
    expect(errors.map((entry) => entry.msg)).toEqual(['failure 0', 'failure 1', 'failure 2']);
    expect(entries.filter((entry) => entry.level === LOG_LEVEL.warn)).toHaveLength(1);
  });

  it('reports the suppressed count in the next minute', () => {
    let now = 0;
    const { logger, entries } = captureLog();
    const colyseus = createColyseusLogger(logger, () => now, 1);
    colyseus.error('first');
    colyseus.error('second');
    colyseus.error('third');
    now = 60_000;
    colyseus.error('fourth');
    const summary = entries.find((entry) => entry.suppressed !== undefined);
    expect(summary?.suppressed).toBe(2);
    expect(entries.at(-1)?.msg).toBe('fourth');
  });
});

describe('malformed room requests', () => {
  let test: TestGame;

  beforeAll(async () => {
    test = await startTestGame();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('write at most the per-minute limit of errors', async () => {
    const room = await createGameRoom(test);
    const [ann] = await joinAll(test, room, ['Ann']);
    const sent = COLYSEUS_ERRORS_PER_MINUTE + 5;
    for (let index = 0; index < sent; index++) {
      ann!.connection.send(MALFORMED_REQUEST);
      // Colyseus drops a client that sends more than 20 messages a second.
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const decodeErrors = test.logs.filter(
      (entry) => entry.component === 'colyseus' && entry.level === LOG_LEVEL.error,
    );
    expect(decodeErrors).toHaveLength(COLYSEUS_ERRORS_PER_MINUTE);
    expect(ann!.connection.isOpen).toBe(true);
    await leaveAll([ann!]);
  });
});
