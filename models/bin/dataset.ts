/**
 * Downloads a public anime face dataset and prepares it for the game's face loader:
 *   npm run dataset -- --dest data/faces [--source NAME|URL|PATH] [--sha256 HEX] [--force]
 */
import { parseArgs } from 'node:util';
import {
  createProgressReporter,
  DEFAULT_SOURCE_NAME,
  formatBytes,
  isDatasetError,
  NAMED_SOURCES,
  prepareDataset,
  resolveSource,
} from '../src/dataset/index.ts';

const DEFAULT_DEST = 'data/faces';

function usage(): string {
  const sources = NAMED_SOURCES.map(
    (source) =>
      `  ${source.name.padEnd(24)} about ${source.approxFaces?.toLocaleString('en-US')} faces\n` +
      `  ${''.padEnd(24)} ${source.description}`,
  ).join('\n');
  return `Usage: npm run dataset -- [options]

Downloads an anime face archive, checks its SHA-256, and extracts its JPEG and PNG files
into DIR/images, with a record of what was prepared in DIR/dataset.json. An interrupted
download resumes on the next run; a run on a prepared folder does nothing.

Options:
  --dest DIR         Folder to prepare (default: ${DEFAULT_DEST}, where the server looks).
  --source VALUE     A source name below, an http(s) URL, or the path of an archive
                     already downloaded (default: DATASET_URL, else ${DEFAULT_SOURCE_NAME}).
  --sha256 HEX       Expected SHA-256 of the archive; a different file is an error.
  --force            Download and extract again, replacing DIR/images when done.
  --retries N        Further attempts after a dropped connection or a 5xx response (default 3).
  --timeout SECONDS  Longest wait for the server to send anything (default 30).
  -h, --help         Show this text.

Sources:
${sources}

Environment:
  DATASET_URL        Source used when --source is not given.
  KAGGLE_USERNAME, KAGGLE_KEY
                     Kaggle API token, needed by the kaggle-* sources.
`;
}

class UsageError extends Error {}

function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new UsageError(`Invalid --${name} "${value}": expected a number of 0 or more.`);
  }
  return number;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        dest: { type: 'string' },
        source: { type: 'string' },
        sha256: { type: 'string' },
        force: { type: 'boolean', default: false },
        retries: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}\nRun with --help for the options.`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage());
    return 0;
  }

  try {
    const retries = Math.floor(parseCount('retries', args.retries, 3));
    const timeoutMs = parseCount('timeout', args.timeout, 30) * 1000;
    if (timeoutMs === 0) throw new UsageError('Invalid --timeout "0": expected more than 0.');
    const dest = args.dest ?? DEFAULT_DEST;
    const source = resolveSource(args.source);

    const result = await prepareDataset({
      dest,
      source,
      sha256: args.sha256 ?? null,
      force: args.force,
      retries,
      timeoutMs,
      progress: createProgressReporter({ stream: process.stderr, label: 'download' }),
      log: (message) => console.error(message),
    });

    const { manifest } = result;
    if (result.status === 'alreadyPrepared') {
      console.log(
        `${dest} already contains ${manifest.imageCount} images from ${manifest.source} ` +
          `(prepared ${manifest.preparedAt}); nothing to do. Pass --force to prepare it again.`,
      );
    } else {
      console.log(
        `Prepared ${manifest.imageCount} images in ${dest}/images from ${manifest.source} ` +
          `(${formatBytes(manifest.archiveBytes)} ${manifest.format}, SHA-256 ` +
          `${manifest.sha256}${result.verified ? ', verified' : ''}).`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\nRun with --help for the options.`);
      return 2;
    }
    if (isDatasetError(error)) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
