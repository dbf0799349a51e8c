// Input projection for the whole window as one matmul: gi = x·W_ihᵀ + b_ih,  [T·B, E]·[E, 3H] -> [T·B, 3H].
import * as tf from '@tensorflow/tfjs';
import { runProgram } from './programRunner';
import { matmulProgram } from './matmul';

/** x [T, B, E], weightIh [3H, E], biasIh [3H] -> gi [T, B, 3H]. */
export function fusedInputProjection(x: tf.Tensor3D, weightIh: tf.Tensor2D, biasIh: tf.Tensor1D): tf.Tensor3D {
  const [t, b, e] = x.shape;
  const gates = weightIh.shape[0];
  const program = matmulProgram({
    name: 'inputProjection',
    inputs: ['x', 'wih', 'bih'],
    m: t * b,
    n: gates,
    k: e,
    a: `x[m * ${e} + k]`,
    b: `wih[n * ${e} + k]`,
    bias: 'bih[n]',
    aContiguous: 'k',
    bContiguous: 'k',
    outputShape: [t, b, gates],
  });
  return runProgram(program, [x, weightIh, biasIh]) as tf.Tensor3D;
}
