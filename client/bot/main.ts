import pino from 'pino';
import { JoinError } from '../src/net/joinGame.ts';
import { BotArgsError, HelpRequested, USAGE, parseBotArgs } from './args.ts';
import { BotError, playRounds } from './playRounds.ts';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

// Standard output carries only result lines, but the Colyseus SDK reports its reconnection
// attempts with console.info and console.log, so those go to standard error like other logs.
console.log = console.error;
console.info = console.error;

const logger = pino(
  { name: 'bot', level: process.env.LOG_LEVEL ?? 'info' },
  pino.destination({ fd: 2, sync: true }),
);

async function main(): Promise<number> {
  let args;
  try {
    args = parseBotArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (error instanceof BotArgsError) {
      process.stderr.write(`bot: ${error.message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());

  try {
    for await (const result of playRounds({ ...args, logger, signal: stop.signal })) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof JoinError || error instanceof BotError) {
      process.stderr.write(`bot: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

// Exit explicitly: the SDK may keep reconnection timers alive after the last round.
process.exit(await main());
