// Generation on the GPU: per character one fused GRU-cell dispatch (embedding lookup included), the output
// layer, and a GPU sampler that writes the id into a history buffer the next cell reads. The caller reads a
// whole chunk of ids back at once.
import * as tf from '@tensorflow/tfjs';
import type { GruWeights } from '../model/gru';
import { GruCellProgram } from './gruCell';
import { runProgram, type WebGPUProgram } from './programRunner';
import { SharedOutput } from './inPlace';
import { SampleProgram } from './sampler';
import { matmulProgram } from './matmul';

export interface GenerationWeights {
  embedding: tf.Tensor2D; // [V, E]
  gru: GruWeights;
  fcWeight: tf.Tensor2D; // [V, H]
  fcBias: tf.Tensor1D; // [V]
}

export interface GeneratedChunk {
  ids: tf.Tensor2D; // [count, B] int32: ids[s, b] is the character after step s
  h: tf.Tensor2D; // [B, H] state after feeding the chunk's last input
}

/**
 * Feeds firstIds [B] (int32), then each sampled id, `count` times from state h [B, H]; draws [count, B] are
 * uniform numbers in [0, 1) (unused at temperature 0: argmax). No readback inside; caller disposes the result.
 */
export function generateChunk(
  w: GenerationWeights,
  h: tf.Tensor2D,
  firstIds: tf.Tensor1D,
  count: number,
  temperature: number,
  draws: tf.Tensor2D,
): GeneratedChunk {
  const [batch, units] = h.shape;
  const [vocab, embed] = w.embedding.shape;
  const history = new SharedOutput([count, batch], 'int32');
  const cell = new GruCellProgram({ batch, units, embed, slots: count });
  const sampler = new SampleProgram(batch, vocab, count);
  const logitsProgram = outputLayerProgram(batch, units, vocab);
  const tau = tf.tensor1d([temperature]);
  const g = w.gru;
  const biases = tf.stack([g.biasIh, g.biasHh]); // [2, 3H], once per chunk
  let state = h;
  for (let s = 0; s < count; s++) {
    const inputs = [w.embedding, firstIds, history.asInput, g.weightIh, g.weightHh, biases, state];
    const next = runProgram(cell, inputs, [s]) as tf.Tensor2D;
    if (state !== h) state.dispose();
    state = next;
    const logits = runProgram(logitsProgram, [state, w.fcWeight, w.fcBias]); // [B, V]
    history.run(sampler, [logits, draws, tau], [s]);
    logits.dispose();
  }
  tf.dispose([tau, biases]);
  const ids = history.toTensor() as tf.Tensor2D;
  return { ids, h: state === h ? tf.clone(h) : state };
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

/** One fused GRU step h' = GRU(emb[ids], h) for ids [B] (int32): one dispatch (plus stacking the biases). */
export function fusedGruStep(w: GenerationWeights, ids: tf.Tensor1D, h: tf.Tensor2D): tf.Tensor2D {
  const [batch, units] = h.shape;
  const cell = new GruCellProgram({ batch, units, embed: w.embedding.shape[1], slots: 1 });
  const g = w.gru;
  return tf.tidy(() => {
    const biases = tf.stack([g.biasIh, g.biasHh]);
    return runProgram(cell, [w.embedding, ids, ids, g.weightIh, g.weightHh, biases, h], [0]) as tf.Tensor2D;
  });
}
