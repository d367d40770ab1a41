import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@real-or-fake/models';
import { pino } from 'pino';
import { build } from 'vite';
import { createGameServer, type GameServer } from '../../server/src/app.ts';
import { loadConfig, type Config } from '../../server/src/config.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATASET_DIR = path.join(REPO_ROOT, '../shared/datasets/anime-faces/images');

export interface BrowserGame {
  game: GameServer;
  baseUrl: string;
  config: Config;
  close(): Promise<void>;
}

export interface BrowserGameOptions {
  config?: Partial<Config>;
  /** Real faces copied from the dataset into the temporary faces folder. */
  faceCount?: number;
  /** Rounds at the start that show real faces, before real and fake alternate. */
  realRoundsFirst?: number;
  /** Build and serve the client; tests that only use the bot can skip the build. */
  serveClient?: boolean;
}

/**
 * Create a random source for the face source, which draws once to choose real (a draw at or
 * above fakeRatio, 0.5 by default) or fake, and once more to pick a real face. It makes the
 * first rounds real, so tests and screenshots see an actual face, then alternates fake and real.
 */
function scriptedRandom(realRoundsFirst: number): () => number {
  const draws: number[] = [];
  for (let round = 0; round < realRoundsFirst; round += 1) {
    draws.push(0.99, (round * 0.37) % 1);
  }
  let next = 0;
  let fakeNext = true;
  return () => {
    const draw = draws[next];
    next += 1;
    if (draw !== undefined) {
      return draw;
    }
    // After the script: a fake round takes one draw, a real round two.
    draws.push(...(fakeNext ? [0.01] : [0.99, Math.random()]));
    fakeNext = !fakeNext;
    return draws[next - 1] ?? 0;
  };
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') {
          reject(new Error('the port probe got no TCP address'));
        } else {
          resolve(address.port);
        }
      });
    });
  });
}

/**
 * Build the client into `outDir`. A fresh build per run tests the current sources, where a
 * leftover client/dist could be stale, and leaves client/dist alone.
 */
export async function buildClient(outDir: string): Promise<void> {
  await build({
    configFile: path.join(REPO_ROOT, 'client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

async function copySomeFaces(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(DATASET_DIR)).filter((name) => name.endsWith('.jpg')).sort();
  for (const name of names.slice(0, count)) {
    await copyFile(path.join(DATASET_DIR, name), path.join(dir, name));
  }
}

/**
 * Start the real game server on a free loopback port, serving a fresh client build, with a few
 * dataset faces, fresh (untrained) models, a temporary data folder and short phases.
 */
export async function startBrowserGame(options: BrowserGameOptions = {}): Promise<BrowserGame> {
  await selectBackend('wasm');
  const root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-browser-'));
  const clientDistDir = path.join(root, 'dist');
  if (options.serveClient ?? true) {
    await buildClient(clientDistDir);
  }
  const facesDir = path.join(root, 'faces');
  await copySomeFaces(facesDir, options.faceCount ?? 8);

  const config: Config = {
    ...loadConfig({}),
    dataDir: path.join(root, 'data'),
    facesDir,
    checkpointDir: path.join(root, 'checkpoints'),
    votingMs: 5000,
    revealMs: 2500,
    fakePoolSize: 2,
    minPlayers: 1,
    logLevel: 'warn',
    ...options.config,
  };
  const game = await createGameServer(config, {
    logger: pino({ level: config.logLevel }, pino.destination(2)),
    clientDistDir,
    random: scriptedRandom(options.realRoundsFirst ?? 4),
  });
  const port = await game.listen(await findFreePort(), '127.0.0.1');
  await game.fakePool.whenFull();

  return {
    game,
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    async close() {
      await game.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
