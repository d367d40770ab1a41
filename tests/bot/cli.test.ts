import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOT_MAIN = path.join(REPO_ROOT, 'client/bot/main.ts');

interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBot(args: string[]): Promise<BotRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BOT_MAIN, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

/** Find a loopback port that nothing listens on, by binding one and releasing it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('bot command line', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];

  afterEach(async () => {
    sockets.forEach((socket) => socket.destroy());
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    servers.length = 0;
  });

  it('exits 2 with usage on invalid arguments', async () => {
    const run = await runBot(['--url', 'ws://127.0.0.1:1', '--rounds', 'many']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bot: --rounds must be a whole number, got "many"');
    expect(run.stderr).toContain('usage: npm run bot');
    expect(run.stdout).toBe('');
  });

  it('prints usage and exits 0 on --help', async () => {
    const run = await runBot(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--strategy S');
  });

  it('exits 1 when the connection is refused', async () => {
    const port = await closedPort();
    const url = `ws://127.0.0.1:${port}`;

    const run = await runBot(['--url', url, '--rounds', '1', '--timeout-ms', '5000']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bot: cannot connect to ${url}: connection refused`);
    expect(run.stdout).toBe('');
  });

  it('exits 1 when the server never answers', async () => {
    // Accepts TCP connections and then sends nothing, like a hung server.
    const server = createServer((socket) => sockets.push(socket));
    servers.push(server);
    const url = `ws://127.0.0.1:${await listen(server)}`;

    const run = await runBot(['--url', url, '--rounds', '1', '--timeout-ms', '500']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bot: cannot connect to ${url}: timed out after 500 ms`);
    expect(run.stdout).toBe('');
  });
});
