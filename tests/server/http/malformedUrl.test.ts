import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LOG_LEVEL, startTestGame, type TestGame } from '../rooms/harness.ts';

let test: TestGame;

beforeAll(async () => {
  test = await startTestGame();
});

afterAll(async () => {
  await test?.close();
});

const MALFORMED_PATHS = ['/faces/%E0%A4%A.jpg', '/rooms/by-code/%E0%A4%A', '/faces/%ZZ.jpg'];

describe('malformed URL', () => {
  it.each(MALFORMED_PATHS)('gets 400 for %s', async (path) => {
    const response = await fetch(test.baseUrl + path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string };
    expect(body.message).toContain('Failed to decode param');
  });

  it('is logged as a warning, not an error', async () => {
    await fetch(`${test.baseUrl}/faces/%E0%A4%A.jpg`);
    const routeErrors = test.logs.filter((entry) => entry.level >= LOG_LEVEL.error);
    expect(routeErrors).toEqual([]);
    const warnings = test.logs.filter((entry) => entry.msg === 'bad HTTP request');
    expect(warnings.length).toBeGreaterThan(0);
  });
});
