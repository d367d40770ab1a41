import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildDiscriminator,
  buildGenerator,
  FACE_BYTES,
  generateFaces,
  InferenceError,
  pixelsToTensor,
  reinitializeWeights,
  scoreFaces,
  selectBackend,
  tensorToPixels,
} from '@real-or-fake/models';

let generator: tf.LayersModel;
let discriminator: tf.LayersModel;

beforeAll(async () => {
  await selectBackend('wasm');
  generator = buildGenerator();
  reinitializeWeights(generator, 1);
  discriminator = buildDiscriminator();
  reinitializeWeights(discriminator, 2);
});

afterAll(() => {
  generator.dispose();
  discriminator.dispose();
});

function thrown(action: () => unknown): InferenceError {
  let error: unknown;
  try {
    action();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InferenceError);
  return error as InferenceError;
}

function grayFace(level: number): Uint8Array {
  return new Uint8Array(FACE_BYTES).fill(level);
}

describe('pixelsToTensor', () => {
  it('maps 0 to -1 and 255 to 1', () => {
    const tensor = pixelsToTensor([grayFace(0), grayFace(255)]);
    const values = tensor.dataSync();
    tensor.dispose();

    expect(values[0]).toBe(-1);
    expect(values[FACE_BYTES]).toBe(1);
  });

  it('shapes faces as [n, 64, 64, 3]', () => {
    const tensor = pixelsToTensor([grayFace(1), grayFace(2), grayFace(3)]);
    tensor.dispose();
    expect(tensor.shape).toEqual([3, 64, 64, 3]);
  });

  it('keeps row-major HWC order', () => {
    const face = new Uint8Array(FACE_BYTES);
    face[(1 * 64 + 2) * 3 + 1] = 255; // row 1, column 2, green
    const tensor = pixelsToTensor([face]);
    const value = tensor.slice([0, 1, 2, 1], [1, 1, 1, 1]);
    const [level] = value.dataSync();
    tf.dispose([tensor, value]);

    expect(level).toBe(1);
  });

  it('rejects a face of the wrong length', () => {
    const error = thrown(() => pixelsToTensor([grayFace(0), new Uint8Array(100)]));

    expect(error.code).toBe('invalid-face');
    expect(error.message).toContain('Face 1');
    expect(error.message).toContain('got 100 bytes');
  });
});

describe('tensorToPixels', () => {
  it('inverts pixelsToTensor for every level', () => {
    const face = new Uint8Array(FACE_BYTES).map((_, i) => i % 256);
    const tensor = pixelsToTensor([face]);
    const [restored] = tensorToPixels(tensor);
    tensor.dispose();

    expect(Buffer.from(restored as Uint8Array).equals(Buffer.from(face))).toBe(true);
  });

  it('clamps values outside [-1, 1]', () => {
    const tensor = tf.tensor4d([-3, 3, -1.0001, 1.0001], [1, 1, 1, 4]).tile([1, 64, 64, 1]);
    const images = tensor.slice([0, 0, 0, 0], [1, 64, 64, 3]) as tf.Tensor4D;
    const [face] = tensorToPixels(images);
    tf.dispose([tensor, images]);

    expect(Array.from((face as Uint8Array).subarray(0, 3))).toEqual([0, 255, 0]);
  });

  it('rejects a tensor that is not 64x64 RGB', () => {
    const tensor = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    const error = thrown(() => tensorToPixels(tensor));
    tensor.dispose();

    expect(error.code).toBe('invalid-face');
  });
});

describe('generateFaces', () => {
  it('returns count faces of 64x64 RGB bytes', () => {
    const faces = generateFaces(generator, 3, 7);

    expect(faces).toHaveLength(3);
    expect(faces.every((face) => face instanceof Uint8Array)).toBe(true);
    expect(faces.every((face) => face.length === 64 * 64 * 3)).toBe(true);
  });

  it('spans several batches', () => {
    expect(generateFaces(generator, 17, 7)).toHaveLength(17);
  });

  it('repeats the faces for a repeated seed', () => {
    const first = generateFaces(generator, 2, 11);
    const second = generateFaces(generator, 2, 11);

    expect(Buffer.from(first[1] as Uint8Array).equals(Buffer.from(second[1] as Uint8Array))).toBe(
      true,
    );
  });

  it('repeats the faces for seed 0', () => {
    const [first] = generateFaces(generator, 1, 0);
    const [second] = generateFaces(generator, 1, 0);

    expect(Buffer.from(first as Uint8Array).equals(Buffer.from(second as Uint8Array))).toBe(true);
  });

  it('rejects a fractional seed', () => {
    expect(thrown(() => generateFaces(generator, 1, 0.5)).code).toBe('invalid-seed');
  });

  it('varies the faces across seeds', () => {
    const [first] = generateFaces(generator, 1, 11);
    const [second] = generateFaces(generator, 1, 12);

    expect(Buffer.from(first as Uint8Array).equals(Buffer.from(second as Uint8Array))).toBe(false);
  });

  it('returns no faces for a count of 0', () => {
    expect(generateFaces(generator, 0)).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN])('rejects a count of %s', (count) => {
    expect(thrown(() => generateFaces(generator, count)).code).toBe('invalid-count');
  });

  it('rejects a discriminator', () => {
    const error = thrown(() => generateFaces(discriminator, 1));

    expect(error.code).toBe('invalid-model');
    expect(error.message).toContain('Expected a generator');
  });

  it('leaves the tensor count unchanged', () => {
    generateFaces(generator, 2);
    const before = tf.memory().numTensors;

    generateFaces(generator, 18);

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('scoreFaces', () => {
  it('returns one probability per face', () => {
    const scores = scoreFaces(discriminator, generateFaces(generator, 3, 1));

    expect(scores).toBeInstanceOf(Float32Array);
    expect(scores).toHaveLength(3);
    expect(Array.from(scores).every((score) => score > 0 && score < 1)).toBe(true);
  });

  it('scores each face as if it were alone', () => {
    const faces = [...generateFaces(generator, 16, 2), grayFace(0), grayFace(255)];

    const together = scoreFaces(discriminator, faces);
    const alone = faces.map((face) => scoreFaces(discriminator, [face])[0] as number);

    alone.forEach((score, index) => {
      expect(together[index]).toBeCloseTo(score, 5);
    });
  });

  it('returns no scores for no faces', () => {
    expect(scoreFaces(discriminator, [])).toHaveLength(0);
  });

  it('rejects a face of the wrong length', () => {
    const faces = [...generateFaces(generator, 17, 3), new Uint8Array(FACE_BYTES + 1)];

    const error = thrown(() => scoreFaces(discriminator, faces));

    expect(error.code).toBe('invalid-face');
    expect(error.message).toContain('Face 17 ');
  });

  it('rejects a generator', () => {
    expect(thrown(() => scoreFaces(generator, [grayFace(0)])).code).toBe('invalid-model');
  });

  it('leaves the tensor count unchanged', () => {
    const faces = generateFaces(generator, 18, 4);
    scoreFaces(discriminator, faces.slice(0, 2));
    const before = tf.memory().numTensors;

    scoreFaces(discriminator, faces);

    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves the tensor count unchanged after a rejected face', () => {
    const before = tf.memory().numTensors;

    thrown(() => scoreFaces(discriminator, [grayFace(0), new Uint8Array(3)]));

    expect(tf.memory().numTensors).toBe(before);
  });
});
