// Input projection for the whole window as one matmul: gi = x·W_ihᵀ + b_ih,  [T·B, E]·[E, 3H] -> [T·B, 3H].
// The embedding-folded table (embeddingTable.ts) is the same projection over the vocabulary's rows.
import type * as tf from '@tensorflow/tfjs-core';
import { runProgram } from '../dispatch/programRunner';
import { matmulProgram } from '../matmul/matmul';

/** rows [R, E] (any shape of R·E values) · W_ihᵀ + b_ih -> [R, 3H], returned in `outputShape`. */
export function projectRows(
  x: tf.Tensor,
  rows: number,
  weightIh: tf.Tensor,
  biasIh: tf.Tensor,
  outputShape: number[],
): tf.Tensor {
  const [gates, e] = weightIh.shape;
  const program = matmulProgram({
    name: 'inputProjection',
    inputs: ['x', 'wih', 'bih'],
    m: rows,
    n: gates,
    k: e,
    a: `x[m * ${e} + k]`,
    b: `wih[n * ${e} + k]`,
    bias: 'bih[n]',
    aContiguous: 'k',
    bContiguous: 'k',
    outputShape,
  });
  return runProgram(program, [x, weightIh, biasIh]);
}

/** x [T, B, E], weightIh [3H, E], biasIh [3H] -> gi [T, B, 3H]. */
export function fusedInputProjection(x: tf.Tensor3D, weightIh: tf.Tensor2D, biasIh: tf.Tensor1D): tf.Tensor3D {
  const [t, b] = x.shape;
  return projectRows(x, t * b, weightIh, biasIh, [t, b, weightIh.shape[0]]) as tf.Tensor3D;
}
