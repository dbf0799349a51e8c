// Dropout masks for training steps (inverted dropout, as PyTorch): kept units are scaled by 1/(1 − p) so the
// expected activation is unchanged and evaluation needs no rescaling. Masks come from our seeded generator in
// plain JS, so a run (and a resumed run) draws the same masks on every backend.
import * as tf from '@tensorflow/tfjs';
import { createRng, mixSeed } from '../../shared/data/rng';

/** A [shape] float32 mask of 0 (probability p) and 1/(1 − p); the caller disposes it. */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(seed);
  const keep = 1 / (1 - rate);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = rng.next() < rate ? 0 : keep;
  return tf.tensor(data, shape, 'float32');
}

/** x ⊙ mask for training, x itself when rate is 0. `slot` tells apart the masks of one step (embedding, layer l). */
export function applyDropout<T extends tf.Tensor>(x: T, rate: number, stepSeed: number, slot: number): T {
  if (rate <= 0) return x;
  return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, mixSeed(stepSeed, slot, 0xd50))) as T);
}

/** The seed of one training step's masks: from the run's seed and the step, so runs and resumes repeat. */
export const dropoutSeed = (runSeed: number, step: number): number => mixSeed(runSeed, step, 0xd0d0);
