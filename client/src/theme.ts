import type { Label } from '@real-or-fake/shared';
import type Phaser from 'phaser';

/** System fonts only: the game downloads no web fonts. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';

/** Colours as 0xRRGGBB numbers for Phaser shapes; `css()` turns one into a CSS string. */
export const COLORS = {
  background: 0x0f1220,
  panel: 0x1a1f33,
  panelBorder: 0x2c3454,
  text: 0xe8ebf5,
  muted: 0x8a93b2,
  accent: 0x7c9cff,
  warning: 0xffb347,
  danger: 0xff5c7a,
  real: 0x3ecf8e,
  fake: 0xff5c7a,
  selected: 0xffd166,
} as const;

export const LABEL_COLORS: Record<Label, number> = { real: COLORS.real, fake: COLORS.fake };

export function css(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

/**
 * Text is rasterised at twice its size so it stays sharp when the FIT scale mode stretches the
 * canvas on large or high-density screens.
 */
export const TEXT_RESOLUTION = 2;

export function textStyle(
  sizePx: number,
  color: number = COLORS.text,
  weight: 'normal' | 'bold' = 'normal',
): Phaser.Types.GameObjects.Text.TextStyle {
  return {
    fontFamily: FONT_FAMILY,
    fontSize: `${sizePx}px`,
    fontStyle: weight === 'bold' ? 'bold' : '',
    color: css(color),
    resolution: TEXT_RESOLUTION,
  };
}
