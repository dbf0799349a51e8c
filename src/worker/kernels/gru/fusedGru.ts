// A cell (GRU, LSTM, RNN: cellKernel.ts) over a whole window on WebGPU with fused kernels, same signature and
// semantics as the plain-ops recurrence (recurrence.ts):
// forward = 1 input-projection matmul + 1 W_hh transpose + 1 dispatch per timestep + 2 copies (outputs, last),
// or on the whole-window path the matmul, 1 dispatch (W_hh read in its own layout) and the copies;
// backward = 1 dispatch per timestep + 5 matmuls over the window (+1 for the initial state's gradient when given).
import * as tf from '../../tfjs';
import type { SequenceFn } from '../../model/recurrence';
import type { CellName } from '../../../shared/cell';
import {
  GruBackwardStepProgram,
  GruInitialStateGradProgram,
  type BackwardOptions,
  type DyLayout,
} from './gruBackwardStep';
import { GruForwardStepProgram } from './gruForwardStep';
import { biasGrad, cellOfSizes, inputGrad, weightHhGrad, weightIhGrad, type GradientSizes } from './gruGradients';
import { CELL_KERNELS, type CellKernel } from './cellKernel';
import { fusedInputProjection } from '../step/inputProjection';
import { runProgram } from '../dispatch/programRunner';
import { kernelVariants } from '../kernelVariants';
import { GruWindowBackwardProgram, GruWindowForwardProgram, windowTiling } from './gruWindow';
import { PreallocatedOutput } from '../dispatch/inPlace';

type Weights = [x: tf.Tensor3D, wih: tf.Tensor2D, whh: tf.Tensor2D, bih: tf.Tensor1D, bhh: tf.Tensor1D];

function sizesOf(x: tf.Tensor3D, whh: tf.Tensor2D, cell: CellKernel): GradientSizes {
  const [time, batch, embed] = x.shape;
  return { time, batch, embed, units: whh.shape[1], cell };
}

/** Whether a window of this shape runs as one dispatch each way (gruWindow.ts) rather than one per timestep. */
export function wholeWindow(s: { batch: number; units: number; cell?: CellKernel }): boolean {
  const gates = cellOfSizes(s).gates.length;
  return s.units <= kernelVariants().wholeWindowUnits && windowTiling(s.batch, s.units, gates) !== null;
}

/**
 * Runs the forward time loop (one dispatch for the window where wholeWindow says so); returns the state buffer
 * [planes, T, B, H] (the cell's planes; GRU h, r, z, n, gh_n). With `ids` [T·B] int32, gi is the per-character
 * table [V, G·H] (the embedding folded into the input projection).
 */
export function forwardState(
  s: GradientSizes,
  gi: tf.Tensor,
  whh: tf.Tensor,
  bhh: tf.Tensor,
  h0?: tf.Tensor,
  ids?: tf.Tensor,
): tf.Tensor {
  const cell = cellOfSizes(s);
  const state = new PreallocatedOutput([cell.planes.length, s.time, s.batch, s.units]);
  const rest = [bhh, ...(h0 ? [h0] : []), ...(ids ? [ids] : [])];
  if (wholeWindow(s)) {
    state.run(new GruWindowForwardProgram(s, h0 !== undefined, ids !== undefined, cell), [gi, whh, ...rest]);
    return state.toTensor();
  }
  const whhT = tf.transpose(whh); // [H, G·H]: one gate's units contiguous for vector loads (tidy disposes)
  const inputs = [gi, whhT, ...rest];
  const program = new GruForwardStepProgram(s, h0 !== undefined, undefined, ids !== undefined, cell);
  state.runLoop(
    program,
    inputs,
    Array.from({ length: s.time }, (_, t) => [t]),
  );
  return state.toTensor();
}

/**
 * Runs the backward time loop (t = T−1 … 0; one dispatch where wholeWindow says so); returns the gradient buffer
 * [T, B, C·H] (the cell's columns; GRU 5H). dy is [T, B, H], or rows laid out as `options.dyLayout` says
 * (softmaxLoss's), or (`options.lastFromDy`) the gradient of the whole state buffer.
 */
export function backwardGrad(
  s: GradientSizes,
  dy: tf.Tensor,
  state: tf.Tensor,
  whh: tf.Tensor,
  h0?: tf.Tensor,
  options: DyLayout | BackwardOptions = {},
): tf.Tensor {
  const cell = cellOfSizes(s);
  const grad = new PreallocatedOutput([s.time, s.batch, cell.columns.length * s.units]);
  const inputs = h0 ? [dy, state, whh, h0] : [dy, state, whh];
  if (wholeWindow(s)) {
    grad.run(new GruWindowBackwardProgram(s, h0 !== undefined, options, cell), inputs);
    return grad.toTensor();
  }
  const program = new GruBackwardStepProgram(s, h0 !== undefined, undefined, options, cell);
  grad.runLoop(
    program,
    inputs,
    Array.from({ length: s.time }, (_, i) => [s.time - 1 - i]),
  );
  return grad.toTensor();
}

/**
 * With a custom gradient for x, the weights and s0 (when given): the outputs [T, B, H] where the state is h alone
 * (GRU, RNN); the whole state buffer [planes, T, B, H] where it has more planes (the LSTM's c: the last state
 * reads c from it, and its gradient reaches dc through `lastFromDy`).
 */
function fusedOutputs(cell: CellKernel, args: Weights, s0?: tf.Tensor2D): tf.Tensor {
  const wholeState = cell.statePlanes > 1;
  const f = (...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, wih, whh, bih, bhh] = inputs as Weights;
    const init = s0 ? (inputs[5] as tf.Tensor2D) : undefined;
    const save = inputs[inputs.length - 1] as tf.GradSaveFunc;
    const s = sizesOf(x, whh, cell);
    const gi = fusedInputProjection(x, wih, bih);
    const state = forwardState(s, gi, whh, bhh, init);
    const value = wholeState
      ? state
      : tf.reshape(tf.slice(state, [0, 0, 0, 0], [1, s.time, s.batch, s.units]), [s.time, s.batch, s.units]);
    save(init ? [x, wih, whh, state, init] : [x, wih, whh, state]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, swih, swhh, sstate, ss0] = saved;
      const g = backwardGrad(s, dy, sstate, swhh, ss0, { lastFromDy: wholeState });
      const grads: tf.Tensor[] = [
        inputGrad(s, g, swih),
        weightIhGrad(s, g, sx),
        weightHhGrad(s, g, sstate, ss0),
        biasGrad(s, g, 'ih'),
        biasGrad(s, g, 'hh'),
      ];
      if (ss0) grads.push(runProgram(new GruInitialStateGradProgram(s, cell), [g, sstate, swhh]));
      return grads;
    };
    return { value, gradFunc };
  };
  const op = tf.customGrad(f as Parameters<typeof tf.customGrad<tf.Tensor>>[0]);
  return s0 ? op(...args, s0) : op(...args);
}

/** The fused recurrence of a cell (WebGPU only; check webGpuActive()). Caller owns the result; differentiable. */
export function fusedSequence(name: CellName): SequenceFn {
  const cell = CELL_KERNELS[name];
  return (x, w, s0) => {
    const value = fusedOutputs(cell, [x, w.weightIh, w.weightHh, w.biasIh, w.biasHh], s0);
    if (cell.statePlanes === 1) {
      const outputs = value as tf.Tensor3D;
      const [time, batch, units] = outputs.shape;
      const last = tf.tidy(() => tf.reshape(tf.slice(outputs, [time - 1, 0, 0], [1, batch, units]), [batch, units]));
      return { outputs, last: last as tf.Tensor2D };
    }
    // value: [planes, T, B, H]; last = [h_{T−1} | c_{T−1}] [B, 2H]. Not tidied (the state buffer is an
    // intermediate of the tape): the caller's tidy disposes it and the slices.
    const [, time, batch, units] = value.shape;
    const plane = (p: number, t0: number, count: number) =>
      tf.reshape(tf.slice(value, [p, t0, 0, 0], [1, count, batch, units]), [count, batch, units]);
    const outputs = plane(0, 0, time) as tf.Tensor3D;
    const last = tf.concat([plane(0, time - 1, 1), plane(1, time - 1, 1)], 2);
    return { outputs, last: tf.reshape(last, [batch, 2 * units]) as tf.Tensor2D };
  };
}

/** The fused GRU (WebGPU only; check webGpuActive()). Caller owns the result; differentiable. */
export const fusedGruSequence: SequenceFn = fusedSequence('gru');
