// The dense output layer's gradients from softmaxLoss's rows [N, V + 1] (dlogits in columns [0, V)), with h the
// top GRU layer's state buffer read in place (plane 0 holds h [T·B, H]):
//   dh = dlogits·W_fc  [T, B, H]     [dW_fc | db_fc] = dlogitsᵀ·[h | 1]  [V, H + 1]
import type * as tf from '@tensorflow/tfjs';
import { runProgram } from './programRunner';
import { matmulProgram } from './matmul';

export interface OutputSizes {
  time: number;
  batch: number;
  units: number;
  vocab: number;
}

export interface OutputGrads {
  /** dL/dh of the top layer's outputs [T, B, H]: the backward time loop's dY. */
  hidden: tf.Tensor3D;
  /** [V, H + 1]: dW_fc, then db_fc in the last column (one dispatch for both). */
  weightAndBias: tf.Tensor2D;
}

export function outputGrads(s: OutputSizes, rows: tf.Tensor, state: tf.Tensor, weight: tf.Tensor): OutputGrads {
  const { time: T, batch: B, units: H, vocab: V } = s;
  const n = T * B;
  const dlogit = (row: string, v: string) => `rows[${row} * ${V + 1} + ${v}]`;
  const hidden = matmulProgram({
    name: 'outputHidden',
    inputs: ['rows', 'fcw'],
    m: n,
    n: H,
    k: V,
    a: dlogit('m', 'k'),
    b: `fcw[k * ${H} + n]`,
    aContiguous: 'k',
    bContiguous: 'n',
    outputShape: [T, B, H],
  });
  const weightAndBias = matmulProgram({
    name: 'outputWeightBias',
    inputs: ['rows', 'state'],
    m: V,
    n: H + 1,
    k: n,
    a: dlogit('k', 'm'),
    b: `select(state[k * ${H} + min(n, ${H - 1})], 1.0, n == ${H})`,
    aContiguous: 'm',
    bContiguous: 'n',
  });
  return {
    hidden: runProgram(hidden, [rows, weight]) as tf.Tensor3D,
    weightAndBias: runProgram(weightAndBias, [rows, state]) as tf.Tensor2D,
  };
}
