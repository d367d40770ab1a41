import { roomByCodePath, type HttpErrorPayload } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LookupLimit } from '../../../server/src/http/lookupLimit.ts';
import { CODE_LOOKUPS_PER_MINUTE } from '../../../server/src/http/roomRoutes.ts';
import { startTestGame, type TestGame } from '../rooms/harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame();
});

afterAll(async () => {
  await test?.close();
});

describe('room code lookup limit', () => {
  it('answers 429 after the lookups of a minute', async () => {
    for (let index = 0; index < CODE_LOOKUPS_PER_MINUTE; index++) {
      const response = await fetch(test.baseUrl + roomByCodePath('ABCDE'));
      await response.body?.cancel();
      expect(response.status).toBe(404);
    }
    const limited = await fetch(test.baseUrl + roomByCodePath('ABCDE'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as HttpErrorPayload;
    expect(body.code).toBe('tooManyLookups');
  });
});

describe('LookupLimit', () => {
  it('counts each address on its own', () => {
    const limit = new LookupLimit(1, 1000, () => 0);
    expect(limit.take('a').allowed).toBe(true);
    expect(limit.take('b').allowed).toBe(true);
    expect(limit.take('a').allowed).toBe(false);
  });

  it('starts over when the window ends', () => {
    let now = 0;
    const limit = new LookupLimit(1, 1000, () => now);
    limit.take('a');
    expect(limit.take('a')).toEqual({ allowed: false, retryAfterMs: 1000 });
    now = 1000;
    expect(limit.take('a').allowed).toBe(true);
  });
});
