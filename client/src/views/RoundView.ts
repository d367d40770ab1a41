import type Phaser from 'phaser';
import type { Label } from '@real-or-fake/shared';
import type { Rect } from '../layout.ts';
import { COLORS, css, textStyle } from '../theme.ts';
import { Button } from './Button.ts';

const BUTTON_WIDTH = 150;
const BUTTON_HEIGHT = 68;

/** The voting controls: Real and Fake buttons and a line on the player's current vote. */
export class RoundView {
  readonly #real: Button;
  readonly #fake: Button;
  readonly #status: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, rect: Rect, onVote: (choice: Label) => void) {
    this.#real = new Button(scene, 0, 0, {
      label: 'REAL',
      hint: 'R or ←',
      width: BUTTON_WIDTH,
      height: BUTTON_HEIGHT,
      color: COLORS.real,
      onPress: () => onVote('real'),
    });
    this.#fake = new Button(scene, 0, 0, {
      label: 'FAKE',
      hint: 'F or →',
      width: BUTTON_WIDTH,
      height: BUTTON_HEIGHT,
      color: COLORS.fake,
      onPress: () => onVote('fake'),
    });
    this.#status = scene.add.text(0, 0, '', {
      ...textStyle(15, COLORS.muted),
      align: 'center',
    });
    this.#status.setOrigin(0.5, 0);
    this.layout(rect);
  }

  layout(rect: Rect): void {
    const gap = rect.width - 2 * BUTTON_WIDTH;
    const y = rect.y + BUTTON_HEIGHT / 2;
    this.#real.setPosition(rect.x + BUTTON_WIDTH / 2, y);
    this.#fake.setPosition(rect.x + BUTTON_WIDTH * 1.5 + gap, y);
    this.#status.setPosition(rect.x + rect.width / 2, rect.y + BUTTON_HEIGHT + 18);
    this.#status.setWordWrapWidth(rect.width);
  }

  setVisible(visible: boolean): void {
    this.#real.setVisible(visible);
    this.#fake.setVisible(visible);
    this.#status.setVisible(visible);
  }

  /**
   * Highlight `choice`, the vote the player last made this round; `confirmed` is whether the
   * server has accepted it yet. Returns the status line shown.
   */
  showVote(choice: Label | null, confirmed: boolean): string {
    this.#real.setSelected(choice === 'real');
    this.#fake.setSelected(choice === 'fake');
    let status: string;
    if (choice === null) {
      status = 'Real face or generated? Vote before time runs out.';
    } else if (confirmed) {
      status = `You voted ${choice.toUpperCase()}. You can change it until time runs out.`;
    } else {
      status = `Sending your ${choice.toUpperCase()} vote…`;
    }
    this.#status.setText(status).setColor(css(choice === null ? COLORS.muted : COLORS.text));
    return status;
  }
}
