import { defineConfig } from 'vite';

/** Game server the dev server forwards to; the production build is served by it directly. */
const target = process.env.GAME_SERVER_URL ?? 'http://127.0.0.1:2567';

export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phaser alone is about 1.2 MB minified; one chunk is simpler to cache than a split.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      // The client adds this prefix in development (src/net/endpoint.ts), so matchmaking
      // requests (/matchmake/...) and room websockets (/<processId>/<roomId>) share one route.
      '/colyseus': {
        target,
        ws: true,
        rewrite: (path) => path.replace(/^\/colyseus/, ''),
      },
      '/faces': target,
    },
  },
});
