import type { DistanceSummary } from './copyCheck.ts';
import type { CheckpointQuality } from './runQuality.ts';

/** Identity of an evaluated checkpoint, as read from its card. */
export interface EvaluatedCheckpoint {
  dir: string;
  version: string;
  /** GAN steps trained, from the card's `step` (training) or `steps` (published) field. */
  step: number | null;
  /** Epochs trained, from the card's `epoch` or `epochs` field. */
  epoch: number | null;
}

/** Formats a quality report as the summary `npm run evaluate` prints without --json. */
export function formatQualityReport(
  checkpoints: { generator: EvaluatedCheckpoint; discriminator: EvaluatedCheckpoint },
  report: CheckpointQuality,
): string {
  const { featureNetwork: network, heldOut, frechet, copies } = report;
  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  const lines = [
    `generator       ${describeCheckpoint(checkpoints.generator)}`,
    `discriminator   ${describeCheckpoint(checkpoints.discriminator)}`,
    `faces           ${report.faces.train} training, ${report.faces.heldOut} held-out, ` +
      `${report.faces.fakes} fakes from ${report.dataDir}` +
      (report.skippedFaces > 0 ? ` (${report.skippedFaces} unreadable files skipped)` : ''),
    `feature layer   ${network.source} ${network.model} ${network.layer}, ` +
      `${network.dimension} values at ${network.inputSize}x${network.inputSize}`,
    `held-out        real faces scored real ${percent(heldOut.realAccuracy)}, fakes scored ` +
      `fake ${percent(heldOut.fakeAccuracy)}, mean score real ${heldOut.meanRealScore.toFixed(3)} ` +
      `fake ${heldOut.meanFakeScore.toFixed(3)}`,
    `Fréchet         fakes to held-out ${frechet.fakesToHeldOut.toFixed(2)}, training faces to ` +
      `held-out ${frechet.trainToHeldOut.toFixed(2)}`,
    `copy check      nearest training face of ${copies.checkedFakes} fakes, min / p5 / median`,
  ];
  for (const space of ['pixels', 'features'] as const) {
    const check = copies[space];
    lines.push(
      `  ${space.padEnd(14)}fakes ${summary(check.fakes)}, held-out ${summary(check.heldOut)}`,
      `  ${''.padEnd(14)}${check.possibleCopies.length} fakes closer than any held-out face, ` +
        `${check.belowHeldOutP5} closer than the held-out p5`,
    );
  }
  lines.push(`took            ${report.seconds.toFixed(0)} s`);
  return `${lines.join('\n')}\n`;
}

function describeCheckpoint(checkpoint: EvaluatedCheckpoint): string {
  const step = checkpoint.step === null ? '' : `, step ${checkpoint.step}`;
  const epoch = checkpoint.epoch === null ? '' : `, epoch ${checkpoint.epoch}`;
  return `${checkpoint.dir} (version ${checkpoint.version}${step}${epoch})`;
}

function summary(distances: DistanceSummary): string {
  return [distances.min, distances.p5, distances.median]
    .map((value) => value.toFixed(2))
    .join(' / ');
}
