import sharp from 'sharp';

/** One line of a training run's losses.jsonl, as far as the chart reads it. */
export interface LossPoint {
  step: number;
  dLoss: number;
  gLoss: number;
}

export interface LossChartOptions {
  width?: number;
  height?: number;
  /** Steps averaged into each plotted point, so per-batch noise doesn't hide the trend. */
  smoothingSteps?: number;
}

const SERIES = [
  { key: 'dLoss', label: 'discriminator loss', color: '#e0607e' },
  { key: 'gLoss', label: 'generator loss', color: '#7aa2ff' },
] as const;

/** Parses losses.jsonl text. A line that is not a loss record throws an error with its number. */
export function parseLossLines(text: string): LossPoint[] {
  const points: LossPoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new Error(`losses line ${index + 1} is not valid JSON: ${line.slice(0, 80)}`);
    }
    const { step, dLoss, gLoss } = record as Partial<LossPoint>;
    if (![step, dLoss, gLoss].every((value) => typeof value === 'number' && isFinite(value))) {
      throw new Error(`losses line ${index + 1} lacks a finite step, dLoss or gLoss`);
    }
    points.push({ step: step!, dLoss: dLoss!, gLoss: gLoss! });
  });
  return points;
}

/** Averages consecutive runs of `size` points. */
function smooth(points: readonly LossPoint[], size: number): LossPoint[] {
  const out: LossPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const chunk = points.slice(start, start + size);
    const mean = (key: 'dLoss' | 'gLoss') =>
      chunk.reduce((sum, point) => sum + point[key], 0) / chunk.length;
    out.push({ step: chunk[chunk.length - 1]!.step, dLoss: mean('dLoss'), gLoss: mean('gLoss') });
  }
  return out;
}

/** Draws both losses against the training step as an SVG document. */
export function renderLossChartSvg(points: readonly LossPoint[], options: LossChartOptions = {}) {
  const width = options.width ?? 800;
  const height = options.height ?? 360;
  if (points.length === 0) throw new Error('no loss records to chart');

  const data = smooth(points, options.smoothingSteps ?? 10);
  const margin = { left: 56, right: 20, top: 36, bottom: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const firstStep = data[0]!.step;
  const lastStep = Math.max(data[data.length - 1]!.step, firstStep + 1);
  const maxLoss = Math.max(...data.flatMap((point) => [point.dLoss, point.gLoss])) * 1.05;
  const x = (step: number) =>
    margin.left + ((step - firstStep) / (lastStep - firstStep)) * plotWidth;
  const y = (loss: number) => margin.top + plotHeight - (loss / maxLoss) * plotHeight;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const loss = maxLoss * fraction;
    const stepValue = Math.round(firstStep + (lastStep - firstStep) * fraction);
    return (
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(loss)}" y2="${y(loss)}" ` +
      `stroke="#2a3050"/>` +
      `<text x="${margin.left - 8}" y="${y(loss) + 4}" text-anchor="end">${loss.toFixed(1)}</text>` +
      `<text x="${x(stepValue)}" y="${height - margin.bottom + 18}" text-anchor="middle">` +
      `${stepValue}</text>`
    );
  });
  const lines = SERIES.map((series, index) => {
    const path = data.map(
      (point) => `${x(point.step).toFixed(1)},${y(point[series.key]).toFixed(1)}`,
    );
    const legendX = margin.left + 12 + index * 200;
    return (
      `<polyline fill="none" stroke="${series.color}" stroke-width="2" points="${path.join(' ')}"/>` +
      `<rect x="${legendX}" y="12" width="14" height="4" fill="${series.color}"/>` +
      `<text x="${legendX + 20}" y="18">${series.label}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `font-family="sans-serif" font-size="12" fill="#c8cde0">` +
    `<rect width="100%" height="100%" fill="#141828"/>${ticks.join('')}${lines.join('')}` +
    `<text x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">` +
    `training step (batch 32)</text></svg>`
  );
}

/** Renders the chart to PNG bytes. */
export async function renderLossChartPng(
  points: readonly LossPoint[],
  options: LossChartOptions = {},
): Promise<Buffer> {
  return sharp(Buffer.from(renderLossChartSvg(points, options)))
    .png()
    .toBuffer();
}
