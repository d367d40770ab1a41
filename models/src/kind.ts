import type * as tf from '@tensorflow/tfjs';

import { IMAGE_CHANNELS, IMAGE_SIZE } from './discriminator.ts';
import { LATENT_SIZE } from './generator.ts';

/** The role a model plays in the GAN, recorded in each checkpoint's card. */
export type ModelKind = 'generator' | 'discriminator';

export const MODEL_KINDS: readonly ModelKind[] = ['generator', 'discriminator'];

type Shape = readonly (number | null)[];

interface Signature {
  input: Shape;
  output: Shape;
}

const IMAGE_BATCH: Shape = [null, IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS];

// Hidden layers may change between versions, but the game depends on these shapes.
const SIGNATURES: Record<ModelKind, Signature> = {
  generator: { input: [null, LATENT_SIZE], output: IMAGE_BATCH },
  discriminator: { input: IMAGE_BATCH, output: [null, 1] },
};

export function isModelKind(value: unknown): value is ModelKind {
  return value === 'generator' || value === 'discriminator';
}

/** Checks that the model has one input and one output with the shapes its kind requires. */
export function hasKindSignature(model: tf.LayersModel, kind: ModelKind): boolean {
  const expected = SIGNATURES[kind];
  const [input] = model.inputs;
  const [output] = model.outputs;
  return (
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    input !== undefined &&
    output !== undefined &&
    sameShape(input.shape, expected.input) &&
    sameShape(output.shape, expected.output)
  );
}

/** Formats a model's input and output shapes for error messages, e.g. `[null,100] -> [...]`. */
export function describeSignature(model: tf.LayersModel): string {
  const shapes = (tensors: tf.SymbolicTensor[]) =>
    tensors.map((tensor) => JSON.stringify(tensor.shape)).join(', ');
  return `${shapes(model.inputs)} -> ${shapes(model.outputs)}`;
}

/** Formats the shapes a kind requires, in the same notation as `describeSignature`. */
export function describeKindSignature(kind: ModelKind): string {
  const expected = SIGNATURES[kind];
  return `${JSON.stringify(expected.input)} -> ${JSON.stringify(expected.output)}`;
}

function sameShape(actual: Shape, expected: Shape): boolean {
  return actual.length === expected.length && actual.every((size, i) => size === expected[i]);
}
