// Generation on the GPU: per character one fused GRU-cell dispatch per layer (layer 0 looks the embedding up;
// layer l > 0 reads the new state of the layer below), the output layer, and a GPU sampler that writes the id
// into a history buffer the next cell reads. The caller reads a whole chunk of ids back at once.
import * as tf from '@tensorflow/tfjs';
import type { GruWeights } from '../model/gru';
import { GruCellProgram } from './gruCell';
import { runProgram, type WebGPUProgram } from './programRunner';
import { SharedOutput } from './inPlace';
import { SampleProgram } from './sampler';
import { matmulProgram } from './matmul';

export interface GenerationWeights {
  embedding: tf.Tensor2D; // [V, E]
  gru: GruWeights[]; // one per layer
  fcWeight: tf.Tensor2D; // [V, H]
  fcBias: tf.Tensor1D; // [V]
}

export interface GeneratedChunk {
  ids: tf.Tensor2D; // [count, B] int32: ids[s, b] is the character after step s
  h: tf.Tensor3D; // [L, B, H] state after feeding the chunk's last input
}

/** The cell programs of a stack: layer 0 reads ids (from firstIds or the history), layers above read dense input. */
function cellPrograms(w: GenerationWeights, batch: number, units: number, slots: number): GruCellProgram[] {
  const embed = w.embedding.shape[1];
  return w.gru.map((_, l) => new GruCellProgram({ batch, units, embed: l === 0 ? embed : units, slots, dense: l > 0 }));
}

/**
 * One character through every layer: states [B, H] per layer (replaced in place in the array; the old ones
 * are disposed unless they belong to `keep`). Returns the top layer's new state.
 */
function stepLayers(
  w: GenerationWeights, cells: GruCellProgram[], biases: tf.Tensor[], states: tf.Tensor2D[],
  ids: [tf.Tensor1D, tf.Tensor], slot: number, keep: ReadonlySet<tf.Tensor>,
): tf.Tensor2D {
  let below: tf.Tensor2D | undefined;
  w.gru.forEach((g, l) => {
    const input = l === 0 ? [w.embedding, ids[0], ids[1]] : [below as tf.Tensor2D];
    const next = runProgram(cells[l], [...input, g.weightIh, g.weightHh, biases[l], states[l]], [slot]) as tf.Tensor2D;
    if (!keep.has(states[l])) states[l].dispose();
    states[l] = next;
    below = next;
  });
  return below as tf.Tensor2D;
}

/**
 * Feeds firstIds [B] (int32), then each sampled id, `count` times from state h [L, B, H]; draws [count, B] are
 * uniform numbers in [0, 1) (unused at temperature 0: argmax). No readback inside; caller disposes the result.
 */
export function generateChunk(
  w: GenerationWeights,
  h: tf.Tensor3D,
  firstIds: tf.Tensor1D,
  count: number,
  temperature: number,
  draws: tf.Tensor2D,
): GeneratedChunk {
  const [, batch, units] = h.shape;
  const vocab = w.embedding.shape[0];
  const history = new SharedOutput([count, batch], 'int32');
  const cells = cellPrograms(w, batch, units, count);
  const sampler = new SampleProgram(batch, vocab, count);
  const logitsProgram = outputLayerProgram(batch, units, vocab);
  const tau = tf.tensor1d([temperature]);
  const biases = w.gru.map((g) => tf.stack([g.biasIh, g.biasHh])); // [2, 3H] per layer, once per chunk
  const starts = tf.unstack(h) as tf.Tensor2D[];
  const states = [...starts];
  const keep = new Set<tf.Tensor>(); // the starting states are disposed below, once, with the chunk's temporaries
  for (let s = 0; s < count; s++) {
    const top = stepLayers(w, cells, biases, states, [firstIds, history.asInput], s, s === 0 ? new Set(starts) : keep);
    const logits = runProgram(logitsProgram, [top, w.fcWeight, w.fcBias]); // [B, V]
    history.run(sampler, [logits, draws, tau], [s]);
    logits.dispose();
  }
  const last = tf.stack(states) as tf.Tensor3D;
  tf.dispose([tau, ...biases, ...starts, ...states]);
  const ids = history.toTensor() as tf.Tensor2D;
  return { ids, h: last };
}

/** logits [B, V] = h·W_fcᵀ + b_fc as a tiled matmul. */
function outputLayerProgram(batch: number, units: number, vocab: number): WebGPUProgram {
  return matmulProgram({
    name: 'outputLayer',
    inputs: ['h', 'fcw', 'fcb'],
    m: batch,
    n: vocab,
    k: units,
    a: `h[m * ${units} + k]`,
    b: `fcw[n * ${units} + k]`,
    bias: 'fcb[n]',
    aContiguous: 'k',
    bContiguous: 'k',
  });
}

/** One fused GRU step h' = GRU(emb[ids], h) for ids [B] (int32) and h [L, B, H]: one dispatch per layer. */
export function fusedGruStep(w: GenerationWeights, ids: tf.Tensor1D, h: tf.Tensor3D): tf.Tensor3D {
  const [, batch, units] = h.shape;
  const cells = cellPrograms(w, batch, units, 1);
  return tf.tidy(() => {
    const biases = w.gru.map((g) => tf.stack([g.biasIh, g.biasHh]));
    const states = tf.unstack(h) as tf.Tensor2D[]; // tidy disposes the replaced ones
    stepLayers(w, cells, biases, states, [ids, ids], 0, new Set(states));
    return tf.stack(states) as tf.Tensor3D;
  });
}
