// The dense output layer's weight gradient from softmaxLoss's rows (lossRows: dlogits in columns [0, V)), with h
// the top GRU layer's state buffer read in place (plane 0 holds h [T·B, H]):
//   [dW_fc | db_fc] = dlogitsᵀ·[h | 1]  [V, H + 1]
// (dh = dlogits·W_fc, the backward time loop's input, comes from softmaxLoss itself.)
import type * as tf from '@tensorflow/tfjs-core';
import { type MatmulJob, type MatmulSpec } from '../matmul/matmul';
import { lossRows } from './softmaxLoss';

export interface OutputSizes {
  time: number;
  batch: number;
  units: number;
  vocab: number;
}

/** [dW_fc | db_fc] [V, H + 1] = dlogitsᵀ·[h | 1], as a job for runMatmuls (with the layer's weight gradients). */
export function outputWeightJob(s: OutputSizes, rows: tf.Tensor, state: tf.Tensor): MatmulJob {
  const { time: T, batch: B, units: H, vocab: V } = s;
  const { width } = lossRows(V, H);
  const spec: MatmulSpec = {
    name: 'outputWeightBias',
    inputs: ['rows', 'state'],
    m: V,
    n: H + 1,
    k: T * B,
    a: `rows[k * ${width} + m]`,
    b: `select(state[k * ${H} + min(n, ${H - 1})], 1.0, n == ${H})`,
    aContiguous: 'm',
    bContiguous: 'n',
  };
  return { spec, tensors: [rows, state] };
}
