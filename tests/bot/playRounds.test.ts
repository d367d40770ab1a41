import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@colyseus/sdk';
import { GAME_ROOM, LABELS, GameState } from '@real-or-fake/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotError, playRounds, type RoundResult } from '../../client/bot/playRounds.ts';
import { startBrowserGame, type BrowserGame } from '../browser/gameServer.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function collect(results: AsyncIterable<RoundResult>): Promise<RoundResult[]> {
  const collected: RoundResult[] = [];
  for await (const result of results) {
    collected.push(result);
  }
  return collected;
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function runBotCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'client/bot/main.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('playRounds', () => {
  let game: BrowserGame;
  let url: string;

  beforeAll(async () => {
    game = await startBrowserGame({
      serveClient: false,
      config: { votingMs: 800, revealMs: 200 },
    });
    url = game.baseUrl.replace('http://', 'ws://');
  });

  afterAll(async () => {
    await game?.close();
  });

  it('yields one result per round', async () => {
    const results = await collect(
      playRounds({ url, rounds: 3, strategy: 'fake', name: 'Fake Bot', timeoutMs: 5000 }),
    );

    expect(results).toHaveLength(3);
    expect(new Set(results.map((result) => result.roundId)).size).toBe(3);
    for (const result of results) {
      expect(result.vote).toBe('fake');
      expect(LABELS).toContain(result.truth);
      expect(LABELS).toContain(result.aiVerdict);
      expect(result.aiScore).toBeGreaterThanOrEqual(0);
      expect(result.aiScore).toBeLessThanOrEqual(1);
      expect(result.correct).toBe(result.truth === result.vote);
    }
  });

  it('votes at random with the random strategy', async () => {
    const draws = [0.1, 0.9];
    const results = await collect(
      playRounds({
        url,
        rounds: 2,
        strategy: 'random',
        name: 'Coin Bot',
        timeoutMs: 5000,
        random: () => draws.shift() ?? 0.5,
      }),
    );

    expect(results.map((result) => result.vote)).toEqual(['real', 'fake']);
  });

  it('joins a private room by its code', async () => {
    const host = await new Client(url).create(
      GAME_ROOM,
      { name: 'Host', private: true },
      GameState,
    );
    try {
      // Fields read as undefined until the first state patch arrives.
      await waitUntil(() => typeof host.state.roomCode === 'string' && host.state.roomCode !== '');

      let namesDuringPlay: string[] = [];
      for await (const result of playRounds({
        url,
        rounds: 1,
        roomCode: host.state.roomCode,
        strategy: 'real',
        name: 'Guest Bot',
        timeoutMs: 5000,
      })) {
        expect(result.vote).toBe('real');
        // The host's copy of the state may trail the bot's by a patch.
        await waitUntil(() => host.state.players.size === 2);
        namesDuringPlay = [...host.state.players.values()].map((player) => player.name);
      }

      expect(namesDuringPlay.sort()).toEqual(['Guest Bot', 'Host']);
    } finally {
      await host.leave(true);
    }
  });

  it('rejects an unknown room code', async () => {
    const results = playRounds({
      url,
      rounds: 1,
      roomCode: 'ZZZZZ',
      strategy: 'real',
      name: 'Lost Bot',
      timeoutMs: 5000,
    });

    await expect(collect(results)).rejects.toThrow('No room has the code ZZZZZ');
  });

  it('stops cleanly on abort', async () => {
    const stop = new AbortController();
    const results: RoundResult[] = [];
    for await (const result of playRounds({
      url,
      rounds: 100,
      strategy: 'real',
      name: 'Brief Bot',
      timeoutMs: 5000,
      signal: stop.signal,
    })) {
      results.push(result);
      stop.abort();
    }

    expect(results).toHaveLength(1);
  });

  it('fails when the server closes the room', async () => {
    const playing = collect(
      playRounds({ url, rounds: 50, strategy: 'real', name: 'Left Bot', timeoutMs: 5000 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await game.game.gameServer.gracefullyShutdown(false);

    const error = await playing.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).message).toBe(
      'lost the room: the server shut down (close code 4001)',
    );
  });
});

describe('bot command line against a server', () => {
  let game: BrowserGame;

  beforeAll(async () => {
    game = await startBrowserGame({ serveClient: false, config: { votingMs: 800, revealMs: 200 } });
  });

  afterAll(async () => {
    await game?.close();
  });

  it('prints one JSON line per round', async () => {
    const url = game.baseUrl.replace('http://', 'ws://');
    const run = await runBotCli(['--url', url, '--rounds', '2', '--strategy', 'real']);

    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const result = JSON.parse(line) as RoundResult;
      expect(Object.keys(result)).toEqual([
        'roundId',
        'truth',
        'vote',
        'aiScore',
        'aiVerdict',
        'correct',
      ]);
      expect(result.vote).toBe('real');
    }
  });
});
