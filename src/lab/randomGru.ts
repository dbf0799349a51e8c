// Seeded random problems of a cell (GRU unless the shape names another) for the lab: inputs, weights, an optional
// initial state and fixed loss weights.
import * as tf from '../worker/tfjs';
import type { GruWeights } from '../worker/model/gru';
import { CELL_GATES, CELL_PLANES, type CellName } from '../shared/cell';

export interface GruShape {
  batch: number;
  units: number;
  embed: number;
  time: number;
  seed?: number;
  withH0?: boolean;
  /** GRU when absent. */
  cell?: CellName;
}

export interface GruProblem {
  x: tf.Tensor3D; // [T, B, E]
  w: GruWeights;
  h0?: tf.Tensor2D; // [B, P·H] (P = 2 for the LSTM's h and c)
  outWeights: tf.Tensor3D; // [T, B, H]: loss = Σ outputs ⊙ outWeights + Σ last ⊙ lastWeights
  lastWeights: tf.Tensor2D; // [B, P·H]
}

/** Caller disposes with disposeProblem. */
export function randomProblem(s: GruShape): GruProblem {
  const seed = s.seed ?? 1;
  const { batch: B, units: H, embed: E, time: T } = s;
  const u = (shape: number[], scale: number, k: number) =>
    tf.randomUniform(shape, -scale, scale, 'float32', seed * 101 + k);
  const ws = 1 / Math.sqrt(H);
  const G = CELL_GATES[s.cell ?? 'gru'] * H;
  const P = CELL_PLANES[s.cell ?? 'gru'] * H;
  return {
    x: u([T, B, E], 1, 1) as tf.Tensor3D,
    w: {
      weightIh: u([G, E], ws, 2) as tf.Tensor2D,
      weightHh: u([G, H], ws, 3) as tf.Tensor2D,
      biasIh: u([G], ws, 4) as tf.Tensor1D,
      biasHh: u([G], ws, 5) as tf.Tensor1D,
    },
    h0: s.withH0 ? (u([B, P], 0.5, 6) as tf.Tensor2D) : undefined,
    outWeights: u([T, B, H], 1, 7) as tf.Tensor3D,
    lastWeights: u([B, P], 1, 8) as tf.Tensor2D,
  };
}

export function disposeProblem(p: GruProblem): void {
  tf.dispose([p.x, p.w.weightIh, p.w.weightHh, p.w.biasIh, p.w.biasHh, p.outWeights, p.lastWeights]);
  if (p.h0) p.h0.dispose();
}

/** The tensors gradients are taken with respect to, in a fixed order. */
export function gradTargets(p: GruProblem): { names: string[]; tensors: tf.Tensor[] } {
  const names = ['x', 'weightIh', 'weightHh', 'biasIh', 'biasHh'];
  const tensors: tf.Tensor[] = [p.x, p.w.weightIh, p.w.weightHh, p.w.biasIh, p.w.biasHh];
  if (p.h0) {
    names.push('h0');
    tensors.push(p.h0);
  }
  return { names, tensors };
}
