// Dropout masks for training steps (inverted dropout, as PyTorch): kept units are scaled by 1/(1 − p) so the
// expected activation is unchanged and evaluation needs no rescaling. Whether element i of a mask is dropped
// is a counter-based hash of (seed, i): WebGPU makes the mask on the GPU (kernels/dropoutMask.ts), the other
// backends here in JS with the same integer math, so a run (and a resumed run) draws the same masks anywhere.
import * as tf from '../tfjs';
import { mixSeed } from '../../shared/data/rng';
import { gpuDropoutMask } from '../kernels/step/dropoutMask';

/** Elements whose hash (top 24 bits) is below this are dropped: rate · 2²⁴, an integer both sides compare. */
export const dropThreshold = (rate: number): number => Math.round(rate * 2 ** 24);

/** The hash of kernels/dropoutMask.ts (MASK_HASH_WGSL) in JS. */
export function maskHash(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i, 0x9e3779b9)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The mask made in JS (every backend but WebGPU; the lab checks the GPU's against it). */
export function cpuDropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const threshold = dropThreshold(rate);
  const keep = 1 / (1 - rate);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = maskHash(seed, i) >>> 8 < threshold ? 0 : keep;
  return tf.tensor(data, shape, 'float32');
}

/** A [shape] float32 mask of 0 (probability p) and 1/(1 − p); the caller disposes it. */
export function dropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  if (tf.getBackend() === 'webgpu') return gpuDropoutMask(shape, dropThreshold(rate), 1 / (1 - rate), seed);
  return cpuDropoutMask(shape, rate, seed);
}

/** x ⊙ mask for training, x itself when rate is 0. `slot` tells apart the masks of one step (embedding, layer l). */
export function applyDropout<T extends tf.Tensor>(x: T, rate: number, stepSeed: number, slot: number): T {
  if (rate <= 0) return x;
  return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, mixSeed(stepSeed, slot, 0xd50))) as T);
}

/** The seed of one training step's masks: from the run's seed and the step, so runs and resumes repeat. */
export const dropoutSeed = (runSeed: number, step: number): number => mixSeed(runSeed, step, 0xd0d0);
