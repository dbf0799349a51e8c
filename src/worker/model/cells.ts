// The gate math of PyTorch's three cells, in plain tfjs ops. Everything else — the recurrent matmul, the time
// loop, stacking, checkpoint names — is written once (recurrence.ts, charModel.ts) and takes a CellSpec.
//   GRU  (r, z, n):    r = σ(gi_r + gh_r)  z = σ(gi_z + gh_z)  n = tanh(gi_n + r ⊙ gh_n)  h' = (1 − z) ⊙ n + z ⊙ h
//   LSTM (i, f, g, o): i, f, o = σ(gi + gh)  g = tanh(gi_g + gh_g)  c' = f ⊙ c + i ⊙ g  h' = o ⊙ tanh(c')
//   RNN:               h' = tanh(gi + gh)
// with gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh, gate blocks of H rows in the order above.
import * as tf from '../tfjs';
import { CELL_GATES, CELL_PLANES, CELL_SIGNALS, type CellName, type CellSignal } from '../../shared/cell';

/** One layer's weights in PyTorch layout; G = the cell's gate count. */
export interface CellWeights {
  weightIh: tf.Tensor2D; // [G·H, E]
  weightHh: tf.Tensor2D; // [G·H, H]
  biasIh: tf.Tensor1D; // [G·H]
  biasHh: tf.Tensor1D; // [G·H]
}

/** What one timestep gives: the state to carry and every quantity the explorer can show (h among them). */
export interface CellStepResult {
  state: tf.Tensor2D; // [B, P·H]: h, then the LSTM's c
  signals: Partial<Record<CellSignal, tf.Tensor2D>> & { h: tf.Tensor2D }; // each [B, H]
}

export interface CellSpec {
  name: CellName;
  gates: number;
  planes: number;
  /** The explorer's quantities in the order it lists them; 'h' is the layer's output. */
  signals: readonly CellSignal[];
  /** gi, gh: [B, G·H]; state: [B, P·H]. Called inside a tidy. */
  step(gi: tf.Tensor2D, gh: tf.Tensor2D, state: tf.Tensor2D): CellStepResult;
}

const blocks = (t: tf.Tensor2D, n: number) => tf.split(t, n, 1) as tf.Tensor2D[];

const gru: CellSpec = {
  name: 'gru',
  gates: CELL_GATES.gru,
  planes: CELL_PLANES.gru,
  signals: CELL_SIGNALS.gru,
  step(gi, gh, h) {
    const [giR, giZ, giN] = blocks(gi, 3);
    const [ghR, ghZ, ghN] = blocks(gh, 3);
    const r = tf.sigmoid(tf.add(giR, ghR)) as tf.Tensor2D;
    const z = tf.sigmoid(tf.add(giZ, ghZ)) as tf.Tensor2D;
    const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
    // h' = n + z ⊙ (h − n)  ==  (1 − z) ⊙ n + z ⊙ h
    const next = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
    return { state: next, signals: { h: next, z, r } };
  },
};

const lstm: CellSpec = {
  name: 'lstm',
  gates: CELL_GATES.lstm,
  planes: CELL_PLANES.lstm,
  signals: CELL_SIGNALS.lstm,
  step(gi, gh, state) {
    const [, c] = blocks(state, 2);
    const [ai, af, ag, ao] = blocks(tf.add(gi, gh) as tf.Tensor2D, 4);
    const i = tf.sigmoid(ai) as tf.Tensor2D;
    const f = tf.sigmoid(af) as tf.Tensor2D;
    const g = tf.tanh(ag) as tf.Tensor2D;
    const o = tf.sigmoid(ao) as tf.Tensor2D;
    const cNext = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    const h = tf.mul(o, tf.tanh(cNext)) as tf.Tensor2D;
    return { state: tf.concat([h, cNext], 1), signals: { i, f, o, g, c: cNext, h } };
  },
};

const rnn: CellSpec = {
  name: 'rnn',
  gates: CELL_GATES.rnn,
  planes: CELL_PLANES.rnn,
  signals: CELL_SIGNALS.rnn,
  step(gi, gh) {
    const h = tf.tanh(tf.add(gi, gh)) as tf.Tensor2D;
    return { state: h, signals: { h } };
  },
};

export const CELL_SPECS: Record<CellName, CellSpec> = { gru, lstm, rnn };
