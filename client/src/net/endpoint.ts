/**
 * Path prefix under which the Vite dev server proxies the game server (see vite.config.ts).
 * The production build talks to the page's own origin, where the game server serves the client.
 */
export const DEV_PROXY_PREFIX = '/colyseus';

/** Game server URL for the Colyseus client, derived from the page's own location. */
export function gameServerUrl(location: Location, dev: boolean): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${dev ? DEV_PROXY_PREFIX : ''}`;
}
