import type Phaser from 'phaser';
import type { GameSnapshot } from '../game/snapshot.ts';
import { COLORS, textStyle } from '../theme.ts';

/** The title, the round number, the private room code and the connection notice. */
export class TopBar {
  readonly #scene: Phaser.Scene;
  readonly #title: Phaser.GameObjects.Text;
  readonly #round: Phaser.GameObjects.Text;
  readonly #code: Phaser.GameObjects.Text;
  readonly #leave: Phaser.GameObjects.Text;
  readonly #noticeBackground: Phaser.GameObjects.Rectangle;
  readonly #notice: Phaser.GameObjects.Text;

  constructor(scene: Phaser.Scene, onLeave: () => void) {
    this.#scene = scene;
    this.#title = scene.add.text(0, 0, 'REAL OR FAKE', textStyle(22, COLORS.text, 'bold'));
    this.#title.setOrigin(0, 0.5);
    this.#leave = scene.add.text(0, 0, 'Leave', textStyle(14, COLORS.muted)).setOrigin(1, 0.5);
    this.#leave.setInteractive({ useHandCursor: true }).on('pointerdown', onLeave);
    this.#round = scene.add.text(0, 0, '', textStyle(16, COLORS.muted)).setOrigin(1, 0.5);
    this.#code = scene.add.text(0, 0, '', textStyle(16, COLORS.selected, 'bold'));
    this.#noticeBackground = scene.add.rectangle(0, 0, 1, 1, COLORS.warning).setOrigin(0.5, 0);
    this.#notice = scene.add.text(0, 0, '', textStyle(15, COLORS.background, 'bold'));
    this.#notice.setOrigin(0.5, 0);
    this.#noticeBackground.setDepth(90).setVisible(false);
    this.#notice.setDepth(91).setVisible(false);
    this.#arrange();
  }

  /** Returns the room code text, empty for public rooms. */
  update(snapshot: GameSnapshot): string {
    this.#round.setText(snapshot.roundNumber > 0 ? `Round ${snapshot.roundNumber}` : '');
    const code = snapshot.roomCode === '' ? '' : `Room ${snapshot.roomCode}`;
    this.#code.setText(code);
    this.#arrange();
    return code;
  }

  /**
   * Place the title on the left and Leave, the round and the room code from the right. On a
   * narrow screen the room code moves to a second line so nothing overlaps.
   */
  #arrange(): void {
    const { width } = this.#scene.scale;
    const narrow = width < 600;
    const margin = narrow ? 20 : 48;
    const y = narrow ? 24 : 32;
    this.#title.setPosition(margin, y).setFontSize(narrow ? 18 : 22);
    this.#leave.setPosition(width - margin, y);
    const roundRight = this.#leave.x - this.#leave.width - 20;
    this.#round.setPosition(roundRight, y);
    if (narrow) {
      this.#code.setOrigin(0, 0.5).setPosition(margin, 48).setFontSize(14);
    } else {
      const roundWidth = this.#round.text === '' ? 0 : this.#round.width + 20;
      this.#code.setOrigin(1, 0.5).setPosition(roundRight - roundWidth, y);
    }
    this.#noticeBackground.setPosition(width / 2, 0).setSize(width, 30);
    this.#notice.setPosition(width / 2, 6);
  }

  /** Show a connection notice across the top, or hide it with null. */
  setNotice(message: string | null): void {
    this.#noticeBackground.setVisible(message !== null);
    this.#notice.setVisible(message !== null).setText(message ?? '');
  }
}
