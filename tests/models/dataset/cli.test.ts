import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, makeFaceImages } from './helpers/archives.ts';
import { FileServer } from './helpers/fileServer.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const TSX_CLI = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [TSX_CLI, 'models/bin/dataset.ts', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATASET_URL: '', ...env } },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
  });
}

let server: FileServer;
let root: string;

beforeAll(async () => {
  server = await FileServer.start();
  server.files.set('/faces.zip', { body: buildZip(await makeFaceImages(3)), etag: '"1"' });
  root = await mkdtemp(join(tmpdir(), 'dataset-cli-'));
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('dataset command', () => {
  it('lists the sources in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('anime-face-dataset       about 63,632 faces');
    expect(run.stdout).toContain('kaggle-anime-faces       about 21,551 faces');
  });

  it('prepares a folder from DATASET_URL, then does nothing', async () => {
    const dest = join(root, 'faces');
    const first = await runCli(['--dest', dest], { DATASET_URL: server.url('/faces.zip') });
    expect(first.stderr).toContain('download  100%');
    expect(first.stdout).toContain(`Prepared 3 images in ${dest}/images`);
    expect(first.code).toBe(0);

    const second = await runCli(['--dest', dest, '--source', server.url('/faces.zip')]);
    expect(second.stdout).toContain('nothing to do');
    expect(second.code).toBe(0);
  });

  it('exits 1 with the message for an invalid digest', async () => {
    const source = server.url('/faces.zip');
    const run = await runCli(['--dest', join(root, 'bad'), '--source', source, '--sha256', 'abc']);
    expect(run.stderr).toContain('Invalid --sha256 "abc"');
    expect(run.code).toBe(1);
  });

  it('exits 2 for an unknown option', async () => {
    const run = await runCli(['--destination', root]);
    expect(run.stderr).toContain('--help');
    expect(run.code).toBe(2);
  });
});
