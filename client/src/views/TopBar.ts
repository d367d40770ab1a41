import type Phaser from 'phaser';
import type { GameSnapshot } from '../game/snapshot.ts';
import { COLORS, textStyle } from '../theme.ts';

/** The title, the round number, the private room code and the connection notice. */
export class TopBar {
  readonly #scene: Phaser.Scene;
  readonly #title: Phaser.GameObjects.Text;
  readonly #round: Phaser.GameObjects.Text;
  readonly #code: Phaser.GameObjects.Text;
  readonly #noticeBackground: Phaser.GameObjects.Rectangle;
  readonly #notice: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, onLeave: () => void) {
    this.#scene = scene;
    this.#title = scene.add.text(0, 0, 'REAL OR FAKE', textStyle(22, COLORS.text, 'bold'));
    this.#round = scene.add.text(0, 0, '', textStyle(16, COLORS.muted)).setOrigin(1, 0.5);
    this.#code = scene.add.text(0, 0, '', textStyle(16, COLORS.selected, 'bold'));
    this.#code.setOrigin(1, 0.5);
    const leave = scene.add.text(0, 0, 'Leave', textStyle(14, COLORS.muted)).setOrigin(1, 0.5);
    leave.setInteractive({ useHandCursor: true }).on('pointerdown', onLeave);
    leave.setName('leave');
    this.#noticeBackground = scene.add.rectangle(0, 0, 1, 1, COLORS.warning).setOrigin(0.5, 0);
    this.#notice = scene.add.text(0, 0, '', textStyle(15, COLORS.background, 'bold'));
    this.#notice.setOrigin(0.5, 0);
    this.#noticeBackground.setDepth(90).setVisible(false);
    this.#notice.setDepth(91).setVisible(false);
    this.layout(leave);
  }

  layout(leave?: Phaser.GameObjects.Text): void {
    const { width } = this.#scene.scale;
    const narrow = width < 600;
    this.#title.setPosition(narrow ? 20 : 48, 18).setFontSize(narrow ? 18 : 22);
    const right = width - (narrow ? 20 : 40);
    leave?.setPosition(right, 32);
    this.#round.setPosition(right - 56, narrow ? 42 : 32);
    this.#code.setPosition(right - 56, narrow ? 20 : 32);
    if (!narrow) {
      this.#code.setPosition(right - 160, 32);
    }
    this.#noticeBackground.setPosition(width / 2, 0).setSize(width, 30);
    this.#notice.setPosition(width / 2, 6);
  }

  /** Returns the room code text, empty for public rooms. */
  update(snapshot: GameSnapshot): string {
    this.#round.setText(snapshot.roundNumber > 0 ? `Round ${snapshot.roundNumber}` : '');
    const code = snapshot.roomCode === '' ? '' : `Room ${snapshot.roomCode}`;
    this.#code.setText(code);
    return code;
  }

  /** Show a connection notice across the top, or hide it with null. */
  setNotice(message: string | null): void {
    this.#noticeBackground.setVisible(message !== null);
    this.#notice.setVisible(message !== null).setText(message ?? '');
  }
}
