import { parseArgs } from 'node:util';

import type { ActiveBackend } from '@real-or-fake/models';

export const BENCH_USAGE = `Usage: npm run -s bench -- [--json] [--quick] [--backends LIST]

  --json            print one JSON object (fields in docs/BENCHMARKS.md) instead of tables
  --quick           a few calls per measurement, about 30 s; the numbers are rough
  --backends LIST   comma-separated backends to measure, from tensorflow-gpu, tensorflow,
                    wasm and cpu (default: all four; missing ones are reported unavailable)
  --no-serving      skip the fake pool and round latency measurements with a training worker
  --help            print this help
`;

export const ALL_BACKENDS: readonly ActiveBackend[] = [
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
];

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  backends: ActiveBackend[];
  serving: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}

/** Parses the command line; unknown options and bad values raise a UsageError. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        backends: { type: 'string' },
        'no-serving': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    json: values.json,
    quick: values.quick,
    backends: values.backends === undefined ? [...ALL_BACKENDS] : parseBackends(values.backends),
    serving: !values['no-serving'],
    help: values.help,
  };
}

function parseBackends(text: string): ActiveBackend[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(ALL_BACKENDS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--backends must be a comma-separated list of ${ALL_BACKENDS.join(', ')}; got '${text}'`,
    );
  }
  return [...new Set(names)] as ActiveBackend[];
}
