import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  formatBytes,
  formatDuration,
  formatProgressLine,
} from '../../../models/src/dataset/index.ts';

const MIB = 1024 * 1024;

function recorder(isTTY: boolean): { writes: string[]; write(text: string): void; isTTY: boolean } {
  const writes: string[] = [];
  return { writes, isTTY, write: (text) => writes.push(text) };
}

describe('createProgressReporter', () => {
  it('prints a line per interval when not a terminal', () => {
    const stream = recorder(false);
    let clock = 0;
    const progress = createProgressReporter({
      stream,
      label: 'download',
      lineIntervalMs: 10_000,
      now: () => clock,
    });
    progress.start(100 * MIB, 0);
    for (let second = 1; second <= 25; second++) {
      clock = second * 1000;
      progress.advance(MIB);
    }
    progress.stop();
    expect(stream.writes).toHaveLength(3);
    expect(stream.writes[0]).toBe('download   10%  10.0 MiB / 100.0 MiB  1.0 MiB/s  ETA 1m 30s\n');
  });

  it('redraws one line in place on a terminal', () => {
    const stream = recorder(true);
    let clock = 0;
    const progress = createProgressReporter({ stream, label: 'download', now: () => clock });
    progress.start(4 * MIB, 0);
    clock = 1000;
    progress.advance(2 * MIB);
    progress.stop();
    expect(stream.writes.every((text) => text.startsWith('\r'))).toBe(true);
    expect(stream.writes.at(-1)).toContain('[############------------]   50%');
    expect(stream.writes.at(-1)?.endsWith('\n')).toBe(true);
  });

  it('counts resumed bytes in the percent but not in the speed', () => {
    const stream = recorder(false);
    let clock = 0;
    const progress = createProgressReporter({ stream, label: 'download', now: () => clock });
    progress.start(10 * MIB, 5 * MIB);
    clock = 2000;
    progress.advance(MIB);
    progress.stop();
    expect(stream.writes[0]).toContain(' 60%  6.0 MiB / 10.0 MiB  512.0 KiB/s');
  });
});

describe('formatProgressLine', () => {
  it('leaves out percent and ETA when the size is unknown', () => {
    const line = formatProgressLine({
      label: 'download',
      doneBytes: 3 * MIB,
      totalBytes: null,
      bytesPerSecond: MIB,
      bar: true,
    });
    expect(line).toBe('download  3.0 MiB  1.0 MiB/s');
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [5 * MIB, '5.0 MiB'],
    [3 * 1024 * MIB, '3.0 GiB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [4.2, '5s'],
    [185, '3m 05s'],
    [3720, '1h 02m'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
