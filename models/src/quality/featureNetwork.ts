import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import { MobileNetV2Model } from 'nsfwjs/models/mobilenet_v2';

import { FACE_BYTES } from '../inference.ts';
import type { FeatureMatrix } from './frechet.ts';
import { QualityError } from './qualityError.ts';

/**
 * The fixed, pretrained network whose activations the Fréchet distance and the feature-space
 * copy check compare, as recorded next to every score it produced.
 */
export interface FeatureNetworkInfo {
  /** npm package and version that ship the weights. */
  source: string;
  model: string;
  /** Layer whose output is averaged over its spatial positions. */
  layer: string;
  dimension: number;
  /** Side in pixels that faces are bilinearly resized to, the network's training size. */
  inputSize: number;
}

export interface FeatureNetwork {
  info: FeatureNetworkInfo;
  /** [n, 224, 224, 3] in [0, 1] to [n, dimension]. */
  model: tf.LayersModel;
  dispose(): void;
}

/**
 * MobileNetV2 (width 1.0, 224x224) as shipped inside nsfwjs 4.4.0, with uint8-quantised weights.
 * Its README states that it was trained in Keras on 60+ GB of pictures in five classes, one of them
 * drawings including anime.
 * Its 1280-wide pooled layer is too wide for a covariance estimated from 992 faces, and the
 * dense layers after it serve only the nsfwjs classes. The features are therefore the 160
 * channels of the last 160-wide residual block, averaged over its 7x7 grid.
 */
const FEATURE_LAYER = 'block_15_add';
const INPUT_SIZE = 224;
const EXTRACTION_BATCH = 16;

/** Builds the feature network from the weights inside the nsfwjs package; nothing is fetched. */
export async function loadFeatureNetwork(): Promise<FeatureNetwork> {
  const modelJson = (await MobileNetV2Model.modelJson()).default;
  const [loadWeights] = MobileNetV2Model.weightBundles;
  const [group] = modelJson.weightsManifest;
  if (loadWeights === undefined || group === undefined) {
    throw new TypeError('nsfwjs ships no weights for MobileNetV2; reinstall the package');
  }
  const weights = Buffer.from((await loadWeights()).default, 'base64');

  const classifier = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: group.weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
    }),
  );

  const block = classifier.getLayer(FEATURE_LAYER).output as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(block) as tf.SymbolicTensor;
  const model = tf.model({ inputs: classifier.inputs, outputs: pooled });
  const dimension = pooled.shape[1];
  if (typeof dimension !== 'number') {
    throw new TypeError(`feature layer ${FEATURE_LAYER} has no fixed width`);
  }

  const info: FeatureNetworkInfo = {
    source: `nsfwjs@${await nsfwjsVersion()}`,
    model: 'MobileNetV2',
    layer: `${FEATURE_LAYER} + global average pooling`,
    dimension,
    inputSize: INPUT_SIZE,
  };
  // The feature model shares its layers, and so its weights, with the classifier.
  return { info, model, dispose: () => classifier.dispose() };
}

/**
 * Returns one feature vector per face. Faces are 64x64 RGB bytes, scaled to [0, 1] and resized
 * with corner-aligned bilinear interpolation, the preprocessing nsfwjs itself applies.
 */
export function extractFeatures(
  network: FeatureNetwork,
  faces: readonly Uint8Array[],
): FeatureMatrix {
  faces.forEach((face, index) => {
    if (!(face instanceof Uint8Array) || face.length !== FACE_BYTES) {
      throw new QualityError(
        'invalid-faces',
        `face ${index} must be ${FACE_BYTES} bytes of 64x64 RGB, got ${describe(face)}`,
      );
    }
  });
  const { dimension } = network.info;
  const values = new Float32Array(faces.length * dimension);
  for (let start = 0; start < faces.length; start += EXTRACTION_BATCH) {
    const batch = faces.slice(start, start + EXTRACTION_BATCH);
    const features = tf.tidy(() => {
      const pixels = new Float32Array(batch.length * FACE_BYTES);
      batch.forEach((face, index) => pixels.set(face, index * FACE_BYTES));
      const images = tf.tensor4d(pixels, [batch.length, 64, 64, 3]).div(255) as tf.Tensor4D;
      const resized = tf.image.resizeBilinear(images, [INPUT_SIZE, INPUT_SIZE], true);
      return (network.model.predict(resized) as tf.Tensor).dataSync();
    });
    values.set(features, start * dimension);
  }
  return { values, count: faces.length, dimension };
}

function describe(face: unknown): string {
  return face instanceof Uint8Array ? `${face.length} bytes` : typeof face;
}

async function nsfwjsVersion(): Promise<string> {
  // The package's exports map hides package.json, so it is read beside the resolved module:
  // <package>/dist/esm/models/mobilenet_v2.js.
  const entry = fileURLToPath(import.meta.resolve('nsfwjs/models/mobilenet_v2'));
  const manifest = join(dirname(entry), '..', '..', '..', 'package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}
