import { parseArgs } from 'node:util';
import { ROOM_CODE_ALPHABET } from '@real-or-fake/shared';
import { JoinError, parsePlayerName, parseRoomCode } from '../src/net/joinGame.ts';

export const STRATEGIES = ['random', 'real', 'fake'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface BotArgs {
  url: string;
  rounds: number;
  /** Private room code to join; public matchmaking when absent. */
  roomCode: string | undefined;
  strategy: Strategy;
  name: string;
  timeoutMs: number;
}

export const MAX_ROUNDS = 100_000;
export const DEFAULT_TIMEOUT_MS = 10_000;

export const USAGE = `usage: npm run bot -- --url URL --rounds N [options]

  --url URL          game server, e.g. ws://127.0.0.1:2567 (ws, wss, http or https)
  --rounds N         rounds to play before exiting, 1 to ${MAX_ROUNDS}
  --room CODE        join the private room with this code instead of a public room
  --strategy S       how to vote: random (default), real or fake
  --name NAME        player name (default: bot-XXXX with random letters)
  --timeout-ms MS    give up connecting after MS milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --help             print this help

Prints one JSON line per finished round on stdout; logs go to stderr.`;

export class BotArgsError extends Error {
  override readonly name = 'BotArgsError';
  readonly code = 'invalidArgs';
}

/** Thrown for `--help`, so the caller prints usage and exits 0. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
}

function parsePositiveInt(flag: string, raw: string, max: number): number {
  if (!/^\d+$/.test(raw)) {
    throw new BotArgsError(`${flag} must be a whole number, got "${raw}"`);
  }
  const value = Number(raw);
  if (value < 1 || value > max) {
    throw new BotArgsError(`${flag} must be between 1 and ${max}, got ${raw}`);
  }
  return value;
}

function parseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BotArgsError(
      `--url must be an absolute URL such as ws://127.0.0.1:2567, got "${raw}"`,
    );
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
    throw new BotArgsError(`--url must use ws, wss, http or https, got "${url.protocol}"`);
  }
  return raw;
}

function randomBotName(random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 4; i += 1) {
    suffix += ROOM_CODE_ALPHABET[Math.floor(random() * ROOM_CODE_ALPHABET.length)];
  }
  return `bot-${suffix}`;
}

/** Rewrap a name or code validation error under the flag the user typed. */
function checkFlag<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof JoinError) {
      throw new BotArgsError(`${flag}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Parse and validate the bot's command line (without the node and script entries). */
export function parseBotArgs(argv: string[], random: () => number = Math.random): BotArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        rounds: { type: 'string' },
        room: { type: 'string' },
        strategy: { type: 'string' },
        name: { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new BotArgsError(message, { cause: error });
  }

  if (values.help === true) {
    throw new HelpRequested();
  }
  if (values.url === undefined) {
    throw new BotArgsError('--url is required, e.g. --url ws://127.0.0.1:2567');
  }
  if (values.rounds === undefined) {
    throw new BotArgsError('--rounds is required, e.g. --rounds 5');
  }

  const strategy = values.strategy ?? 'random';
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    throw new BotArgsError(`--strategy must be one of ${STRATEGIES.join(', ')}, got "${strategy}"`);
  }

  const room = values.room;
  return {
    url: parseServerUrl(values.url),
    rounds: parsePositiveInt('--rounds', values.rounds, MAX_ROUNDS),
    roomCode: room === undefined ? undefined : checkFlag('--room', () => parseRoomCode(room)),
    strategy: strategy as Strategy,
    name: checkFlag('--name', () => parsePlayerName(values.name ?? randomBotName(random))),
    timeoutMs: parsePositiveInt(
      '--timeout-ms',
      values['timeout-ms'] ?? String(DEFAULT_TIMEOUT_MS),
      3_600_000,
    ),
  };
}
