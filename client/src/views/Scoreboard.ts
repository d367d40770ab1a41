import type Phaser from 'phaser';
import type { GameSnapshot, PlayerSnapshot } from '../game/snapshot.ts';
import type { Rect } from '../layout.ts';
import { COLORS, textStyle } from '../theme.ts';
import { TallyView } from './TallyView.ts';

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 40;
const TALLY_HEIGHT = 96;

function voteMark(player: PlayerSnapshot, snapshot: GameSnapshot): { text: string; color: number } {
  if (snapshot.phase === 'voting') {
    return player.hasVoted
      ? { text: 'voted', color: COLORS.accent }
      : { text: '…', color: COLORS.muted };
  }
  if (snapshot.phase === 'reveal' && player.vote !== null) {
    return player.correct
      ? { text: `✓ ${player.vote}`, color: COLORS.real }
      : { text: `✗ ${player.vote}`, color: COLORS.fake };
  }
  return { text: '', color: COLORS.muted };
}

/** Set `text` to `name + suffix`, shortening the name with an ellipsis until it fits. */
function fitText(
  text: Phaser.GameObjects.Text,
  name: string,
  suffix: string,
  maxWidth: number,
): void {
  text.setText(name + suffix);
  for (let length = name.length - 1; text.width > maxWidth && length > 1; length -= 1) {
    text.setText(`${name.slice(0, length)}…${suffix}`);
  }
}

/**
 * Players sorted by score with their connection and vote status, plus the humans-versus-AI
 * tally. When the list is longer than the board, the local player still gets a row.
 */
export class Scoreboard {
  readonly #scene: Phaser.Scene;
  readonly #background: Phaser.GameObjects.Rectangle;
  readonly #title: Phaser.GameObjects.Text;
  readonly #rows: Phaser.GameObjects.Container;
  readonly #tally: TallyView;
  readonly #divider: Phaser.GameObjects.Rectangle;
  #rect: Rect;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.#scene = scene;
    this.#rect = rect;
    this.#background = scene.add.rectangle(0, 0, 1, 1, COLORS.panel).setOrigin(0).setRounded(14);
    this.#title = scene.add.text(0, 0, 'Players', textStyle(18, COLORS.text, 'bold'));
    this.#rows = scene.add.container(0, 0);
    this.#tally = new TallyView(scene, this.#tallyRect(rect));
    this.#divider = scene.add.rectangle(0, 0, 1, 1, COLORS.panelBorder).setOrigin(0);
    this.layout(rect);
  }

  layout(rect: Rect): void {
    this.#rect = rect;
    this.#background.setPosition(rect.x, rect.y).setSize(rect.width, rect.height);
    this.#background.setStrokeStyle(1, COLORS.panelBorder);
    this.#title.setPosition(rect.x + 16, rect.y + 12);
    this.#rows.setPosition(rect.x + 16, rect.y + HEADER_HEIGHT);
    this.#tally.layout(this.#tallyRect(rect));
    const dividerY = rect.y + rect.height - TALLY_HEIGHT;
    this.#divider.setPosition(rect.x + 16, dividerY).setSize(rect.width - 32, 1);
  }

  #tallyRect(rect: Rect): Rect {
    const top = rect.y + rect.height - TALLY_HEIGHT;
    return { x: rect.x + 16, y: top + 10, width: rect.width - 32, height: TALLY_HEIGHT - 20 };
  }

  /** Redraw from `snapshot`; returns the tally's one-line summary. */
  update(snapshot: GameSnapshot, mySessionId: string): string {
    const capacity = Math.max(
      1,
      Math.floor((this.#rect.height - HEADER_HEIGHT - TALLY_HEIGHT) / ROW_HEIGHT),
    );
    let shown = snapshot.players.slice(0, capacity);
    const me = snapshot.players.find((player) => player.sessionId === mySessionId);
    if (me !== undefined && !shown.includes(me)) {
      shown = [...shown.slice(0, capacity - 1), me];
    }
    const online = snapshot.players.filter((player) => player.connected).length;
    this.#title.setText(`Players (${online} online)`);

    this.#rows.removeAll(true);
    shown.forEach((player, index) => this.#addRow(player, snapshot, mySessionId, index));

    return this.#tally.update(snapshot.tally);
  }

  #addRow(player: PlayerSnapshot, snapshot: GameSnapshot, mySessionId: string, index: number) {
    const scene = this.#scene;
    const width = this.#rect.width - 32;
    const y = index * ROW_HEIGHT + ROW_HEIGHT / 2;
    const isMe = player.sessionId === mySessionId;
    const dot = scene.add.circle(6, y, 5, player.connected ? COLORS.real : COLORS.muted);
    const nameColor = player.connected ? COLORS.text : COLORS.muted;
    const suffix = `${isMe ? ' (you)' : ''}${player.connected ? '' : ' · offline'}`;
    const name = scene.add.text(20, y, '', textStyle(16, nameColor, isMe ? 'bold' : 'normal'));
    name.setOrigin(0, 0.5);
    // The vote mark column starts 56 px left of the score and is up to about 70 px wide.
    fitText(name, player.name, suffix, width - 56 - 70 - 20 - 8);
    const mark = voteMark(player, snapshot);
    const markText = scene.add.text(width - 56, y, mark.text, textStyle(14, mark.color));
    markText.setOrigin(1, 0.5);
    const score = scene.add.text(
      width,
      y,
      String(player.score),
      textStyle(18, COLORS.text, 'bold'),
    );
    score.setOrigin(1, 0.5);
    this.#rows.add([dot, name, markText, score]);
  }
}
