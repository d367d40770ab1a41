import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_MAIN = path.join(REPO_ROOT, 'bench/main.ts');
const BENCHMARKS_DOC = path.join(REPO_ROOT, 'docs/BENCHMARKS.md');

interface BenchRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBench(args: string[], env: NodeJS.ProcessEnv = {}): Promise<BenchRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BENCH_MAIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
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

/**
 * Lists the leaf paths of a JSON value: `a.b` for object keys and `a[]` for the elements of an
 * array of objects. Arrays of plain values are leaves, and empty arrays add nothing.
 */
function leafPaths(value: unknown, prefix = '', paths = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => typeof item === 'object' && item !== null)) {
      value.forEach((item) => leafPaths(item, `${prefix}[]`, paths));
    } else if (value.length > 0) {
      paths.add(prefix);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      leafPaths(item, prefix === '' ? key : `${prefix}.${key}`, paths);
    }
  } else {
    paths.add(prefix);
  }
  return paths;
}

/** Expands `a.{b,c}.d` into `a.b.d` and `a.c.d`. */
function expandBraces(pattern: string): string[] {
  const match = /\{([^{}]+)\}/.exec(pattern);
  if (match === null) {
    return [pattern];
  }
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  return (match[1] ?? '')
    .split(',')
    .flatMap((choice) => expandBraces(`${before}${choice.trim()}${after}`));
}

/** Reads the field paths in the first column of the tables under "## JSON fields". */
async function documentedPaths(): Promise<Set<string>> {
  const text = await readFile(BENCHMARKS_DOC, 'utf8');
  const section = text.split(/^## JSON fields$/m)[1]?.split(/^## /m)[0] ?? '';
  const paths = new Set<string>();
  for (const line of section.split('\n')) {
    const cell = /^\|\s*`([^`]+)`/.exec(line)?.[1];
    if (cell !== undefined) {
      expandBraces(cell).forEach((entry) => paths.add(entry));
    }
  }
  return paths;
}

interface Target {
  id: string;
  comparison: string;
  ratio: number | null;
  pass: boolean | null;
}

interface Report {
  machine: { loadAverageStart: number[]; loadAverageEnd: number[] };
  backends: { backend: string; status: string; training: { status: string; reason: string } }[];
  serving: { status: string; reason: string | null };
  targets: Target[];
}

describe('bench --json --quick', () => {
  let run: BenchRun;
  let output: unknown;
  let report: Report;

  beforeAll(async () => {
    run = await runBench(['--json', '--quick']);
    output = JSON.parse(run.stdout);
    report = output as Report;
  }, 240_000);

  it('exits 0', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  it('documents every field it prints', async () => {
    const documented = await documentedPaths();
    const undocumented = [...leafPaths(output)].filter((entry) => !documented.has(entry));

    expect(undocumented).toEqual([]);
  });

  it('prints every documented field', async () => {
    const printed = leafPaths(output);
    const missing = [...(await documentedPaths())].filter((entry) => !printed.has(entry));

    expect(missing).toEqual([]);
  });

  it('measures the serving thread', () => {
    expect(report.serving.reason).toBeNull();
    expect(report.serving.status).toBe('measured');
  });

  it('skips training on cpu with a reason', () => {
    const cpu = report.backends.find((backend) => backend.backend === 'cpu');

    expect(cpu?.training.status).toBe('skipped');
    expect(cpu?.training.reason).toMatch(/cpu backend/);
  });

  it('checks the five targets', () => {
    expect(report.targets.map((target) => target.id)).toEqual([
      'discriminatorGflopsBatch16',
      'generatorGflopsBatch16',
      'ganStepImagesPerSecond',
      'discriminatorBatch1SlowdownWithTraining',
      'nextFakeImageP99WithTraining',
    ]);
  });

  it('passes a target by its ratio', () => {
    for (const target of report.targets) {
      const ratio = target.ratio ?? Number.NaN;
      const expected =
        target.comparison === '>='
          ? ratio >= 1
          : target.comparison === '<='
            ? ratio <= 1
            : ratio < 1;

      expect(target.pass, target.id).toBe(expected);
    }
  });

  it('records the load average at start and end', () => {
    expect(report.machine.loadAverageStart).toHaveLength(3);
    expect(report.machine.loadAverageEnd).toHaveLength(3);
  });
});

describe('bench arguments', () => {
  it('rejects an unknown option with usage', async () => {
    const result = await runBench(['--fast']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--fast'/);
    expect(result.stderr).toMatch(/Usage: npm run -s bench/);
  });

  it('rejects an unknown backend by name', async () => {
    const result = await runBench(['--backends', 'wasm,tpu']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--backends .* got 'wasm,tpu'/);
  });

  it('rejects an invalid setting by name', async () => {
    const result = await runBench(['--quick'], { FAKE_POOL_SIZE: '0' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAKE_POOL_SIZE="0": expected an integer from 1 to 256/);
    expect(result.stdout).toBe('');
  });

  it('prints usage for --help', async () => {
    const result = await runBench(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--quick/);
  });
});
