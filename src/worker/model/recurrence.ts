// One recurrence for every cell: the input projection of a whole window in one matmul, then per timestep the
// recurrent matmul gh = h·W_hhᵀ + b_hh and the cell's gate math (cells.ts). A layer's state is [B, P·H]: its
// P planes side by side, h first (the LSTM's c after it), so code that carries state (generation, scoring,
// the explorer) slices, tiles and gathers one tensor whatever the cell.
import * as tf from '../tfjs';
import type { CellSpec, CellStepResult, CellWeights } from './cells';

export interface SequenceResult {
  outputs: tf.Tensor3D; // [T, B, H], time-major: h of every step
  last: tf.Tensor2D; // [B, P·H]: the state after the last step
}

/** A window through one layer; s0 [B, P·H] or zeros. Shared by the reference and the fused GRU. */
export type SequenceFn = (x: tf.Tensor3D, w: CellWeights, s0?: tf.Tensor2D) => SequenceResult;

/** Input projection for all timesteps at once: x [T, B, E] -> gi [T, B, G·H]. */
export function inputProjection(x: tf.Tensor3D, w: CellWeights): tf.Tensor3D {
  return tf.tidy(() => {
    const [t, b, e] = x.shape;
    const gi = tf.add(tf.matMul(tf.reshape(x, [t * b, e]), w.weightIh, false, true), w.biasIh);
    return tf.reshape(gi, [t, b, w.weightIh.shape[0]]) as tf.Tensor3D;
  });
}

/** The h plane of a state [..., P·H] -> [..., H]. */
export function hiddenPlane<T extends tf.Tensor>(state: T, units: number): T {
  if (state.shape[state.shape.length - 1] === units) return state;
  const begin = state.shape.map(() => 0);
  const size = state.shape.map((d, i) => (i === state.shape.length - 1 ? units : d));
  return tf.slice(state, begin, size) as T;
}

/** One timestep. gi: [B, G·H] (with b_ih), state: [B, P·H]. Not tidied: call inside a tidy. */
export function cellStep(cell: CellSpec, gi: tf.Tensor2D, state: tf.Tensor2D, w: CellWeights): CellStepResult {
  const units = w.weightHh.shape[1];
  const gh = tf.add(tf.matMul(hiddenPlane(state, units), w.weightHh, false, true), w.biasHh) as tf.Tensor2D;
  return cell.step(gi, gh, state);
}

/** The zero state of a layer: [B, P·H]. */
export const zeroState = (cell: CellSpec, batch: number, units: number): tf.Tensor2D =>
  tf.zeros([batch, cell.planes * units]);

/** The plain-ops recurrence of a cell over a whole window. Caller owns the result; differentiable. */
export function recurrence(cell: CellSpec): SequenceFn {
  return (x, w, s0) =>
    tf.tidy(() => {
      const units = w.weightHh.shape[1];
      let state = s0 ?? zeroState(cell, x.shape[1], units);
      const outputs: tf.Tensor2D[] = [];
      for (const giT of tf.unstack(inputProjection(x, w)) as tf.Tensor2D[]) {
        const step = cellStep(cell, giT, state, w);
        state = step.state;
        outputs.push(step.signals.h);
      }
      return { outputs: tf.stack(outputs) as tf.Tensor3D, last: state };
    });
}
