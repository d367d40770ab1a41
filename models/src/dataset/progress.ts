/** Receives the byte counts of a running download. */
export interface ProgressSink {
  /** Starts a transfer of `totalBytes` (null when unknown), of which `startBytes` are on disk. */
  start(totalBytes: number | null, startBytes: number): void;
  advance(bytes: number): void;
  stop(): void;
}

/** A stream that progress is written to; `isTTY` decides between a live bar and log lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  stream: ProgressStream;
  label: string;
  /** Milliseconds between redraws of the live bar on a terminal. */
  ttyIntervalMs?: number;
  /** Milliseconds between log lines when the stream is not a terminal. */
  lineIntervalMs?: number;
  now?: () => number;
}

const BAR_WIDTH = 24;

/**
 * Creates a progress display: a bar redrawn in place on a terminal, or one plain line every
 * `lineIntervalMs` (10 s by default) elsewhere, so that CI logs stay short.
 */
export function createProgressReporter(options: ProgressOptions): ProgressSink {
  const now = options.now ?? Date.now;
  const live = options.stream.isTTY === true;
  const intervalMs = live ? (options.ttyIntervalMs ?? 100) : (options.lineIntervalMs ?? 10_000);
  let total: number | null = null;
  let done = 0;
  let startBytes = 0;
  let startedAt = 0;
  let lastDrawAt = 0;

  const draw = (final: boolean): void => {
    const line = formatProgressLine({
      label: options.label,
      doneBytes: done,
      totalBytes: total,
      bytesPerSecond: speed(done - startBytes, now() - startedAt),
      bar: live,
    });
    if (live) options.stream.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else options.stream.write(`${line}\n`);
    lastDrawAt = now();
  };

  return {
    start(totalBytes, initialBytes) {
      total = totalBytes;
      done = initialBytes;
      startBytes = initialBytes;
      startedAt = now();
      lastDrawAt = startedAt;
      if (live) draw(false);
    },
    advance(bytes) {
      done += bytes;
      if (now() - lastDrawAt >= intervalMs) draw(false);
    },
    stop() {
      draw(true);
    },
  };
}

/** A sink that shows nothing, for callers that do not want progress. */
export const silentProgress: ProgressSink = { start() {}, advance() {}, stop() {} };

export interface ProgressLine {
  label: string;
  doneBytes: number;
  totalBytes: number | null;
  /** Null until there is enough elapsed time to measure. */
  bytesPerSecond: number | null;
  bar: boolean;
}

/** Formats one progress line: bytes, percent, speed and estimated time left where known. */
export function formatProgressLine(line: ProgressLine): string {
  const parts = [line.label];
  const known = line.totalBytes !== null && line.totalBytes > 0;
  const ratio = known ? Math.min(1, line.doneBytes / (line.totalBytes as number)) : null;
  if (line.bar && ratio !== null) {
    const filled = Math.round(ratio * BAR_WIDTH);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`);
  }
  if (ratio !== null) parts.push(`${Math.floor(ratio * 100)}%`.padStart(4));
  parts.push(
    known
      ? `${formatBytes(line.doneBytes)} / ${formatBytes(line.totalBytes as number)}`
      : formatBytes(line.doneBytes),
  );
  if (line.bytesPerSecond !== null) {
    parts.push(`${formatBytes(line.bytesPerSecond)}/s`);
    if (known && line.bytesPerSecond > 0) {
      const leftBytes = Math.max(0, (line.totalBytes as number) - line.doneBytes);
      parts.push(`ETA ${formatDuration(leftBytes / line.bytesPerSecond)}`);
    }
  }
  return parts.join('  ');
}

/** Formats a byte count with binary units, for example `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Formats seconds as `42s`, `3m 05s` or `1h 02m`. */
export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad2(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h ${pad2(Math.floor(whole / 60) % 60)}m`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function speed(bytes: number, elapsedMs: number): number | null {
  // Under half a second the rate is mostly noise from the first chunks.
  return elapsedMs < 500 ? null : (bytes * 1000) / elapsedMs;
}
