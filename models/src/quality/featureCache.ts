import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { writeFilesAtomically } from '../checkpointFiles.ts';
import type { FaceImage } from '../faces/faceFolder.ts';
import { extractFeatures, type FeatureNetwork } from './featureNetwork.ts';
import type { FeatureMatrix } from './frechet.ts';

/** Default folder for cached features of real faces, under the root's node_modules/.cache. */
export const DEFAULT_FEATURE_CACHE = fileURLToPath(
  new URL('../../../node_modules/.cache/real-or-fake-features', import.meta.url),
);

/**
 * Returns the features of `faces`, read from `cacheDir` when an earlier run stored them.
 *
 * The training set's features do not depend on the models, and they take most of an
 * evaluation's time, so they are stored under a SHA-256 of the feature network and every face's
 * path and pixels. A file of the wrong size, from an interrupted write of an older version, is
 * computed again and replaced. With `cacheDir` null nothing is read or written.
 */
export async function cachedFeatures(
  network: FeatureNetwork,
  faces: readonly FaceImage[],
  cacheDir: string | null,
): Promise<{ features: FeatureMatrix; cached: boolean }> {
  if (cacheDir === null) {
    return {
      features: extractFeatures(
        network,
        faces.map((face) => face.pixels),
      ),
      cached: false,
    };
  }
  const { dimension } = network.info;
  const file = `${cacheKey(network, faces)}.f32`;
  const stored = await readStored(join(cacheDir, file));
  if (stored !== null && stored.length === faces.length * dimension) {
    return { features: { values: stored, count: faces.length, dimension }, cached: true };
  }
  const features = extractFeatures(
    network,
    faces.map((face) => face.pixels),
  );
  const bytes = new Uint8Array(features.values.buffer, 0, features.values.byteLength);
  await writeFilesAtomically(cacheDir, [{ name: file, bytes }]);
  return { features, cached: false };
}

function cacheKey(network: FeatureNetwork, faces: readonly FaceImage[]): string {
  const hash = createHash('sha256').update(JSON.stringify(network.info));
  for (const face of faces) {
    hash.update(`\n${face.relativePath}\n`).update(face.pixels);
  }
  return hash.digest('hex').slice(0, 32);
}

async function readStored(path: string): Promise<Float32Array | null> {
  try {
    const bytes = await readFile(path);
    if (bytes.byteLength % 4 !== 0) {
      return null;
    }
    // Copied so the floats sit at an aligned offset of their own buffer.
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
}
