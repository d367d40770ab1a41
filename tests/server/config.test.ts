import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig, REPO_ROOT } from '../../server/src/config.ts';

function expectConfigError(env: Record<string, string>, rootDir?: string): ConfigError {
  try {
    loadConfig(env, { rootDir });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'config-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('returns the defaults for an empty environment', () => {
    const config = loadConfig({}, { rootDir: root });

    expect(config.port).toBe(2567);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(path.join(root, 'data'));
    expect(config.checkpointDir).toBe(path.join(root, 'models/checkpoints'));
    expect(config.tfBackend).toBe('auto');
    expect(config.votingMs).toBe(10_000);
    expect(config.revealMs).toBe(5000);
    expect(config.fakeRatio).toBe(0.5);
    expect(config.fakePoolSize).toBe(16);
    expect(config.jpegQuality).toBe(90);
    expect(config.holdoutSeed).toBe('real-or-fake');
    expect(config.logLevel).toBe('info');
    expect(config.logPretty).toBe(false);
    expect(config.minPlayers).toBe(1);
  });

  it('parses every variable', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: '/srv/game',
        FACES_DIR: '/srv/faces',
        CHECKPOINT_DIR: '/srv/checkpoints',
        TF_BACKEND: 'wasm',
        VOTING_MS: '120000',
        REVEAL_MS: '500',
        FAKE_RATIO: '0.25',
        FAKE_POOL_SIZE: '256',
        JPEG_QUALITY: '50',
        HOLDOUT_SEED: 'other seed',
        LOG_LEVEL: 'debug',
        LOG_PRETTY: 'true',
        MIN_PLAYERS: '16',
      },
      { rootDir: root },
    );

    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/srv/game',
      facesDir: '/srv/faces',
      checkpointDir: '/srv/checkpoints',
      tfBackend: 'wasm',
      votingMs: 120_000,
      revealMs: 500,
      fakeRatio: 0.25,
      fakePoolSize: 256,
      jpegQuality: 50,
      holdoutSeed: 'other seed',
      logLevel: 'debug',
      logPretty: true,
      minPlayers: 16,
    });
  });

  it('resolves relative paths against the root', () => {
    const config = loadConfig(
      { DATA_DIR: './state', FACES_DIR: 'faces/../pictures' },
      { rootDir: root },
    );

    expect(config.dataDir).toBe(path.join(root, 'state'));
    expect(config.facesDir).toBe(path.join(root, 'pictures'));
  });

  it('defaults the root to the repository', () => {
    const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

    expect(packageJson.name).toBe('real-or-fake');
    expect(loadConfig({}).dataDir).toBe(path.join(REPO_ROOT, 'data'));
  });

  it('treats blank variables as unset', () => {
    const config = loadConfig({ PORT: '', HOST: '  ', LOG_LEVEL: '' }, { rootDir: root });

    expect(config.port).toBe(2567);
    expect(config.host).toBe('0.0.0.0');
    expect(config.logLevel).toBe('info');
  });

  it('prefers data/faces for FACES_DIR when it exists', () => {
    const repo = path.join(root, 'repo');
    mkdirSync(path.join(repo, 'data/faces'), { recursive: true });
    mkdirSync(path.join(root, 'shared/datasets/anime-faces/images'), { recursive: true });

    expect(loadConfig({}, { rootDir: repo }).facesDir).toBe(path.join(repo, 'data/faces'));
  });

  it('falls back to the shared dataset for FACES_DIR', () => {
    const repo = path.join(root, 'repo');
    const dataset = path.join(root, 'shared/datasets/anime-faces/images');
    mkdirSync(repo);
    mkdirSync(dataset, { recursive: true });

    expect(loadConfig({}, { rootDir: repo }).facesDir).toBe(dataset);
  });

  it('names data/faces for FACES_DIR when no candidate exists', () => {
    expect(existsSync(path.join(root, 'data/faces'))).toBe(false);
    expect(loadConfig({}, { rootDir: root }).facesDir).toBe(path.join(root, 'data/faces'));
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', 'abc'],
    ['PORT', '80.5'],
    ['VOTING_MS', '999'],
    ['VOTING_MS', '120001'],
    ['REVEAL_MS', '499'],
    ['REVEAL_MS', '60001'],
    ['FAKE_RATIO', '-0.1'],
    ['FAKE_RATIO', '1.1'],
    ['FAKE_RATIO', 'half'],
    ['FAKE_POOL_SIZE', '0'],
    ['FAKE_POOL_SIZE', '257'],
    ['JPEG_QUALITY', '49'],
    ['JPEG_QUALITY', '101'],
    ['MIN_PLAYERS', '0'],
    ['MIN_PLAYERS', '65'],
    ['TF_BACKEND', 'gpu'],
    ['LOG_LEVEL', 'verbose'],
    ['LOG_PRETTY', 'yes'],
  ])('rejects %s=%s', (variable, value) => {
    const error = expectConfigError({ [variable]: value }, root);

    expect(error.code).toBe('invalidConfig');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.variable).toBe(variable);
    expect(error.issues[0]?.value).toBe(value);
    expect(error.message).toContain(`${variable}="${value}"`);
  });

  it('lists every invalid variable with its accepted range', () => {
    const error = expectConfigError({ PORT: '70000', FAKE_RATIO: '2', TF_BACKEND: 'gpu' }, root);

    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'PORT',
      'TF_BACKEND',
      'FAKE_RATIO',
    ]);
    expect(error.message).toContain('PORT="70000": expected an integer from 0 to 65535');
    expect(error.message).toContain('FAKE_RATIO="2": expected a number from 0 to 1');
    expect(error.message).toContain(
      'TF_BACKEND="gpu": expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu',
    );
  });
});

describe('describeSettings', () => {
  it('documents every variable loadConfig reads', () => {
    const names = describeSettings().map((setting) => setting.name);

    expect(names).toEqual([
      'PORT',
      'HOST',
      'DATA_DIR',
      'FACES_DIR',
      'CHECKPOINT_DIR',
      'TF_BACKEND',
      'VOTING_MS',
      'REVEAL_MS',
      'FAKE_RATIO',
      'FAKE_POOL_SIZE',
      'JPEG_QUALITY',
      'HOLDOUT_SEED',
      'LOG_LEVEL',
      'LOG_PRETTY',
      'MIN_PLAYERS',
    ]);
  });

  it('gives each variable a default, a range and a description', () => {
    for (const setting of describeSettings()) {
      expect(setting.defaultValue, setting.name).not.toBe('');
      expect(setting.accepted, setting.name).not.toBe('');
      expect(setting.description, setting.name).not.toBe('');
    }
  });

  it('matches the defaults loadConfig applies', () => {
    const config = loadConfig({});
    const defaults = new Map(describeSettings().map((s) => [s.name, s.defaultValue]));

    expect(String(config.port)).toBe(defaults.get('PORT'));
    expect(String(config.votingMs)).toBe(defaults.get('VOTING_MS'));
    expect(String(config.jpegQuality)).toBe(defaults.get('JPEG_QUALITY'));
    expect(config.tfBackend).toBe(defaults.get('TF_BACKEND'));
  });
});
