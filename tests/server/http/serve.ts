import type { AddressInfo } from 'node:net';

import express, { type Router } from 'express';

export interface RunningApp {
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `routers` from a bare Express app on a free loopback port. */
export async function serveRoutes(...routers: Router[]): Promise<RunningApp> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  for (const router of routers) app.use(router);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
