import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import type { Room as ServerRoom } from '@colyseus/core';
import type { Room as ClientRoom } from '@colyseus/sdk';
import { ColyseusTestServer } from '@colyseus/testing/TestServer';
import { selectBackend } from '@real-or-fake/models';
import { GAME_ROOM, type GameState, type Phase } from '@real-or-fake/shared';
import { pino } from 'pino';
import sharp from 'sharp';

import { createGameServer, type GameServer } from '../../../server/src/app.ts';
import { loadConfig, type Config } from '../../../server/src/config.ts';
import type { GameRoom } from '../../../server/src/rooms/GameRoom.ts';

export type LogEntry = Record<string, unknown> & { level: number; msg: string };

export interface TestGame {
  game: GameServer;
  colyseus: ColyseusTestServer;
  baseUrl: string;
  config: Config;
  logs: LogEntry[];
  /** Added to Date.now() for the room's clock, to send votes "after" a deadline. */
  clock: { offsetMs: number };
  /** Values returned by the face source's random source before it falls back to Math.random. */
  randomQueue: number[];
  close(): Promise<void>;
}

export interface TestGameOptions {
  config?: Partial<Config>;
  faceCount?: number;
  clientDistDir?: string;
  reconnectSeconds?: number;
}

/** pino levels by name, as they appear in the captured entries. */
export const LOG_LEVEL = { info: 30, warn: 40, error: 50 } as const;

/**
 * Starts the real game server on a free loopback port with a few generated face files, an empty
 * checkpoint folder (so both models are fresh), a temporary data folder and short phases.
 */
export async function startTestGame(options: TestGameOptions = {}): Promise<TestGame> {
  await selectBackend('wasm');
  const root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-game-'));
  const facesDir = path.join(root, 'faces');
  await writeFaceFiles(facesDir, options.faceCount ?? 6);

  const config: Config = {
    ...loadConfig({}),
    dataDir: path.join(root, 'data'),
    facesDir,
    checkpointDir: path.join(root, 'checkpoints'),
    votingMs: 1500,
    revealMs: 300,
    fakePoolSize: 3,
    logLevel: 'debug',
    ...options.config,
  };

  const logs: LogEntry[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line !== '') logs.push(JSON.parse(line) as LogEntry);
      }
      done();
    },
  });
  const clock = { offsetMs: 0 };
  const randomQueue: number[] = [];
  const game = await createGameServer(config, {
    logger: pino({ level: 'debug' }, destination),
    now: () => Date.now() + clock.offsetMs,
    random: () => randomQueue.shift() ?? Math.random(),
    clientDistDir: options.clientDistDir,
    reconnectSeconds: options.reconnectSeconds,
  });
  const port = await game.listen(await findFreePort(), '127.0.0.1');
  await game.fakePool.whenFull();

  return {
    game,
    colyseus: new ColyseusTestServer(game.gameServer),
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    logs,
    clock,
    randomQueue,
    async close() {
      await game.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Writes `count` distinct 64x64 PNG faces, made with sharp, into `dir`. */
export async function writeFaceFiles(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let index = 0; index < count; index++) {
    const pixels = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * (index + 3) + index * 37) % 256;
    await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toFile(path.join(dir, `face-${index}.png`));
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

export type GameClient = ClientRoom<GameRoom, GameState>;

/** Creates a game room on the server, without any client in it. */
export async function createGameRoom(
  test: TestGame,
  options: Record<string, unknown> = {},
): Promise<GameRoom> {
  return test.colyseus.createRoom<GameRoom>(GAME_ROOM, options);
}

/** Connects one client per name to `room`, in order. */
export async function joinAll(
  test: TestGame,
  room: ServerRoom,
  names: readonly string[],
): Promise<GameClient[]> {
  const clients: GameClient[] = [];
  for (const name of names) {
    const client = (await test.colyseus.connectTo(room, { name })) as unknown as GameClient;
    client.reconnection.enabled = false;
    clients.push(client);
  }
  return clients;
}

/** Resolves once the client's copy of the state reaches `phase`, or rejects after `timeoutMs`. */
export function waitForPhase(
  client: GameClient,
  phase: Phase,
  timeoutMs = 5000,
): Promise<GameState> {
  return waitForState(client, (state) => state.phase === phase, `phase ${phase}`, timeoutMs);
}

/** Resolves once `condition` holds for the client's copy of the state. */
export function waitForState(
  client: GameClient,
  condition: (state: GameState) => boolean,
  description: string,
  timeoutMs = 5000,
): Promise<GameState> {
  return new Promise((resolve, reject) => {
    if (condition(client.state)) {
      resolve(client.state);
      return;
    }
    const listener = (state: GameState): void => {
      if (!condition(state)) return;
      clearTimeout(timer);
      client.onStateChange.remove(listener);
      resolve(state);
    };
    const timer = setTimeout(() => {
      client.onStateChange.remove(listener);
      reject(new Error(`timed out waiting for ${description}; phase is ${client.state.phase}`));
    }, timeoutMs);
    client.onStateChange(listener);
  });
}

/** Leaves the room on purpose with every client. */
export async function leaveAll(clients: readonly GameClient[]): Promise<void> {
  await Promise.all(clients.map((client) => client.leave()));
}

export interface PlayerView {
  name: string;
  score: number;
  connected: boolean;
  hasVoted: boolean;
  vote: string;
  correct: boolean;
}

/** Returns the state's players as plain objects, by name. */
export function playersByName(state: GameState): Record<string, PlayerView> {
  const players: Record<string, PlayerView> = {};
  for (const player of state.players.values()) {
    players[player.name] = player.toJSON() as PlayerView;
  }
  return players;
}
