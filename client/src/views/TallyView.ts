import type Phaser from 'phaser';
import type { TallySnapshot } from '../game/snapshot.ts';
import type { Rect } from '../layout.ts';
import { COLORS, textStyle } from '../theme.ts';

const LABEL_WIDTH = 64;
const VALUE_WIDTH = 132;
const ROW_GAP = 26;

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`;
}

/** Summarise the players' hit rate against the AI's in one line, e.g. for the debug hook. */
export function describeTally(tally: TallySnapshot): string {
  const humans = percent(tally.humanCorrectVotes, tally.humanVotes);
  const ai = percent(tally.aiCorrectRounds, tally.rounds);
  return (
    `Humans ${humans} (${tally.humanCorrectVotes}/${tally.humanVotes} votes)` +
    ` vs AI ${ai} (${tally.aiCorrectRounds}/${tally.rounds} rounds)`
  );
}

/** Name the side with the better hit rate; there is none before the first voted reveal. */
function describeLeader(tally: TallySnapshot): string {
  if (tally.rounds === 0) {
    return 'Humans vs AI: no rounds yet';
  }
  if (tally.humanVotes === 0) {
    return 'Humans vs AI: no votes yet';
  }
  const humans = tally.humanCorrectVotes / tally.humanVotes;
  const ai = tally.aiCorrectRounds / tally.rounds;
  if (humans === ai) {
    return 'Humans vs AI: tied';
  }
  return humans > ai ? 'Humans are ahead of the AI' : 'The AI is ahead of the humans';
}

interface TallyRow {
  label: Phaser.GameObjects.Text;
  value: Phaser.GameObjects.Text;
  color: number;
}

/** The humans-versus-AI tally: the share of correct human votes and of rounds the AI got. */
export class TallyView {
  readonly #title: Phaser.GameObjects.Text;
  readonly #bars: Phaser.GameObjects.Graphics;
  readonly #rows: TallyRow[];
  #rect: Rect;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.#rect = rect;
    this.#title = scene.add.text(0, 0, '', textStyle(15, COLORS.selected, 'bold'));
    this.#bars = scene.add.graphics();
    this.#rows = [
      { label: 'Humans', color: COLORS.accent },
      { label: 'AI', color: COLORS.selected },
    ].map(({ label, color }) => ({
      label: scene.add.text(0, 0, label, textStyle(14, COLORS.text)).setOrigin(0, 0.5),
      value: scene.add.text(0, 0, '', textStyle(13, COLORS.muted)).setOrigin(1, 0.5),
      color,
    }));
    this.layout(rect);
  }

  layout(rect: Rect): void {
    this.#rect = rect;
    this.#title.setPosition(rect.x, rect.y);
    this.#rows.forEach((row, index) => {
      const y = rect.y + 34 + index * ROW_GAP;
      row.label.setPosition(rect.x, y);
      row.value.setPosition(rect.x + rect.width, y);
    });
  }

  /** Redraw from `tally`; returns its one-line summary. */
  update(tally: TallySnapshot): string {
    this.#title.setText(describeLeader(tally));
    const counts = [
      { right: tally.humanCorrectVotes, total: tally.humanVotes, unit: 'votes' },
      { right: tally.aiCorrectRounds, total: tally.rounds, unit: 'rounds' },
    ];
    const rect = this.#rect;
    const barX = rect.x + LABEL_WIDTH;
    const barWidth = rect.width - LABEL_WIDTH - VALUE_WIDTH;
    const bars = this.#bars.clear();
    this.#rows.forEach((row, index) => {
      const count = counts[index] ?? { right: 0, total: 0, unit: '' };
      const y = rect.y + 34 + index * ROW_GAP;
      const fraction = count.total === 0 ? 0 : count.right / count.total;
      bars.fillStyle(COLORS.background, 1).fillRoundedRect(barX, y - 5, barWidth, 10, 5);
      if (fraction > 0) {
        const width = Math.max(10, barWidth * fraction);
        bars.fillStyle(row.color, 1).fillRoundedRect(barX, y - 5, width, 10, 5);
      }
      row.value.setText(
        `${percent(count.right, count.total)}  ${count.right}/${count.total} ${count.unit}`,
      );
    });
    return describeTally(tally);
  }
}
