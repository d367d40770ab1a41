import Phaser from 'phaser';
import type { Rect } from '../layout.ts';
import { COLORS, textStyle } from '../theme.ts';

/** Seconds left at which the bar turns to the warning colour. */
const WARNING_MS = 3000;

/** Width kept at the right end of the bar's rectangle for the seconds label. */
const LABEL_WIDTH = 44;

/** A bar that empties as the phase deadline nears, with the seconds left beside it. */
export class CountdownBar {
  readonly #track: Phaser.GameObjects.Rectangle;
  readonly #fill: Phaser.GameObjects.Rectangle;
  readonly #label: Phaser.GameObjects.Text;
  #rect: Rect;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.#rect = rect;
    this.#track = scene.add.rectangle(0, 0, 1, 1, COLORS.panel).setOrigin(0);
    this.#fill = scene.add.rectangle(0, 0, 1, 1, COLORS.accent).setOrigin(0);
    this.#label = scene.add.text(0, 0, '', textStyle(14, COLORS.muted)).setOrigin(1, 0.5);
    this.layout(rect);
  }

  layout(rect: Rect): void {
    this.#rect = rect;
    const barWidth = rect.width - LABEL_WIDTH;
    this.#track.setPosition(rect.x, rect.y).setSize(barWidth, rect.height);
    this.#fill.setPosition(rect.x, rect.y).setSize(barWidth, rect.height);
    this.#label.setPosition(rect.x + rect.width, rect.y + rect.height / 2);
  }

  /** Draw `remainingMs` of `totalMs` left; hides the bar when there is no deadline. */
  update(remainingMs: number, totalMs: number): string {
    const visible = totalMs > 0;
    this.#track.setVisible(visible);
    this.#fill.setVisible(visible);
    this.#label.setVisible(visible);
    if (!visible) {
      return '';
    }
    const fraction = Phaser.Math.Clamp(remainingMs / totalMs, 0, 1);
    const barWidth = this.#rect.width - LABEL_WIDTH;
    this.#fill.setSize(Math.max(1, barWidth * fraction), this.#rect.height);
    this.#fill.setFillStyle(remainingMs <= WARNING_MS ? COLORS.warning : COLORS.accent);
    const text = `${Math.ceil(remainingMs / 1000)}s`;
    this.#label.setText(text);
    return text;
  }
}
