// One GRU training step (forward + backward through a GRU path) for dispatch counts, leak checks and timing.
import * as tf from '../worker/tfjs';
import { fusedGruSequence } from '../worker/kernels/gru/fusedGru';
import { gruSequence, type GruSequenceFn } from '../worker/model/gru';
import { lossOf } from './compare';
import { countDispatches } from './dispatchCount';
import { disposeProblem, gradTargets, randomProblem, type GruProblem, type GruShape } from './randomGru';

export type GruPath = 'fused' | 'reference';

export const pathFn = (path: GruPath): GruSequenceFn => (path === 'fused' ? fusedGruSequence : gruSequence);

/** Gradients of a loss on the outputs (as the app's training step) for every GRU input; caller disposes. */
export function trainingStep(fn: GruSequenceFn, p: GruProblem): tf.Tensor[] {
  const { tensors } = gradTargets(p);
  return tf.grads((...ts: tf.Tensor[]) => lossOf(fn, p, ts, false))(tensors);
}

export interface DispatchReport {
  programs: number;
  perTimestep: number;
  byName: Record<string, number>;
}

export function trainingDispatches(path: GruPath, shape: GruShape): DispatchReport {
  const p = randomProblem(shape);
  const { result, count } = countDispatches(() => trainingStep(pathFn(path), p));
  tf.dispose(result);
  disposeProblem(p);
  return { programs: count.programs, perTimestep: count.programs / shape.time, byName: count.byName };
}

export interface LeakReport {
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Runs `steps` training steps; the tensor count must not change. */
export async function leakCheck(path: GruPath, shape: GruShape, steps: number): Promise<LeakReport> {
  const p = randomProblem(shape);
  tf.dispose(trainingStep(pathFn(path), p)); // warm-up (compiles pipelines)
  const before = tf.memory();
  for (let i = 0; i < steps; i++) {
    const grads = trainingStep(pathFn(path), p);
    await grads[grads.length - 1].data();
    tf.dispose(grads);
  }
  const after = tf.memory();
  disposeProblem(p);
  return {
    tensorsBefore: before.numTensors,
    tensorsAfter: after.numTensors,
    bytesBefore: before.numBytes,
    bytesAfter: after.numBytes,
  };
}

export interface TimingReport {
  medianMs: number;
  samplesMs: number[];
}

/** Median wall time of a training step, waiting for the GPU by reading the last gradient back. */
export async function timeTrainingStep(path: GruPath, shape: GruShape, steps = 5, warmup = 1): Promise<TimingReport> {
  const p = randomProblem(shape);
  const samples: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const start = performance.now();
    const grads = trainingStep(pathFn(path), p);
    await grads[grads.length - 1].data();
    if (i >= warmup) samples.push(performance.now() - start);
    tf.dispose(grads);
  }
  disposeProblem(p);
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], samplesMs: samples };
}
