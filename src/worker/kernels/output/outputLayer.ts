// The dense output layer's gradients from softmaxLoss's rows [N, V + 1] (dlogits in columns [0, V)), with h the
// top GRU layer's state buffer read in place (plane 0 holds h [T·B, H]):
//   dh = dlogits·W_fc  [T, B, H]     [dW_fc | db_fc] = dlogitsᵀ·[h | 1]  [V, H + 1]
import type * as tf from '@tensorflow/tfjs-core';
import { runProgram } from '../dispatch/programRunner';
import { matmulProgram, type MatmulJob, type MatmulSpec } from '../matmul/matmul';

const dlogit = (V: number, row: string, v: string) => `rows[${row} * ${V + 1} + ${v}]`;

export interface OutputSizes {
  time: number;
  batch: number;
  units: number;
  vocab: number;
}

/** dL/dh of the top layer's outputs [T, B, H] = dlogits·W_fc: the backward time loop's dY. */
export function outputHiddenGrad(s: OutputSizes, rows: tf.Tensor, weight: tf.Tensor): tf.Tensor3D {
  const { time: T, batch: B, units: H, vocab: V } = s;
  const program = matmulProgram({
    name: 'outputHidden',
    inputs: ['rows', 'fcw'],
    m: T * B,
    n: H,
    k: V,
    a: dlogit(V, 'm', 'k'),
    b: `fcw[k * ${H} + n]`,
    aContiguous: 'k',
    bContiguous: 'n',
    outputShape: [T, B, H],
  });
  return runProgram(program, [rows, weight]) as tf.Tensor3D;
}

/** [dW_fc | db_fc] [V, H + 1] = dlogitsᵀ·[h | 1], as a job for runMatmuls (with the layer's weight gradients). */
export function outputWeightJob(s: OutputSizes, rows: tf.Tensor, state: tf.Tensor): MatmulJob {
  const { time: T, batch: B, units: H, vocab: V } = s;
  const spec: MatmulSpec = {
    name: 'outputWeightBias',
    inputs: ['rows', 'state'],
    m: V,
    n: H + 1,
    k: T * B,
    a: dlogit(V, 'k', 'm'),
    b: `select(state[k * ${H} + min(n, ${H - 1})], 1.0, n == ${H})`,
    aContiguous: 'm',
    bContiguous: 'n',
  };
  return { spec, tensors: [rows, state] };
}
