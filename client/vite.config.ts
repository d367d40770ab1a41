import { defineConfig } from 'vite';
import { DEV_PROXY_PREFIX } from './src/net/endpoint.ts';

/** Game server the dev server forwards to; the production build is served by it directly. */
const target = process.env.GAME_SERVER_URL ?? 'http://127.0.0.1:2567';

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  define: {
    // Decided by the command rather than NODE_ENV, which test runners set to "test" for builds.
    'import.meta.env.VITE_SERVER_PREFIX': JSON.stringify(
      command === 'serve' ? DEV_PROXY_PREFIX : '',
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Phaser alone is about 1.2 MB minified; one chunk is simpler to cache than a split.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      // The dev client puts this prefix before every game server path, so matchmaking
      // (/matchmake/...), room lookups (/rooms/...) and room websockets (/<processId>/<roomId>)
      // all take one route.
      [DEV_PROXY_PREFIX]: {
        target,
        ws: true,
        rewrite: (path) => path.slice(DEV_PROXY_PREFIX.length),
      },
      '/faces': target,
    },
  },
}));
