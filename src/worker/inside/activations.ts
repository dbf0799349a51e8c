// The neuron explorer's activation pass: the model reads a text once (batch 1) and every unit's hidden
// state h and gates z, r are kept per character, with the likeliest next characters after each. Plain tfjs
// ops, so it runs on every backend: the input projection of a chunk is one matmul, then the cell per step
// as in gruCell (model/gru.ts), which returns only h. Chunks of ACTIVATION_CHUNK steps, one tidy and one
// readback each, carry the state per layer between them.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import { inputProjection, type GruWeights } from '../model/gru';

/** The GRU weights of each layer, bottom first: the one place that knows how the model stacks its layers. */
export function layerWeights(model: CharModel): GruWeights[] {
  return model.cellLayers;
}

/** h, z and r of every layer, each [steps, units], and after each step the top-k next characters. */
export interface LayerActivations {
  steps: number;
  units: number;
  h: Float32Array[];
  z: Float32Array[];
  r: Float32Array[];
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

/** One step with the gates kept. gi: [1, 3H] (input projection with b_ih), h: [1, H]. Same math as gruCell. */
export function gruStepWithGates(
  gi: tf.Tensor2D,
  h: tf.Tensor2D,
  w: GruWeights,
): { h: tf.Tensor2D; z: tf.Tensor2D; r: tf.Tensor2D } {
  return tf.tidy(() => {
    const units = h.shape[1];
    const gh = tf.add(tf.matMul(h, w.weightHh, false, true), w.biasHh);
    const [giR, giZ, giN] = tf.split(gi, [units, units, units], 1);
    const [ghR, ghZ, ghN] = tf.split(gh, [units, units, units], 1);
    const r = tf.sigmoid(tf.add(giR, ghR)) as tf.Tensor2D;
    const z = tf.sigmoid(tf.add(giZ, ghZ)) as tf.Tensor2D;
    const n = tf.tanh(tf.add(giN, tf.mul(r, ghN)));
    return { h: tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D, z, r };
  });
}

/** One chunk through every layer: packed [C, layers·3·H] (h, z, r per layer), top-k [C, k], the states after. */
function chunkPass(
  model: CharModel,
  layers: GruWeights[],
  ids: ArrayLike<number>,
  k: number,
  states: (tf.Tensor2D | undefined)[],
) {
  return tf.tidy(() => {
    const c = ids.length;
    let input = model.embed(tf.tensor2d(Int32Array.from(ids), [c, 1], 'int32')); // [C, 1, E]
    let top: tf.Tensor2D | null = null;
    const pieces: tf.Tensor2D[] = [];
    const after: tf.Tensor2D[] = [];
    for (let l = 0; l < layers.length; l++) {
      const w = layers[l];
      const units = w.weightHh.shape[1];
      let h: tf.Tensor2D = states[l] ?? tf.zeros([1, units]);
      const hs: tf.Tensor2D[] = [],
        zs: tf.Tensor2D[] = [],
        rs: tf.Tensor2D[] = [];
      for (const gi of tf.unstack(tf.reshape(inputProjection(input, w), [c, 1, 3 * units])) as tf.Tensor2D[]) {
        const step = gruStepWithGates(gi, h, w);
        h = step.h;
        hs.push(step.h);
        zs.push(step.z);
        rs.push(step.r);
      }
      top = tf.concat(hs, 0); // [C, H]
      pieces.push(top, tf.concat(zs, 0), tf.concat(rs, 0));
      after.push(h);
      input = tf.reshape(top, [c, 1, units]) as tf.Tensor3D;
    }
    const { values, indices } = tf.topk(tf.softmax(model.project(top!)), k);
    return { packed: tf.concat(pieces, 1) as tf.Tensor2D, values, indices, after };
  });
}

/** Runs the model over ids from a zero state; leaves no tensor behind. Null when stopped. */
export async function activationPass(
  model: CharModel,
  layers: GruWeights[],
  ids: ArrayLike<number>,
  opts: ActivationOptions = {},
): Promise<LayerActivations | null> {
  const k = Math.min(opts.k ?? 5, model.config.vocabSize);
  const chunk = opts.chunk ?? ACTIVATION_CHUNK;
  const steps = ids.length;
  const units = layers[0].weightHh.shape[1];
  const signal = () => layers.map(() => new Float32Array(steps * units));
  const out: LayerActivations = {
    steps,
    units,
    h: signal(),
    z: signal(),
    r: signal(),
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

/** Copies a chunk's packed rows [c, layers·3·H] into the per-layer arrays from row `start`. */
function unpack(out: LayerActivations, packed: Float32Array, start: number, c: number, layers: number): void {
  const u = out.units;
  const width = layers * 3 * u;
  for (let t = 0; t < c; t++) {
    for (let l = 0; l < layers; l++) {
      const base = t * width + l * 3 * u;
      const row = (start + t) * u;
      out.h[l].set(packed.subarray(base, base + u), row);
      out.z[l].set(packed.subarray(base + u, base + 2 * u), row);
      out.r[l].set(packed.subarray(base + 2 * u, base + 3 * u), row);
    }
  }
}
