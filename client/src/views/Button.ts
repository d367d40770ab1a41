import Phaser from 'phaser';
import { COLORS, css, textStyle } from '../theme.ts';

export interface ButtonOptions {
  label: string;
  /** Small hint under the label, e.g. the keyboard shortcut. */
  hint?: string;
  width: number;
  height: number;
  color: number;
  onPress: () => void;
}

/**
 * A rounded button that reacts to mouse, touch and pen alike through pointer events. It acts
 * on pointer down rather than click, so a vote lands as early as possible on touch screens.
 */
export class Button extends Phaser.GameObjects.Container {
  readonly #background: Phaser.GameObjects.Rectangle;
  readonly #label: Phaser.GameObjects.Text;
  readonly #hint: Phaser.GameObjects.Text | null = null;
  readonly #color: number;
  #selected = false;
  #enabled = true;
  #hovered = false;

  constructor(scene: Phaser.Scene, x: number, y: number, options: ButtonOptions) {
    super(scene, x, y);
    this.#color = options.color;
    this.#background = scene.add
      .rectangle(0, 0, options.width, options.height, COLORS.panel)
      .setRounded(12)
      .setInteractive({ useHandCursor: true });
    this.#label = scene.add.text(0, options.hint === undefined ? 0 : -8, options.label, {
      ...textStyle(24, COLORS.text, 'bold'),
    });
    this.#label.setOrigin(0.5);
    this.add([this.#background, this.#label]);
    if (options.hint !== undefined) {
      this.#hint = scene.add.text(0, 16, options.hint, textStyle(12, COLORS.muted)).setOrigin(0.5);
      this.add(this.#hint);
    }

    this.#background.on('pointerdown', () => {
      if (this.#enabled) {
        options.onPress();
      }
    });
    this.#background.on('pointerover', () => this.#setHovered(true));
    this.#background.on('pointerout', () => this.#setHovered(false));
    scene.add.existing(this);
    this.#redraw();
  }

  setSelected(selected: boolean): this {
    this.#selected = selected;
    this.#redraw();
    return this;
  }

  setEnabled(enabled: boolean): this {
    this.#enabled = enabled;
    this.#redraw();
    return this;
  }

  #setHovered(hovered: boolean): void {
    this.#hovered = hovered;
    this.#redraw();
  }

  #redraw(): void {
    const active = this.#enabled && (this.#selected || this.#hovered);
    this.#background.setFillStyle(this.#selected ? this.#color : COLORS.panel, 1);
    this.#background.setStrokeStyle(
      this.#selected ? 4 : 2,
      this.#selected ? COLORS.selected : this.#color,
      active ? 1 : 0.7,
    );
    this.#label.setColor(css(this.#selected ? COLORS.background : this.#color));
    this.#hint?.setColor(css(this.#selected ? COLORS.background : COLORS.muted));
    this.setAlpha(this.#enabled ? 1 : 0.45);
  }
}
