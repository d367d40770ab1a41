/** Scene keys; each scene class is registered under its own name. */
export const SceneKey = {
  boot: 'BootScene',
  join: 'JoinScene',
  game: 'GameScene',
} as const;

/** Data the join scene accepts: a message to show, e.g. why the last game ended. */
export interface JoinSceneData {
  message?: string;
}
