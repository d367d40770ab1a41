import { describe, expect, it } from 'vitest';
import {
  BotArgsError,
  DEFAULT_TIMEOUT_MS,
  HelpRequested,
  MAX_ROUNDS,
  parseBotArgs,
} from '../../client/bot/args.ts';

const BASE = ['--url', 'ws://127.0.0.1:2567', '--rounds', '3'];

function argsError(argv: string[]): BotArgsError {
  try {
    parseBotArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(BotArgsError);
    return error as BotArgsError;
  }
  throw new Error(`parseBotArgs accepted ${JSON.stringify(argv)}`);
}

describe('parseBotArgs', () => {
  it('applies the defaults', () => {
    const args = parseBotArgs(BASE, () => 0);

    expect(args.url).toBe('ws://127.0.0.1:2567');
    expect(args.rounds).toBe(3);
    expect(args.roomCode).toBeUndefined();
    expect(args.strategy).toBe('random');
    expect(args.name).toBe('bot-AAAA');
    expect(args.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
  });

  it('reads every option', () => {
    const args = parseBotArgs([
      ...BASE,
      '--room',
      ' abcde ',
      '--strategy',
      'fake',
      '--name',
      'Load Bot 7',
      '--timeout-ms',
      '2500',
    ]);

    expect(args.roomCode).toBe('ABCDE');
    expect(args.strategy).toBe('fake');
    expect(args.name).toBe('Load Bot 7');
    expect(args.timeoutMs).toBe(2500);
  });

  it('accepts http urls', () => {
    expect(parseBotArgs(['--url', 'http://localhost:2567', '--rounds', '1']).url).toBe(
      'http://localhost:2567',
    );
  });

  it('signals --help', () => {
    expect(() => parseBotArgs(['--help'])).toThrow(HelpRequested);
  });

  it.each([
    [['--rounds', '3'], '--url is required'],
    [['--url', 'ws://127.0.0.1:2567'], '--rounds is required'],
    [['--url', 'localhost:2567', '--rounds', '1'], '--url must use ws, wss, http or https'],
    [['--url', 'not a url', '--rounds', '1'], '--url must be an absolute URL'],
    [['--url', 'ftp://127.0.0.1', '--rounds', '1'], '--url must use ws, wss, http or https'],
    [[...BASE.slice(0, 2), '--rounds', '0'], '--rounds must be between 1 and'],
    [[...BASE.slice(0, 2), '--rounds', String(MAX_ROUNDS + 1)], '--rounds must be between 1'],
    [[...BASE.slice(0, 2), '--rounds', '2.5'], '--rounds must be a whole number, got "2.5"'],
    [[...BASE.slice(0, 2), '--rounds=-1'], '--rounds must be a whole number, got "-1"'],
    [[...BASE, '--strategy', 'always'], '--strategy must be one of random, real, fake'],
    [[...BASE, '--room', 'AB'], '--room: room code must be 5 characters'],
    [[...BASE, '--room', 'ABCD0'], '--room: room code contains an invalid character'],
    [[...BASE, '--name', '   '], '--name: name must not be empty'],
    [[...BASE, '--name', 'x'.repeat(21)], '--name: name must be at most 20 characters'],
    [[...BASE, '--name', 'bad<name>'], '--name: name may contain letters, digits'],
    [[...BASE, '--timeout-ms', 'soon'], '--timeout-ms must be a whole number, got "soon"'],
    [[...BASE, '--timeout-ms', '0'], '--timeout-ms must be between 1 and'],
    [[...BASE, '--speed', '3'], "Unknown option '--speed'"],
    [[...BASE, 'extra'], 'Unexpected argument'],
  ])('rejects %j', (argv, message) => {
    expect(argsError(argv).message).toContain(message);
  });
});
