// Writing text: feed the seed through the model, then one character at a time, carrying the hidden state.
import * as tf from '@tensorflow/tfjs';
import type { CharModel } from './charModel';
import { gruCell, inputProjection } from './gru';
import { sampleFromLogits } from './sampler';
import { createRng } from '../data/rng';

export interface GenerateOptions {
  length: number;
  temperature: number;
  samplingSeed: number;
  /** Called with each new id; return false to stop early. */
  onId(id: number): boolean | void;
  /** Awaited every `yieldEvery` characters so other work (training, messages) can run. */
  pause?(): Promise<void>;
  yieldEvery?: number;
}

/** Generates from seed ids (at least one). Holds one hidden-state tensor at a time; returns ids made. */
export async function generateIds(model: CharModel, seedIds: number[], opts: GenerateOptions): Promise<number[]> {
  if (seedIds.length === 0) throw new Error('generateIds needs at least one seed character');
  const rng = createRng(opts.samplingSeed);
  const out: number[] = [];
  // Seed: the whole seed in one window, batch 1.
  let { h, logits } = tf.tidy(() => {
    const ids = tf.tensor2d(seedIds, [seedIds.length, 1], 'int32');
    const { logits: all, last } = model.forward(ids);
    return { h: last, logits: tf.reshape(tf.slice(all, [seedIds.length - 1, 0, 0], [1, 1, -1]), [-1]) };
  });
  try {
    for (let i = 0; i < opts.length; i++) {
      const values = await logits.data();
      const id = sampleFromLogits(values, opts.temperature, rng);
      out.push(id);
      if (opts.onId(id) === false) break;
      const next = stepOnce(model, id, h);
      tf.dispose([h, logits]);
      ({ h, logits } = next);
      if (opts.pause && (i + 1) % (opts.yieldEvery ?? 8) === 0) await opts.pause();
    }
  } finally {
    tf.dispose([h, logits]);
  }
  return out;
}

/** One character through embedding, GRU cell and dense layer: returns the new state and logits [V]. */
export function stepOnce(model: CharModel, id: number, h: tf.Tensor2D): { h: tf.Tensor2D; logits: tf.Tensor1D } {
  return tf.tidy(() => {
    const x = model.embed(tf.tensor2d([id], [1, 1], 'int32')); // [1, 1, E]
    const gi = tf.reshape(inputProjection(x, model.gruWeights), [1, -1]) as tf.Tensor2D;
    const next = gruCell(gi, h, model.gruWeights);
    return { h: next, logits: tf.reshape(model.project(next), [-1]) as tf.Tensor1D };
  });
}
