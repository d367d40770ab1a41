import Phaser from 'phaser';
import type { Label } from '@real-or-fake/shared';
import type { PlayerSnapshot, RevealSnapshot } from '../game/snapshot.ts';
import type { Rect } from '../layout.ts';
import { COLORS, LABEL_COLORS, css, textStyle } from '../theme.ts';

/** Texts the reveal shows, returned for the debug hook. */
export interface RevealTexts {
  aiScore: string;
  split: string;
  result: string;
}

const GAUGE_HEIGHT = 14;
/** Colour bands the gauge is drawn with; enough that the shading looks continuous. */
const GAUGE_STEPS = 40;

/** Blend two 0xRRGGBB colours: `t` = 0 gives `from`, 1 gives `to`. */
function mixColors(from: number, to: number, t: number): number {
  let mixed = 0;
  for (const shift of [16, 8, 0]) {
    const a = (from >> shift) & 0xff;
    const b = (to >> shift) & 0xff;
    mixed |= Math.round(a + (b - a) * t) << shift;
  }
  return mixed;
}

function upper(label: Label): string {
  return label.toUpperCase();
}

/**
 * The reveal panel: the AI's score on a gauge from 0 (fake) to 1 (real) with its verdict, the
 * players' vote split and whether this player was right.
 */
export class RevealView {
  readonly #container: Phaser.GameObjects.Container;
  readonly #aiLine: Phaser.GameObjects.Text;
  readonly #gauge: Phaser.GameObjects.Graphics;
  readonly #gaugeEnds: Phaser.GameObjects.Text[];
  readonly #splitLine: Phaser.GameObjects.Text;
  readonly #split: Phaser.GameObjects.Graphics;
  readonly #result: Phaser.GameObjects.Text;
  #rect: Rect;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.#rect = rect;
    this.#aiLine = scene.add.text(0, 0, '', textStyle(16, COLORS.text, 'bold'));
    this.#gauge = scene.add.graphics();
    this.#gaugeEnds = [
      scene.add.text(0, 0, 'FAKE 0', textStyle(12, COLORS.fake)),
      scene.add.text(0, 0, '1 REAL', textStyle(12, COLORS.real)).setOrigin(1, 0),
    ];
    this.#splitLine = scene.add.text(0, 0, '', textStyle(15, COLORS.text));
    this.#split = scene.add.graphics();
    this.#result = scene.add.text(0, 0, '', {
      ...textStyle(19, COLORS.text, 'bold'),
      align: 'center',
    });
    this.#result.setOrigin(0.5, 0);
    this.#container = scene.add.container(0, 0, [
      this.#aiLine,
      this.#gauge,
      ...this.#gaugeEnds,
      this.#splitLine,
      this.#split,
      this.#result,
    ]);
    this.layout(rect);
    this.setVisible(false);
  }

  layout(rect: Rect): void {
    this.#rect = rect;
    this.#container.setPosition(rect.x, rect.y);
    this.#aiLine.setPosition(0, 0);
    this.#gaugeEnds[0]?.setPosition(0, 46);
    this.#gaugeEnds[1]?.setPosition(rect.width, 46);
    this.#splitLine.setPosition(0, 70);
    this.#result.setPosition(rect.width / 2, 116).setWordWrapWidth(rect.width);
  }

  setVisible(visible: boolean): void {
    this.#container.setVisible(visible);
  }

  show(reveal: RevealSnapshot, me: PlayerSnapshot | undefined): RevealTexts {
    const aiRight = reveal.aiVerdict === reveal.truth;
    const score = reveal.aiScore.toFixed(2);
    const judgement = aiRight ? 'right' : 'wrong';
    const aiScore = `AI score ${score}: says ${upper(reveal.aiVerdict)}, ${judgement}`;
    this.#aiLine.setText(aiScore);
    this.#drawGauge(reveal.aiScore, LABEL_COLORS[reveal.aiVerdict]);

    const split = `Players: ${reveal.realVotes} real, ${reveal.fakeVotes} fake`;
    this.#splitLine.setText(split);
    this.#drawSplit(reveal.realVotes, reveal.fakeVotes);

    let result: string;
    let color: number;
    if (me?.vote == null) {
      result = 'You did not vote this round';
      color = COLORS.muted;
    } else if (me.correct) {
      // The server scores 2 instead of 1 for a correct vote on a face the AI got wrong.
      result = `You said ${upper(me.vote)}: correct${aiRight ? '!' : ', and you beat the AI!'}`;
      color = COLORS.real;
    } else {
      result = `You said ${upper(me.vote)}: fooled!`;
      color = COLORS.fake;
    }
    this.#result.setText(result).setColor(css(color));
    this.setVisible(true);
    return { aiScore, split, result };
  }

  #drawGauge(score: number, markerColor: number): void {
    const width = this.#rect.width;
    const top = 26;
    const gauge = this.#gauge.clear();
    // Red on the fake side shading into green on the real side, like the score itself, and
    // toned towards the panel colour so the white-ringed marker is easy to see.
    for (let step = 0; step < GAUGE_STEPS; step += 1) {
      const hue = mixColors(COLORS.fake, COLORS.real, step / (GAUGE_STEPS - 1));
      const x = Math.floor((width * step) / GAUGE_STEPS);
      const nextX = Math.floor((width * (step + 1)) / GAUGE_STEPS);
      gauge.fillStyle(mixColors(hue, COLORS.panel, 0.35), 1);
      gauge.fillRect(x, top, nextX - x, GAUGE_HEIGHT);
    }
    gauge.lineStyle(2, COLORS.text, 0.5).lineBetween(width / 2, top - 4, width / 2, top + 18);
    const x = Phaser.Math.Clamp(score, 0, 1) * width;
    gauge.fillStyle(markerColor, 1).lineStyle(3, COLORS.text, 1);
    gauge.fillCircle(x, top + GAUGE_HEIGHT / 2, 10).strokeCircle(x, top + GAUGE_HEIGHT / 2, 10);
  }

  #drawSplit(realVotes: number, fakeVotes: number): void {
    const width = this.#rect.width;
    const top = 94;
    const total = realVotes + fakeVotes;
    const split = this.#split.clear();
    split.fillStyle(COLORS.panel, 1).fillRoundedRect(0, top, width, 10, 5);
    if (total === 0) {
      return;
    }
    const realWidth = (width * realVotes) / total;
    split.fillStyle(COLORS.real, 1).fillRect(0, top, realWidth, 10);
    split.fillStyle(COLORS.fake, 1).fillRect(realWidth, top, width - realWidth, 10);
  }

  destroy(): void {
    this.#container.destroy();
  }
}
