// The GRU over a whole window on WebGPU with fused kernels, same signature and semantics as gruSequence:
// forward = 1 input-projection matmul + 1 W_hh transpose + 1 dispatch per timestep + 2 copies (outputs, last),
// or on the whole-window path the matmul, 1 dispatch (W_hh read in its own layout) and the copies;
// backward = 1 dispatch per timestep + 5 matmuls over the window (+1 for dh0 when h0 is given).
import * as tf from '../../tfjs';
import type { GruSequenceFn } from '../../model/gru';
import { GruBackwardStepProgram, GruInitialStateGradProgram, GRAD_COLUMNS, type DyLayout } from './gruBackwardStep';
import { GruForwardStepProgram, STATE_PLANES } from './gruForwardStep';
import { biasGrad, inputGrad, weightHhGrad, weightIhGrad, type GradientSizes } from './gruGradients';
import { fusedInputProjection } from '../step/inputProjection';
import { runProgram } from '../dispatch/programRunner';
import { kernelVariants } from '../kernelVariants';
import { GruWindowBackwardProgram, GruWindowForwardProgram, windowTiling } from './gruWindow';
import { PreallocatedOutput } from '../dispatch/inPlace';

type Weights = [x: tf.Tensor3D, wih: tf.Tensor2D, whh: tf.Tensor2D, bih: tf.Tensor1D, bhh: tf.Tensor1D];

function sizesOf(x: tf.Tensor3D, whh: tf.Tensor2D): GradientSizes {
  const [time, batch, embed] = x.shape;
  return { time, batch, embed, units: whh.shape[1] };
}

/** Whether a window of this shape runs as one dispatch each way (gruWindow.ts) rather than one per timestep. */
export function wholeWindow(s: { batch: number; units: number }): boolean {
  return s.units <= kernelVariants().wholeWindowUnits && windowTiling(s.batch, s.units) !== null;
}

/**
 * Runs the forward time loop (one dispatch for the window where wholeWindow says so); returns the state buffer [5, T, B, H] (planes h, r, z, n, gh_n). With `ids`
 * [T·B] int32, gi is the per-character table [V, 3H] (the embedding folded into the input projection).
 */
export function forwardState(
  s: GradientSizes,
  gi: tf.Tensor,
  whh: tf.Tensor,
  bhh: tf.Tensor,
  h0?: tf.Tensor,
  ids?: tf.Tensor,
): tf.Tensor {
  const state = new PreallocatedOutput([STATE_PLANES, s.time, s.batch, s.units]);
  const rest = [bhh, ...(h0 ? [h0] : []), ...(ids ? [ids] : [])];
  if (wholeWindow(s)) {
    state.run(new GruWindowForwardProgram(s, h0 !== undefined, ids !== undefined), [gi, whh, ...rest]);
    return state.toTensor();
  }
  const whhT = tf.transpose(whh); // [H, 3H]: one gate's units contiguous for vector loads (tidy disposes)
  const inputs = [gi, whhT, ...rest];
  const program = new GruForwardStepProgram(s, h0 !== undefined, undefined, ids !== undefined);
  state.runLoop(
    program,
    inputs,
    Array.from({ length: s.time }, (_, t) => [t]),
  );
  return state.toTensor();
}

/**
 * Runs the backward time loop (t = T−1 … 0; one dispatch where wholeWindow says so); returns the gradient buffer
 * [T, B, 5H]. dy is [T, B, H], or rows laid out as `dyLayout` says (softmaxLoss's).
 */
export function backwardGrad(
  s: GradientSizes,
  dy: tf.Tensor,
  state: tf.Tensor,
  whh: tf.Tensor,
  h0?: tf.Tensor,
  dyLayout?: DyLayout,
): tf.Tensor {
  const grad = new PreallocatedOutput([s.time, s.batch, GRAD_COLUMNS * s.units]);
  const inputs = h0 ? [dy, state, whh, h0] : [dy, state, whh];
  if (wholeWindow(s)) {
    grad.run(new GruWindowBackwardProgram(s, h0 !== undefined, dyLayout), inputs);
    return grad.toTensor();
  }
  const program = new GruBackwardStepProgram(s, h0 !== undefined, undefined, dyLayout);
  grad.runLoop(
    program,
    inputs,
    Array.from({ length: s.time }, (_, i) => [s.time - 1 - i]),
  );
  return grad.toTensor();
}

/** outputs [T, B, H] with a custom gradient for x, the weights and h0 (when given). */
function fusedOutputs(args: Weights, h0?: tf.Tensor2D): tf.Tensor3D {
  const f = (...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, wih, whh, bih, bhh] = inputs as Weights;
    const init = h0 ? (inputs[5] as tf.Tensor2D) : undefined;
    const save = inputs[inputs.length - 1] as tf.GradSaveFunc;
    const s = sizesOf(x, whh);
    const gi = fusedInputProjection(x, wih, bih);
    const state = forwardState(s, gi, whh, bhh, init);
    const outputs = tf.reshape(tf.slice(state, [0, 0, 0, 0], [1, s.time, s.batch, s.units]), [
      s.time,
      s.batch,
      s.units,
    ]);
    save(init ? [x, wih, whh, state, init] : [x, wih, whh, state]);
    const gradFunc = (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
      const [sx, swih, swhh, sstate, sh0] = saved;
      const g = backwardGrad(s, dy, sstate, swhh, sh0);
      const grads: tf.Tensor[] = [
        inputGrad(s, g, swih),
        weightIhGrad(s, g, sx),
        weightHhGrad(s, g, sstate, sh0),
        biasGrad(s, g, 'ih'),
        biasGrad(s, g, 'hh'),
      ];
      if (sh0) grads.push(runProgram(new GruInitialStateGradProgram(s), [g, sstate, swhh]));
      return grads;
    };
    return { value: outputs as tf.Tensor3D, gradFunc };
  };
  const op = tf.customGrad(f as Parameters<typeof tf.customGrad<tf.Tensor3D>>[0]);
  return (h0 ? op(...args, h0) : op(...args)) as tf.Tensor3D;
}

/** The fused GRU (WebGPU only; check webGpuActive()). Caller owns the result; differentiable. */
export const fusedGruSequence: GruSequenceFn = (x, w, h0) => {
  const outputs = fusedOutputs([x, w.weightIh, w.weightHh, w.biasIh, w.biasHh], h0);
  const [time, batch, units] = outputs.shape;
  const last = tf.tidy(() => tf.reshape(tf.slice(outputs, [time - 1, 0, 0], [1, batch, units]), [batch, units]));
  return { outputs, last: last as tf.Tensor2D };
};
