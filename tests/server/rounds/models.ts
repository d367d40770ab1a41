import {
  buildDiscriminator,
  buildGenerator,
  reinitializeWeights,
  selectBackend,
} from '@real-or-fake/models';

import { ModelService, type FaceModels } from '../../../server/src/ai/modelService.ts';

/** Real, untrained models with fixed seeds on the wasm backend. */
export async function seededModels(): Promise<ModelService> {
  await selectBackend('wasm');
  const generator = buildGenerator();
  const discriminator = buildDiscriminator();
  reinitializeWeights(generator, 11);
  reinitializeWeights(discriminator, 12);
  return new ModelService(generator, discriminator, {
    generator: 'gen-1',
    discriminator: 'disc-1',
  });
}

/** Wraps real models so that the first `failures` generator calls throw. */
export function failingFirst(models: FaceModels, failures: number): FaceModels {
  let remaining = failures;
  return {
    versions: models.versions,
    generate(count) {
      if (remaining > 0) {
        remaining--;
        throw new Error('generator failed on purpose');
      }
      return models.generate(count);
    },
    score: (jpegs) => models.score(jpegs),
  };
}
