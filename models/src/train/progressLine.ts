import type { StepRecord } from './lossLog.ts';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '?';
  }
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${minutes}:${pad(rest)}`;
}

/**
 * Formats one progress line: overall and per-epoch position, losses, throughput and the time
 * left at the average step time `secondsPerStep`.
 */
export function formatProgress(
  record: StepRecord,
  totalSteps: number,
  stepsPerEpoch: number,
  epochs: number,
  secondsPerStep: number,
): string {
  const percent = ((100 * record.step) / totalSteps).toFixed(1);
  const inEpoch = record.step - record.epoch * stepsPerEpoch;
  const eta = formatDuration((totalSteps - record.step) * secondsPerStep);
  return (
    `step ${record.step}/${totalSteps} (${percent}%) epoch ${record.epoch + 1}/${epochs} ` +
    `[${inEpoch}/${stepsPerEpoch}] dLoss ${record.dLoss.toFixed(3)} ` +
    `gLoss ${record.gLoss.toFixed(3)} D(real) ${record.dRealAcc.toFixed(2)} ` +
    `D(fake) ${record.dFakeAcc.toFixed(2)} ${record.imagesPerSecond.toFixed(1)} img/s ETA ${eta}`
  );
}
