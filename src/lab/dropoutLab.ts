// Dropout masks on the GPU (kernels/dropoutMask.ts) against the JS twin the other backends use
// (model/dropout.ts): every element must agree, so a run draws the same masks on every backend.
import * as tf from '../worker/tfjs';
import { cpuDropoutMask, dropoutMask } from '../worker/model/dropout';

export async function compareDropoutMasks(
  shape: number[],
  rate: number,
  seed: number,
): Promise<{ mismatches: number; dropped: number; backend: string }> {
  const gpu = dropoutMask(shape, rate, seed);
  const cpu = cpuDropoutMask(shape, rate, seed);
  const [a, b] = await Promise.all([gpu.data(), cpu.data()]);
  tf.dispose([gpu, cpu]);
  let mismatches = 0;
  let dropped = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) mismatches++;
    if (a[i] === 0) dropped++;
  }
  return { mismatches, dropped: dropped / a.length, backend: tf.getBackend() };
}
