import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createClientRoutes } from '../../../server/src/http/clientRoutes.ts';
import { serveRoutes, type RunningApp } from './serve.ts';

let root: string;
let built: RunningApp;
let missing: RunningApp;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'real-or-fake-client-'));
  const dist = path.join(root, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>game</title>');
  await writeFile(path.join(dist, 'assets', 'main.js'), 'console.log("game")');
  built = await serveRoutes(createClientRoutes(dist));
  missing = await serveRoutes(createClientRoutes(path.join(root, 'absent')));
});

afterAll(async () => {
  await built?.close();
  await missing?.close();
  await rm(root, { recursive: true, force: true });
});

describe('createClientRoutes', () => {
  it('serves index.html at the root', async () => {
    const response = await fetch(`${built.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>game</title>');
  });

  it('serves built assets', async () => {
    const response = await fetch(`${built.baseUrl}/assets/main.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('console.log("game")');
  });

  it('falls back to index.html for pages', async () => {
    const response = await fetch(`${built.baseUrl}/room/ABCDE`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>game</title>');
  });

  it('leaves missing non-page files to 404', async () => {
    const response = await fetch(`${built.baseUrl}/assets/missing.js`, {
      headers: { accept: 'application/javascript' },
    });
    expect(response.status).toBe(404);
  });

  it('explains how to build a missing client', async () => {
    const response = await fetch(`${missing.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build --workspace client');
  });
});
