/**
 * Trains the DCGAN on a folder of faces in a worker thread.
 *
 *   npm run train -- --data DIR [--epochs N] [--resume] [--seed S] [--run-dir DIR]
 *     [--batch-size N] [--checkpoint-minutes M] [--backend NAME]
 *
 * Writes <run-dir>/losses.jsonl, <run-dir>/epochs.jsonl, <run-dir>/samples/epoch-NNN.png and
 * <run-dir>/checkpoint/. Ctrl-C checkpoints after the current step and exits.
 */
import { parseArgs } from 'node:util';

import { formatProgress } from '../src/train/progressLine.ts';
import { parseTrainArgs, TRAIN_USAGE, UsageError } from '../src/train/trainArgs.ts';
import { startTrainingWorker } from '../src/train/trainingWorker.ts';

/** Runs node:util parseArgs, turning its errors (unknown option, no value) into usage errors. */
function parseCommandLine(
  config: Parameters<typeof parseArgs>[0] & {},
): ReturnType<typeof parseArgs> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<void> {
  const { values } = parseCommandLine({
    options: {
      data: { type: 'string' },
      epochs: { type: 'string' },
      resume: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'run-dir': { type: 'string' },
      'batch-size': { type: 'string' },
      'checkpoint-minutes': { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(TRAIN_USAGE);
    return;
  }
  const options = parseTrainArgs(values);
  const interactive = process.stderr.isTTY === true;
  const startedAt = performance.now();
  let firstStep: number | null = null;

  const worker = startTrainingWorker(options, (event) => {
    switch (event.type) {
      case 'log':
        process.stderr.write(
          `${interactive ? '\n' : ''}${event.message} ${JSON.stringify(event.fields)}\n`,
        );
        break;
      case 'step': {
        firstStep ??= event.record.step - 1;
        const done = event.record.step - firstStep;
        const secondsPerStep = (performance.now() - startedAt) / 1000 / done;
        const line = formatProgress(
          event.record,
          event.totalSteps,
          event.stepsPerEpoch,
          options.epochs,
          secondsPerStep,
        );
        if (interactive) {
          process.stderr.write(`\r${line}\u001b[K`);
        } else if (event.record.step % 20 === 0) {
          process.stderr.write(`${line}\n`);
        }
        break;
      }
      case 'epoch':
        process.stderr.write(
          `${interactive ? '\n' : ''}epoch ${event.epoch + 1} done: ${event.samplePath} ` +
            `held-out ${JSON.stringify(event.heldOut)}\n`,
        );
        break;
      case 'checkpoint':
        process.stderr.write(
          `${interactive ? '\n' : ''}checkpoint at step ${event.step}: ${event.path}\n`,
        );
        break;
      case 'finished':
        process.stdout.write(
          `${interactive ? '\n' : ''}${event.stopped ? 'stopped' : 'finished'} ` +
            `at step ${event.step}\n`,
        );
        break;
    }
  });
  let firstInterrupt: number | null = null;
  process.on('SIGINT', () => {
    // npm and tsx both forward a terminal's Ctrl-C, so one press can arrive twice at once.
    if (firstInterrupt !== null && performance.now() - firstInterrupt > 1000) {
      process.exit(130);
    }
    if (firstInterrupt !== null) {
      return;
    }
    firstInterrupt = performance.now();
    process.stderr.write('\nstopping after this step (Ctrl-C again to quit without saving)\n');
    worker.stop();
  });
  process.on('SIGTERM', () => worker.stop());
  await worker.done;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`train: ${error.message}\n\n${TRAIN_USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`\ntrain: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
