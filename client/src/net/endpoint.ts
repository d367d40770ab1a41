/**
 * Path prefix under which the Vite dev server proxies the game server (see vite.config.ts).
 * The production build talks to the page's own origin, where the game server serves the client.
 */
export const DEV_PROXY_PREFIX = '/colyseus';

/**
 * Game server URL for the Colyseus client: the page's own origin, plus `prefix` (the dev
 * proxy's, or empty in a production build).
 */
export function gameServerUrl(location: Location, prefix: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${prefix}`;
}
