import { existsSync } from 'node:fs';
import path from 'node:path';

import express, { Router } from 'express';

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Real or Fake: client not built</title></head>
<body>
<h1>The game client is not built</h1>
<p>The game server is running, but it found no client build to serve. Build it with</p>
<pre>npm run build --workspace client</pre>
<p>and reload this page.</p>
</body>
</html>
`;

/**
 * Serves the built client from `distDir`, with `index.html` for every other page request. While
 * `distDir/index.html` does not exist, page requests get a page that explains how to build it.
 */
export function createClientRoutes(distDir: string): Router {
  const router = Router();
  const indexFile = path.join(distDir, 'index.html');

  router.use(express.static(distDir, { index: 'index.html' }));
  router.use((request, response, next) => {
    if (request.method !== 'GET' || !request.accepts('html')) {
      next();
      return;
    }
    // Checked on every request, so a client built while the server runs is served at once.
    if (existsSync(indexFile)) {
      response.sendFile(indexFile);
      return;
    }
    response.status(503).type('html').send(MISSING_BUILD_PAGE);
  });
  return router;
}
