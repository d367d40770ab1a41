import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Format lines with pino-pretty. Without it installed, the log stays JSON and warns once. */
  pretty?: boolean;
  /** Destination stream, standard output by default. */
  destination?: NodeJS.WritableStream;
}

type PinoPretty = typeof import('pino-pretty');

/** Loads pino-pretty synchronously, or returns undefined where it is not installed. */
function loadPinoPretty(): PinoPretty | undefined {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PinoPretty;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/**
 * Creates the server's root logger: one JSON object per line, or readable lines when `pretty`
 * is set and pino-pretty (a devDependency) is installed.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const pinoOptions = { level, base: { pid: process.pid } };
  if (!options.pretty) return pino(pinoOptions, options.destination ?? pino.destination(1));

  const pinoPretty = loadPinoPretty();
  if (pinoPretty === undefined) {
    const logger = pino(pinoOptions, options.destination ?? pino.destination(1));
    logger.warn('LOG_PRETTY is set but pino-pretty is not installed, so the log stays JSON');
    return logger;
  }
  const prettyStream = pinoPretty.build({
    colorize: options.destination === undefined && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    destination: options.destination ?? 1,
    sync: true,
  });
  return pino(pinoOptions, prettyStream);
}
