import { Router } from 'express';
import type { Logger } from 'pino';

import type { ModelVersions } from '../ai/modelService.ts';
import type { FakePoolStats } from '../rounds/fakePool.ts';

/** Body of `GET /healthz`. */
export interface HealthReport {
  status: 'ok';
  /** TensorFlow.js backend the models run on. */
  backend: string;
  models: ModelVersions;
  fakePool: FakePoolStats;
  roundsStored: number;
  /** Finished rounds that failed to reach the store and wait in memory for a retry. */
  roundsPending: number;
}

export interface HealthSources {
  backend: string;
  models: ModelVersions;
  fakePoolStats(): FakePoolStats;
  countRounds(): number;
  countPendingRounds(): number;
}

/** Serves `GET /healthz`: 200 with a `HealthReport`, or 503 when the round store fails. */
export function createHealthRoutes(sources: HealthSources, logger: Logger): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.set('Cache-Control', 'no-store');
    let roundsStored: number;
    try {
      roundsStored = sources.countRounds();
    } catch (error) {
      logger.error({ err: error }, 'health check failed to count the stored rounds');
      response.status(503).json({ status: 'error', message: 'The round store is unavailable' });
      return;
    }

    const report: HealthReport = {
      status: 'ok',
      backend: sources.backend,
      models: sources.models,
      fakePool: sources.fakePoolStats(),
      roundsStored,
      roundsPending: sources.countPendingRounds(),
    };
    response.json(report);
  });
  return router;
}
