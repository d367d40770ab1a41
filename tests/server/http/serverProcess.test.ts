import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeFaceFiles } from '../rooms/harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'server/src/main.ts');

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-main-'));
  await writeFaceFiles(path.join(root, 'faces'), 4);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface RunningServer {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function startMain(env: Record<string, string>): RunningServer {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      FACES_DIR: path.join(root, 'faces'),
      DATA_DIR: path.join(root, 'data'),
      CHECKPOINT_DIR: path.join(root, 'no-checkpoints'),
      TF_BACKEND: 'wasm',
      FAKE_POOL_SIZE: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString().split('\n')));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout, stderr, exited };
}

/** Resolves to the first JSON log line from `server` whose message is `msg`. */
async function waitForLog(server: RunningServer, msg: string, timeoutMs = 30_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    for (const line of server.stdout) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg) return entry;
    }
    if (server.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "${msg}" log line; stderr: ${server.stderr.join('')}`);
}

describe('server process', () => {
  it('serves and shuts down on SIGTERM', async () => {
    const server = startMain({});
    const listening = await waitForLog(server, 'game server listening');
    const response = await fetch(`http://127.0.0.1:${String(listening.port)}/healthz`);
    expect(response.status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await waitForLog(server, 'game server closed', 1000);
  });

  it('names a corrupt checkpoint file', async () => {
    const checkpoints = path.join(root, 'corrupt-checkpoints');
    const card = path.join(checkpoints, 'generator', 'card.json');
    await mkdir(path.dirname(card), { recursive: true });
    await writeFile(card, '{ not json');

    const server = startMain({ CHECKPOINT_DIR: checkpoints });
    expect(await server.exited).toBe(1);
    expect(server.stderr.join('')).toContain(card);
  });

  it('names an invalid setting', async () => {
    const server = startMain({ VOTING_MS: 'soon' });
    expect(await server.exited).toBe(1);
    expect(server.stderr.join('')).toContain('VOTING_MS="soon"');
  });
});
