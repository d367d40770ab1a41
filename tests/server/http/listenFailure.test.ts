import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writeFaceFiles } from '../rooms/harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'server/src/main.ts');

let root: string;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-listen-'));
  await writeFaceFiles(path.join(root, 'faces'), 2);
  busy = createServer();
  busyPort = await new Promise<number>((resolve) => {
    busy.listen(0, '127.0.0.1', () => {
      const address = busy.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(root, { recursive: true, force: true });
});

/** Runs the server process until it exits, killing it after `timeoutMs`. */
function runMain(env: Record<string, string>, timeoutMs = 30_000) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      FACES_DIR: path.join(root, 'faces'),
      DATA_DIR: path.join(root, 'data'),
      CHECKPOINT_DIR: path.join(root, 'no-checkpoints'),
      TF_BACKEND: 'wasm',
      FAKE_POOL_SIZE: '1',
      LOG_LEVEL: 'fatal',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('server process listen failure', () => {
  it('exits 1 when the port is in use', async () => {
    const { code, stderr } = await runMain({ PORT: String(busyPort) });
    expect(code).toBe(1);
    expect(stderr).toContain(`Failed to listen on 127.0.0.1 port ${busyPort}`);
    expect(stderr).toContain('EADDRINUSE');
    expect(stderr).toContain('Set PORT');
  });

  it('exits 1 when the host is not an address', async () => {
    const { code, stderr } = await runMain({ PORT: '0', HOST: '999.1.1.1' });
    expect(code).toBe(1);
    expect(stderr).toContain('Failed to listen on 999.1.1.1');
    expect(stderr).toContain('HOST');
  });
});
