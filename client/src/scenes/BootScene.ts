import Phaser from 'phaser';
import { publishDebug } from '../debugHook.ts';
import { GameConnection, type ConnectionContext } from '../net/GameConnection.ts';
import { COLORS, textStyle } from '../theme.ts';
import { SceneKey, type JoinSceneData } from './keys.ts';

/** Rejoins the seat this tab had before a refresh, or sends the player to the join screen. */
export class BootScene extends Phaser.Scene {
  readonly #context: ConnectionContext;

  constructor(context: ConnectionContext) {
    super(SceneKey.boot);
    this.#context = context;
  }

  create(): void {
    publishDebug({ scene: 'boot' });
    const { width, height } = this.scale;
    const hasSeat = this.#context.store.load() !== null;
    const text = hasSeat ? 'Rejoining your game…' : 'Loading…';
    this.add.text(width / 2, height / 2, text, textStyle(20, COLORS.muted)).setOrigin(0.5);
    if (!hasSeat) {
      this.scene.start(SceneKey.join);
      return;
    }
    void this.#resume();
  }

  async #resume(): Promise<void> {
    try {
      const connection = await GameConnection.resume(this.#context);
      if (connection !== null) {
        this.scene.start(SceneKey.game, { connection });
        return;
      }
      this.scene.start(SceneKey.join);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const data: JoinSceneData = { message: `Could not rejoin: ${message}` };
      this.scene.start(SceneKey.join, data);
    }
  }
}
