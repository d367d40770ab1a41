import { BackendError, CheckpointError, selectBackend } from '@real-or-fake/models';

import { ModelService } from './ai/modelService.ts';
import { createGameServer, type GameServer } from './app.ts';
import { loadConfig } from './config.ts';
import { ServerError } from './errors.ts';
import { loadFaceFolder } from './faces/loadFaces.ts';
import { createLogger, type Logger } from './logger.ts';

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { pretty: config.logPretty });

  const backend = await selectBackend(config.tfBackend, (message, fields) =>
    logger.info(fields, message),
  );
  const models = await ModelService.load(config.checkpointDir, logger);
  const { faces } = await loadFaceFolder(config.facesDir, logger);

  const server = await createGameServer(config, { logger, models, faces, backend });
  handleSignals(server, models, logger);
  await server.listen(config.port, config.host);
}

function handleSignals(server: GameServer, models: ModelService, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing writes and closing the round store');

    const timeout = setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timeout.unref();

    server
      .close()
      .then(() => {
        models.dispose();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Formats a startup failure: the message alone for expected ones, the stack otherwise. */
function describeFailure(error: unknown): string {
  if (error instanceof CheckpointError && !error.message.includes(error.file)) {
    return `${error.message} (file: ${error.file})`;
  }
  if (
    error instanceof ServerError ||
    error instanceof CheckpointError ||
    error instanceof BackendError
  ) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`real-or-fake server failed to start: ${describeFailure(error)}\n`);
  process.exitCode = 1;
});
