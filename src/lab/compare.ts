// Fused vs reference recurrence of a cell (GRU unless the shape names another) on one random problem: outputs,
// last state and every gradient.
import * as tf from '../worker/tfjs';
import { fusedSequence } from '../worker/kernels/gru/fusedGru';
import type { GruSequenceFn } from '../worker/model/gru';
import { recurrence } from '../worker/model/recurrence';
import { CELL_SPECS } from '../worker/model/cells';
import { disposeProblem, gradTargets, randomProblem, type GruProblem, type GruShape } from './randomGru';

/** maxAbs = max |a − b|; relative = maxAbs / (max |b| + 1e-6), b being the reference. */
export interface ErrorStats {
  maxAbs: number;
  relative: number;
  refMax: number;
}

export async function errorStats(a: tf.Tensor, b: tf.Tensor): Promise<ErrorStats> {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shape ${a.shape} vs ${b.shape}`);
  const [av, bv] = await Promise.all([a.data(), b.data()]);
  let maxAbs = 0;
  let refMax = 0;
  for (let i = 0; i < av.length; i++) {
    const d = Math.abs(av[i] - bv[i]);
    maxAbs = Number.isNaN(d) ? Infinity : Math.max(maxAbs, d);
    refMax = Math.max(refMax, Math.abs(bv[i]));
  }
  return { maxAbs, relative: maxAbs / (refMax + 1e-6), refMax };
}

/**
 * loss = Σ outputs ⊙ outWeights (+ Σ last ⊙ lastWeights), so every output element gets its own gradient.
 * The app's training loss reads only the outputs (the last state is carried, not differentiated).
 */
export function lossOf(fn: GruSequenceFn, p: GruProblem, tensors: tf.Tensor[], withLast = true): tf.Scalar {
  const [x, weightIh, weightHh, biasIh, biasHh, h0] = tensors;
  const w = { weightIh, weightHh, biasIh, biasHh } as GruProblem['w'];
  const r = fn(x as tf.Tensor3D, w, h0 as tf.Tensor2D | undefined);
  const loss = tf.sum(tf.mul(r.outputs, p.outWeights));
  return withLast ? tf.add(loss, tf.sum(tf.mul(r.last, p.lastWeights))) : (loss as tf.Scalar);
}

/** Forward results and gradients of one path; caller disposes. */
export function runPath(fn: GruSequenceFn, p: GruProblem): { outputs: tf.Tensor; last: tf.Tensor; grads: tf.Tensor[] } {
  const { tensors } = gradTargets(p);
  const { outputs, last } = fn(p.x, p.w, p.h0);
  const grads = tf.grads((...ts: tf.Tensor[]) => lossOf(fn, p, ts))(tensors);
  return { outputs, last, grads };
}

export type Comparison = Record<string, ErrorStats>;

export async function compareFusedWithReference(shape: GruShape): Promise<Comparison> {
  const p = randomProblem(shape);
  const cell = shape.cell ?? 'gru';
  const fused = runPath(fusedSequence(cell), p);
  const ref = runPath(recurrence(CELL_SPECS[cell]), p);
  const result: Comparison = {
    outputs: await errorStats(fused.outputs, ref.outputs),
    last: await errorStats(fused.last, ref.last),
  };
  const { names } = gradTargets(p);
  for (let i = 0; i < names.length; i++) result[`d${names[i]}`] = await errorStats(fused.grads[i], ref.grads[i]);
  tf.dispose([fused.outputs, fused.last, ...fused.grads, ref.outputs, ref.last, ...ref.grads]);
  disposeProblem(p);
  return result;
}
