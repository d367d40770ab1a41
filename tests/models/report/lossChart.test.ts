import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import {
  parseLossLines,
  renderLossChartPng,
  renderLossChartSvg,
} from '../../../models/src/report/lossChart.ts';

const LINES = Array.from({ length: 30 }, (_, index) =>
  JSON.stringify({ step: index + 1, epoch: 0, dLoss: 1 - index / 60, gLoss: 2 + index / 30 }),
).join('\n');

describe('parseLossLines', () => {
  it('reads every record and skips blank lines', () => {
    const points = parseLossLines(`${LINES}\n\n`);
    expect(points).toHaveLength(30);
    expect(points[0]).toEqual({ step: 1, dLoss: 1, gLoss: 2 });
  });

  it('names the line that is not JSON', () => {
    expect(() => parseLossLines(`${LINES}\n{"step": 31,`)).toThrow(/line 31 is not valid JSON/);
  });

  it('names the line that lacks a loss', () => {
    expect(() => parseLossLines('{"step": 1, "dLoss": 0.5}')).toThrow(/line 1 lacks/);
  });
});

describe('renderLossChart', () => {
  it('draws one polyline per loss', () => {
    const svg = renderLossChartSvg(parseLossLines(LINES), { smoothingSteps: 5 });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('generator loss');
  });

  it('rejects an empty run', () => {
    expect(() => renderLossChartSvg([])).toThrow(/no loss records/);
  });

  it('renders a PNG of the requested size', async () => {
    const png = await renderLossChartPng(parseLossLines(LINES), { width: 400, height: 200 });
    const metadata = await sharp(png).metadata();
    expect(metadata.format).toBe('png');
    expect(metadata.width).toBe(400);
    expect(metadata.height).toBe(200);
  });
});
