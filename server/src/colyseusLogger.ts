import type { Logger } from 'pino';

/** Error lines from Colyseus written per minute; later ones in that minute are only counted. */
export const COLYSEUS_ERRORS_PER_MINUTE = 60;

/** The console-like logger that Colyseus 0.18 calls, with its argument lists. */
export interface ColyseusLogger {
  debug(...args: unknown[]): void;
  error(...args: unknown[]): void;
  info(...args: unknown[]): void;
  trace(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

type LogCall = (...args: unknown[]) => void;

/**
 * Adapts `logger` for Colyseus and caps its error lines. Colyseus logs every room message it
 * fails to decode as an error with a stack, and a client that sends malformed requests stays
 * connected, so one client could write 20 stack traces a second without the cap.
 */
export function createColyseusLogger(
  logger: Logger,
  now: () => number = Date.now,
  errorsPerMinute = COLYSEUS_ERRORS_PER_MINUTE,
): ColyseusLogger {
  const call = (level: 'debug' | 'error' | 'info' | 'trace' | 'warn'): LogCall =>
    (logger[level] as LogCall).bind(logger);
  const writeError = call('error');
  let windowEndsAtMs = 0;
  let written = 0;
  let suppressed = 0;

  return {
    debug: call('debug'),
    info: call('info'),
    trace: call('trace'),
    warn: call('warn'),
    error(...args) {
      const time = now();
      if (time >= windowEndsAtMs) {
        if (suppressed > 0) {
          logger.error(
            { suppressed, errorsPerMinute },
            `suppressed ${suppressed} Colyseus errors over the limit of the last minute`,
          );
        }
        windowEndsAtMs = time + 60_000;
        written = 0;
        suppressed = 0;
      }
      if (written < errorsPerMinute) {
        written++;
        writeError(...args);
        return;
      }
      if (suppressed === 0) {
        logger.warn(
          { errorsPerMinute },
          `Colyseus logged ${errorsPerMinute} errors this minute; the rest are only counted`,
        );
      }
      suppressed++;
    },
  };
}
