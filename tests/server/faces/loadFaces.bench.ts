import { existsSync } from 'node:fs';
import { test } from 'vitest';
import { loadFaceFolder } from '../../../server/src/faces/loadFaces.ts';
import { captureLog } from './fixtures.ts';

const DATASET = '/work/shared/datasets/anime-faces/images';

test.skipIf(!existsSync(DATASET))(
  'loadFaceFolder on the 10,000 shared faces',
  async ({ bench }) => {
    const load = (concurrency: number) => async () => {
      await loadFaceFolder(DATASET, captureLog().logger, { concurrency });
    };
    await bench.compare(bench('concurrency 1', load(1)), bench('concurrency 8', load(8)), {
      iterations: 3,
      time: 0,
      warmupIterations: 0,
      warmupTime: 0,
    });
  },
);
