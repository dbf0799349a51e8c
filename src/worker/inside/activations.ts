// The neuron explorer's activation pass: the model reads a text once (batch 1) and every unit's hidden
// state h and the cell's gates (CellSpec.signals) are kept per character, with the likeliest next characters
// after each. Plain tfjs ops, so it runs on every backend: the input projection of a chunk is one matmul, then
// the cell's own step (cellStep, model/recurrence.ts), whose signals it keeps. Chunks of ACTIVATION_CHUNK
// steps, one tidy and one readback each, carry each layer's whole state (the LSTM's h and c) between them.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import type { CellWeights } from '../model/cells';
import { cellStep, inputProjection, zeroState } from '../model/recurrence';
import type { CellSignal } from '../../shared/cell';

/** The weights of each layer, bottom first: the one place that knows how the model stacks its layers. */
export function layerWeights(model: CharModel): CellWeights[] {
  return model.cellLayers;
}

/** The cell's signals of every layer, each [steps, units], and after each step the top-k next characters. */
export interface LayerActivations {
  steps: number;
  units: number;
  signals: CellSignal[];
  values: Partial<Record<CellSignal, Float32Array[]>>;
  topIds: Int32Array; // [steps, k]
  topProbabilities: Float32Array; // [steps, k]
  k: number;
}

/** Steps per tidy and readback: long enough to keep the GPU busy, short enough to stay responsive. */
export const ACTIVATION_CHUNK = 200;

export interface ActivationOptions {
  k?: number;
  chunk?: number;
  pause?(): Promise<void>;
  /** Checked before each chunk: true ends the pass early (the result is then null). */
  shouldStop?(): boolean;
}

/** One chunk through every layer: packed [C, layers·S·H] (S signals per layer), top-k [C, k], the states after. */
function chunkPass(
  model: CharModel,
  layers: CellWeights[],
  ids: ArrayLike<number>,
  k: number,
  states: (tf.Tensor2D | undefined)[],
) {
  return tf.tidy(() => {
    const c = ids.length;
    const { cell } = model;
    let input = model.embed(tf.tensor2d(Int32Array.from(ids), [c, 1], 'int32')); // [C, 1, E]
    let top: tf.Tensor2D | null = null;
    const pieces: tf.Tensor2D[] = [];
    const after: tf.Tensor2D[] = [];
    for (let l = 0; l < layers.length; l++) {
      const w = layers[l];
      const units = w.weightHh.shape[1];
      let state = states[l] ?? zeroState(cell, 1, units);
      const kept = cell.signals.map(() => [] as tf.Tensor2D[]);
      for (const gi of tf.unstack(inputProjection(input, w)) as tf.Tensor2D[]) {
        const step = cellStep(cell, gi, state, w);
        state = step.state;
        cell.signals.forEach((s, i) => kept[i].push(step.signals[s]!));
      }
      const signals = kept.map((steps) => tf.concat(steps, 0)); // each [C, H]
      top = signals[cell.signals.indexOf('h')];
      pieces.push(...signals);
      after.push(state);
      input = tf.reshape(top, [c, 1, units]) as tf.Tensor3D;
    }
    const { values, indices } = tf.topk(tf.softmax(model.project(top!)), k);
    return { packed: tf.concat(pieces, 1) as tf.Tensor2D, values, indices, after };
  });
}

/** Runs the model over ids from a zero state; leaves no tensor behind. Null when stopped. */
export async function activationPass(
  model: CharModel,
  layers: CellWeights[],
  ids: ArrayLike<number>,
  opts: ActivationOptions = {},
): Promise<LayerActivations | null> {
  const k = Math.min(opts.k ?? 5, model.config.vocabSize);
  const chunk = opts.chunk ?? ACTIVATION_CHUNK;
  const steps = ids.length;
  const units = layers[0].weightHh.shape[1];
  const signals = [...model.cell.signals];
  const perLayer = () => layers.map(() => new Float32Array(steps * units));
  const out: LayerActivations = {
    steps,
    units,
    signals,
    values: Object.fromEntries(signals.map((s) => [s, perLayer()])),
    topIds: new Int32Array(steps * k),
    topProbabilities: new Float32Array(steps * k),
    k,
  };
  const all = Int32Array.from(ids);
  let states: (tf.Tensor2D | undefined)[] = layers.map(() => undefined);
  try {
    for (let start = 0; start < steps; start += chunk) {
      if (opts.shouldStop?.()) return null;
      const piece = chunkPass(model, layers, all.subarray(start, start + chunk), k, states);
      tf.dispose(states.filter((s) => s !== undefined));
      states = piece.after;
      const [packed, values, indices] = await Promise.all([
        piece.packed.data(),
        piece.values.data(),
        piece.indices.data(),
      ]);
      tf.dispose([piece.packed, piece.values, piece.indices]);
      unpack(out, packed as Float32Array, start, Math.min(chunk, steps - start), layers.length);
      out.topIds.set(indices as Int32Array, start * k);
      out.topProbabilities.set(values as Float32Array, start * k);
      if (opts.pause) await opts.pause();
    }
    return out;
  } finally {
    tf.dispose(states.filter((s) => s !== undefined));
  }
}

/** Copies a chunk's packed rows [c, layers·S·H] into the per-layer arrays from row `start`. */
function unpack(out: LayerActivations, packed: Float32Array, start: number, c: number, layers: number): void {
  const u = out.units;
  const width = layers * out.signals.length * u;
  for (let t = 0; t < c; t++) {
    for (let l = 0; l < layers; l++) {
      out.signals.forEach((s, i) => {
        const base = t * width + (l * out.signals.length + i) * u;
        out.values[s]![l].set(packed.subarray(base, base + u), (start + t) * u);
      });
    }
  }
}
