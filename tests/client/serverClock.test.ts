import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../client/src/net/serverClock.ts';

describe('ServerClock', () => {
  it('assumes synced clocks before any sample', () => {
    const clock = new ServerClock();

    expect(clock.offsetMs).toBe(0);
    expect(clock.now(1000)).toBe(1000);
  });

  it('keeps the sample with the least delay', () => {
    const clock = new ServerClock();
    // The server runs 500 ms ahead; the samples arrived 80, 20 and 140 ms late.
    clock.observe(10_000, 10_000 - 500 + 80);
    clock.observe(20_000, 20_000 - 500 + 20);
    clock.observe(30_000, 30_000 - 500 + 140);

    expect(clock.offsetMs).toBe(480);
  });

  it('forgets samples older than the window', () => {
    const clock = new ServerClock();
    clock.observe(10_000, 9000);
    for (let i = 1; i <= 8; i += 1) {
      clock.observe(10_000 + i, 10_000 + i);
    }

    expect(clock.offsetMs).toBe(0);
  });

  it('ignores missing timestamps', () => {
    const clock = new ServerClock();
    clock.observe(0, 5000);
    clock.observe(Number.NaN, 5000);

    expect(clock.offsetMs).toBe(0);
  });

  it('counts down to a deadline without going negative', () => {
    const clock = new ServerClock();
    clock.observe(2000, 1000);

    expect(clock.remainingMs(5000, 3000)).toBe(1000);
    expect(clock.remainingMs(5000, 9000)).toBe(0);
  });
});
