import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { Server } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { GAME_ROOM } from '@real-or-fake/shared';
import * as tf from '@tensorflow/tfjs';
import type { Application, ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

import { ModelService, type FaceModels } from './ai/modelService.ts';
import { createColyseusLogger } from './colyseusLogger.ts';
import type { Config } from './config.ts';
import type { RealFace } from './faces/face.ts';
import { splitHoldout } from './faces/holdout.ts';
import { loadFaceFolder } from './faces/loadFaces.ts';
import { createClientRoutes } from './http/clientRoutes.ts';
import { createFaceRoutes } from './http/faceRoutes.ts';
import { createHealthRoutes } from './http/healthRoutes.ts';
import { createRoomRoutes } from './http/roomRoutes.ts';
import { ServerError } from './errors.ts';
import { createLogger } from './logger.ts';
import { defineGameRoom } from './rooms/GameRoom.ts';
import { FaceImageStore } from './rounds/faceImageStore.ts';
import { FakePool } from './rounds/fakePool.ts';
import { FaceSource, type RandomSource } from './rounds/faceSource.ts';
import { RoundStore, roundStorePath } from './storage/roundStore.ts';
import { RoundWriter } from './storage/roundWriter.ts';

/**
 * How long a round write waits for another process's database lock. The write blocks the event
 * loop of every room while it waits, and a round that fails is kept and written later.
 */
const ROUND_WRITE_BUSY_TIMEOUT_MS = 250;

/** Output folder of `npm run build --workspace client`. */
export const CLIENT_DIST_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** Parts that `createGameServer` builds from the config unless a caller passes them in. */
export interface GameServerDeps {
  logger?: Logger;
  /** The models; when passed in, the caller keeps ownership and disposes them. */
  models?: FaceModels;
  /** All real faces; the server keeps only their play split. */
  faces?: readonly RealFace[];
  /** The round store; when passed in, the caller keeps ownership and closes it. */
  store?: RoundStore;
  /** Name of the active TensorFlow.js backend, for the health route. */
  backend?: string;
  clientDistDir?: string;
  /** Server clock in ms since the Unix epoch. */
  now?: () => number;
  random?: RandomSource;
  /** Seconds a dropped player's seat stays reserved for reconnection. */
  reconnectSeconds?: number;
}

export interface GameServer {
  readonly gameServer: Server;
  readonly fakePool: FakePool;
  readonly store: RoundStore;
  readonly logger: Logger;
  /** Binds the HTTP and WebSocket server and resolves to the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Disconnects every room, stops the fake pool and closes what the server opened. */
  close(): Promise<void>;
}

/**
 * Builds the game server: Express routes and the Colyseus WebSocket transport on one HTTP
 * server, the game room, the fake pool and the round store.
 *
 * NOTE: Colyseus keeps one matchmaker per process and `close()` shuts it down for good, so a
 * process can run one game server. Tests get one per test file, which vitest isolates.
 */
export async function createGameServer(
  config: Config,
  deps: GameServerDeps = {},
): Promise<GameServer> {
  const logger = deps.logger ?? createLogger(config.logLevel, { pretty: config.logPretty });
  const ownedModels = deps.models === undefined;
  const models = deps.models ?? (await ModelService.load(config.checkpointDir, logger));
  const faces = deps.faces ?? (await loadFaceFolder(config.facesDir, logger)).faces;
  const { play, holdout } = splitHoldout(faces, config.holdoutSeed);
  logger.info({ play: play.length, holdout: holdout.length }, 'real faces split for play');

  const store =
    deps.store ??
    new RoundStore(roundStorePath(config.dataDir), { busyTimeoutMs: ROUND_WRITE_BUSY_TIMEOUT_MS });
  const writer = new RoundWriter(store, logger.child({ component: 'roundWriter' }));
  const fakePool = new FakePool({
    capacity: config.fakePoolSize,
    models,
    jpegQuality: config.jpegQuality,
    logger: logger.child({ component: 'fakePool' }),
  });
  const faceSource = new FaceSource({
    playFaces: play,
    fakes: fakePool,
    models,
    fakeRatio: config.fakeRatio,
    jpegQuality: config.jpegQuality,
    logger: logger.child({ component: 'faceSource' }),
    random: deps.random,
  });
  const images = new FaceImageStore();
  const backend = deps.backend ?? tf.getBackend();

  const mountRoutes = (app: Application): void => {
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use(createFaceRoutes(images));
    app.use(createRoomRoutes());
    app.use(
      createHealthRoutes(
        {
          backend,
          models: models.versions,
          fakePoolStats: () => fakePool.stats(),
          countRounds: () => store.countRounds(),
          countPendingRounds: () => writer.pendingCount,
        },
        logger,
      ),
    );
    app.use(createClientRoutes(deps.clientDistDir ?? CLIENT_DIST_DIR));
    app.use(handleRouteError(logger));
  };

  const gameServer = new Server({
    transport: new WebSocketTransport(),
    express: mountRoutes,
    logger: createColyseusLogger(logger.child({ component: 'colyseus' })),
    greet: false,
    // main.ts owns the signal handlers, so that shutdown also closes the store.
    gracefullyShutdown: false,
  });
  gameServer.define(
    GAME_ROOM,
    defineGameRoom({
      logger,
      faces: faceSource,
      images,
      recorder: writer,
      settings: {
        votingMs: config.votingMs,
        revealMs: config.revealMs,
        minPlayers: config.minPlayers,
      },
      now: deps.now ?? Date.now,
      reconnectSeconds: deps.reconnectSeconds,
    }),
  );
  fakePool.start();

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await gameServer.gracefullyShutdown(false);
    await fakePool.stop();
    const unsaved = writer.flush();
    if (unsaved > 0)
      logger.error({ unsaved }, `lost ${unsaved} finished rounds that the store failed to write`);
    if (deps.store === undefined) store.close();
    if (ownedModels && models instanceof ModelService) models.dispose();
    logger.info('game server closed');
  };

  return {
    gameServer,
    fakePool,
    store,
    logger,
    async listen(port, host) {
      try {
        await bindServer(gameServer, port, host);
      } catch (error) {
        // The matchmaker and the fake pool would keep a server that failed to bind alive.
        closed ??= close();
        await closed;
        throw error;
      }
      const address = gameServer.transport.server?.address() as AddressInfo | null | undefined;
      const boundPort = address?.port ?? port;
      logger.info({ port: boundPort, host: host ?? null, backend }, 'game server listening');
      return boundPort;
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}

/**
 * Binds the game server's port. Colyseus 0.18's `listen` only logs a failed bind (a port in use,
 * or a host that is not an address of this machine) and never settles. So this function turns
 * the HTTP server's error into a rejection.
 */
async function bindServer(gameServer: Server, port: number, host?: string): Promise<void> {
  const httpServer = gameServer.transport.server;
  if (httpServer === undefined) {
    await gameServer.listen(port, host);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      const address = `${host ?? 'all addresses'} port ${port}`;
      reject(
        new ServerError(
          'listenFailed',
          `Failed to listen on ${address}: ${error.message}. ` +
            'Set PORT to a free port (0 picks one) and HOST to an address of this machine.',
          { cause: error },
        ),
      );
    };
    httpServer.once('error', onError);
    gameServer.listen(port, host).then(
      () => {
        httpServer.off('error', onError);
        resolve();
      },
      (error: unknown) => {
        httpServer.off('error', onError);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function handleRouteError(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ status, method: request.method, url: request.url, reason }, 'bad HTTP request');
      if (!response.headersSent) {
        response.status(status).json({ status: 'error', message: `Bad request: ${reason}` });
      }
      return;
    }
    logger.error({ err: error, method: request.method, url: request.url }, 'HTTP route failed');
    if (response.headersSent) {
      next(error);
      return;
    }
    response.status(500).json({ status: 'error', message: 'Internal server error' });
  };
}

/**
 * Returns the 4xx status that Express and its router attach to errors caused by the request, such
 * as a path parameter with invalid percent-encoding, or undefined for a server fault.
 */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const { status } = error;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
