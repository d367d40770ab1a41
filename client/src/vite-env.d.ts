interface ImportMetaEnv {
  /** Set by vite.config.ts: the dev proxy's path prefix under `vite`, empty in a build. */
  readonly VITE_SERVER_PREFIX: string;
}
