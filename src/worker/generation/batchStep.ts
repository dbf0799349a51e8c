// One character for B sequences at once: the step that beam search, the temperature grid and filtered
// sampling share. On the fused path the GRU cell is one WebGPU dispatch; the output layer is plain ops.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import { cellStep, inputProjection } from '../model/recurrence';
import { fusedGruStep, type GenerationWeights } from '../kernels/gru/generation';
import { CELL_KERNELS } from '../kernels/gru/cellKernel';

export interface BatchState {
  h: tf.Tensor3D; // [L, B, P·H]: one state per layer (h, and the LSTM's c)
  logits: tf.Tensor2D; // [B, V]: the distribution of each sequence's next character
}

/** Feeds seedIds (at least one) once with batch 1 and repeats the resulting state B times. Caller disposes. */
export function seedBatch(model: CharModel, seedIds: readonly number[], batch: number): BatchState {
  if (seedIds.length === 0) throw new Error('seedBatch needs at least one seed character');
  return tf.tidy(() => {
    const ids = tf.tensor2d(Int32Array.from(seedIds), [seedIds.length, 1], 'int32');
    const { logits, last } = model.forward(ids); // logits [T, 1, V]
    const lastLogits = tf.reshape(tf.slice(logits, [seedIds.length - 1, 0, 0], [1, 1, -1]), [1, -1]);
    return { h: tf.tile(last, [1, batch, 1]) as tf.Tensor3D, logits: tf.tile(lastLogits, [batch, 1]) as tf.Tensor2D };
  });
}

/** Feeds ids [B] (one per sequence) from state h [L, B, P·H]: the new state and next logits. Caller disposes. */
export function stepBatch(model: CharModel, ids: ArrayLike<number>, h: tf.Tensor3D): BatchState {
  return tf.tidy(() => {
    const input = tf.tensor1d(Int32Array.from(ids), 'int32');
    const next = model.fusedGeneration
      ? fusedGruStep(generationWeights(model), input, h)
      : referenceCellStep(model, input, h);
    return { h: next, logits: model.project(model.topHidden(next)) };
  });
}

/** ids [B] from states [L, B, P·H] through each layer's cell in plain ops (no dropout: not a training step). */
export function referenceCellStep(model: CharModel, ids: tf.Tensor1D, h: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const states = tf.unstack(h) as tf.Tensor2D[];
    let x = model.embed(tf.reshape(ids, [1, -1]) as tf.Tensor2D); // [1, B, E]
    const next = model.cellLayers.map((w, l) => {
      const gi = tf.reshape(inputProjection(x, w), [ids.shape[0], -1]) as tf.Tensor2D;
      const step = cellStep(model.cell, gi, states[l], w);
      x = tf.expandDims(step.signals.h, 0) as tf.Tensor3D; // the next layer's input [1, B, H]
      return step.state;
    });
    return tf.stack(next) as tf.Tensor3D;
  });
}

export function generationWeights(model: CharModel): GenerationWeights {
  return {
    embedding: model.weights['embedding.weight'] as tf.Tensor2D,
    gru: model.cellLayers,
    fcWeight: model.weights['fc.weight'] as tf.Tensor2D,
    fcBias: model.weights['fc.bias'] as tf.Tensor1D,
    cell: CELL_KERNELS[model.cell.name],
  };
}

/** Rows of a [B, V] array read back as B views. */
export function rows(data: Float32Array, batch: number): Float32Array[] {
  const width = data.length / batch;
  return Array.from({ length: batch }, (_, b) => data.subarray(b * width, (b + 1) * width));
}
