// The GRU in PyTorch nn.GRU / cuDNN semantics, written in plain tfjs ops: the reference path that every
// backend runs and that the fused WebGPU kernels are tested against.
//   r = σ(gi_r + gh_r)   z = σ(gi_z + gh_z)   n = tanh(gi_n + r ⊙ gh_n)   h' = (1 − z) ⊙ n + z ⊙ h
// with gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh, gate order r, z, n.
import * as tf from '../tfjs';

/** GRU weights in PyTorch layout. */
export interface GruWeights {
  weightIh: tf.Tensor2D; // [3H, E]
  weightHh: tf.Tensor2D; // [3H, H]
  biasIh: tf.Tensor1D; // [3H]
  biasHh: tf.Tensor1D; // [3H]
}

export interface GruResult {
  outputs: tf.Tensor3D; // [T, B, H], time-major
  last: tf.Tensor2D; // [B, H]
}

/** Signature shared by the reference GRU and the fused one, so the model can use either. */
export type GruSequenceFn = (x: tf.Tensor3D, w: GruWeights, h0?: tf.Tensor2D) => GruResult;

/** One timestep. gi: [B, 3H] (input projection with b_ih), h: [B, H]. */
export function gruCell(gi: tf.Tensor2D, h: tf.Tensor2D, w: GruWeights): tf.Tensor2D {
  return tf.tidy(() => {
    const units = h.shape[1];
    const gh = tf.add(tf.matMul(h, w.weightHh, false, true), w.biasHh); // [B, 3H]
    const [giR, giZ, giN] = tf.split(gi, [units, units, units], 1);
    const [ghR, ghZ, ghN] = tf.split(gh, [units, units, units], 1);
    const r = tf.sigmoid(tf.add(giR, ghR));
    const z = tf.sigmoid(tf.add(giZ, ghZ));
    const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
    // h' = n + z ⊙ (h − n)  ==  (1 − z) ⊙ n + z ⊙ h
    return tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
  });
}

/** Input projection for all timesteps at once: x [T, B, E] -> gi [T, B, 3H]. */
export function inputProjection(x: tf.Tensor3D, w: GruWeights): tf.Tensor3D {
  return tf.tidy(() => {
    const [t, b, e] = x.shape;
    const gi = tf.add(tf.matMul(tf.reshape(x, [t * b, e]), w.weightIh, false, true), w.biasIh);
    return tf.reshape(gi, [t, b, w.weightIh.shape[0]]) as tf.Tensor3D;
  });
}

/** Runs the GRU over a whole window. Caller owns (and disposes) the result; differentiable. */
export const gruSequence: GruSequenceFn = (x, w, h0) =>
  tf.tidy(() => {
    const [, batch] = x.shape;
    const units = w.weightHh.shape[1];
    const gi = inputProjection(x, w);
    let h: tf.Tensor2D = h0 ?? tf.zeros([batch, units]);
    const outputs: tf.Tensor2D[] = [];
    for (const giT of tf.unstack(gi) as tf.Tensor2D[]) {
      h = gruCell(giT, h, w);
      outputs.push(h);
    }
    return { outputs: tf.stack(outputs) as tf.Tensor3D, last: h };
  });
