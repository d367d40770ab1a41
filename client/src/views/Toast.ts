import type Phaser from 'phaser';
import { COLORS, textStyle } from '../theme.ts';

const SHOW_MS = 2800;

/** A short message near the bottom of the screen that fades out by itself. */
export class Toast {
  readonly #scene: Phaser.Scene;
  readonly #background: Phaser.GameObjects.Rectangle;
  readonly #text: Phaser.GameObjects.Text;
  readonly #container: Phaser.GameObjects.Container;
  #hideTimer: Phaser.Time.TimerEvent | null = null;

  constructor(scene: Phaser.Scene) {
    this.#scene = scene;
    this.#background = scene.add.rectangle(0, 0, 1, 1, COLORS.danger, 0.95).setRounded(10);
    this.#text = scene.add.text(0, 0, '', textStyle(16, COLORS.background, 'bold')).setOrigin(0.5);
    this.#container = scene.add.container(0, 0, [this.#background, this.#text]);
    this.#container.setDepth(100).setVisible(false);
  }

  show(message: string, color: number = COLORS.danger): void {
    const { width, height } = this.#scene.scale;
    this.#text.setText(message).setWordWrapWidth(width - 80);
    this.#background.setFillStyle(color, 0.95);
    this.#background.setSize(this.#text.width + 32, this.#text.height + 18);
    this.#container
      .setPosition(width / 2, height - 44)
      .setAlpha(1)
      .setVisible(true);
    this.#scene.tweens.killTweensOf(this.#container);
    this.#hideTimer?.remove();
    this.#hideTimer = this.#scene.time.delayedCall(SHOW_MS, () => {
      this.#scene.tweens.add({
        targets: this.#container,
        alpha: 0,
        duration: 300,
        onComplete: () => this.#container.setVisible(false),
      });
    });
  }
}
