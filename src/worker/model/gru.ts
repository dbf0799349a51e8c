// The GRU in PyTorch nn.GRU / cuDNN semantics: the reference path that every backend runs and that the fused
// WebGPU kernels are tested against. Its gate math is cells.ts's GRU and its time loop recurrence.ts's, which
// every cell shares; these names are the GRU-only view the fused kernels and the lab use.
//   r = σ(gi_r + gh_r)   z = σ(gi_z + gh_z)   n = tanh(gi_n + r ⊙ gh_n)   h' = (1 − z) ⊙ n + z ⊙ h
import * as tf from '../tfjs';
import { CELL_SPECS, type CellWeights } from './cells';
import { cellStep, recurrence, type SequenceFn, type SequenceResult } from './recurrence';

export { inputProjection } from './recurrence';

/** GRU weights in PyTorch layout: W_ih [3H, E], W_hh [3H, H], biases [3H]. */
export type GruWeights = CellWeights;
export type GruResult = SequenceResult;
/** Signature shared by the reference GRU and the fused one, so the model can use either. */
export type GruSequenceFn = SequenceFn;

/** One timestep. gi: [B, 3H] (input projection with b_ih), h: [B, H]. */
export function gruCell(gi: tf.Tensor2D, h: tf.Tensor2D, w: GruWeights): tf.Tensor2D {
  return tf.tidy(() => cellStep(CELL_SPECS.gru, gi, h, w).state);
}

/** Runs the GRU over a whole window. Caller owns (and disposes) the result; differentiable. */
export const gruSequence: GruSequenceFn = recurrence(CELL_SPECS.gru);
