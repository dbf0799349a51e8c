// How likely the model finds a text: for each character, the probability it gave that character and its k
// favourites there. One forward pass (batch 1) over the text, in chunks that carry the hidden state.
import * as tf from '../tfjs';
import { oneHotFloat, type CharModel } from '../model/charModel';

export interface TextScores {
  /** Per character of the text: the probability the model gave it; NaN where nothing came before it. */
  probabilities: Float32Array; // [N]
  /** The k most likely characters at each position, best first, flattened. */
  topIds: Int32Array; // [N, k]
  topProbabilities: Float32Array; // [N, k]
  k: number;
  /** Mean −ln p over the scored characters (nats per character); null when none could be scored. */
  meanLoss: number | null;
  scored: number;
  /** Chunks read so far and in all; done < total when the scoring was stopped. */
  done: number;
  total: number;
}

/** Characters per forward pass: small enough that progress moves every second or two even on a slow GPU. */
export const SCORE_CHUNK = 32;

export interface ScoreOptions {
  /** Alternatives kept per position (at most the vocabulary size). */
  k?: number;
  /** Timesteps per forward pass; long texts are read in pieces of this length (and progress told per piece). */
  chunk?: number;
  pause?(): Promise<void>;
  /** After each piece, with the scores so far (arrays are live: copy what you keep). */
  onChunk?(partial: TextScores): void;
  /** Checked before each piece; true ends the scoring with what is scored so far. */
  shouldStop?(): boolean;
}

/**
 * Scores ids after contextIds (read first, not scored; empty: the first id has nothing to be predicted
 * from and stays unscored). Leaves no tensor behind.
 */
export async function scoreIds(
  model: CharModel,
  contextIds: readonly number[],
  ids: readonly number[],
  opts: ScoreOptions = {},
): Promise<TextScores> {
  const k = Math.min(opts.k ?? 5, model.config.vocabSize);
  const chunk = opts.chunk ?? SCORE_CHUNK;
  const input = [...contextIds, ...ids];
  const offset = contextIds.length; // input[t + 1] is ids[t + 1 - offset]
  const n = ids.length;
  const probabilities = new Float32Array(n).fill(NaN);
  const topIds = new Int32Array(n * k);
  const topProbabilities = new Float32Array(n * k).fill(NaN);
  let h: tf.Tensor3D | undefined;
  let lossSum = 0;
  let scored = 0;
  const total = Math.ceil(Math.max(0, input.length - 1) / chunk);
  let done = 0;
  const result = (): TextScores => ({
    probabilities,
    topIds,
    topProbabilities,
    k,
    meanLoss: scored > 0 ? lossSum / scored : null,
    scored,
    done,
    total,
  });
  try {
    // Positions 0..M−2 each predict the next input character.
    for (let start = 0; start < input.length - 1; start += chunk) {
      if (opts.shouldStop?.()) break;
      const end = Math.min(start + chunk, input.length - 1);
      const piece = scoreChunk(model, input.slice(start, end), input.slice(start + 1, end + 1), k, h);
      h?.dispose();
      h = piece.h;
      const [target, values, indices] = await Promise.all([
        piece.target.data(),
        piece.topValues.data(),
        piece.topIndices.data(),
      ]);
      tf.dispose([piece.target, piece.topValues, piece.topIndices]);
      for (let t = start; t < end; t++) {
        const j = t + 1 - offset;
        if (j < 0) continue; // a context character predicting the next context character
        const row = t - start;
        probabilities[j] = Math.exp(target[row]);
        lossSum -= target[row];
        scored++;
        for (let r = 0; r < k; r++) {
          topIds[j * k + r] = indices[row * k + r];
          topProbabilities[j * k + r] = Math.exp(values[row * k + r]);
        }
      }
      done++;
      opts.onChunk?.(result());
      if (opts.pause) await opts.pause();
    }
  } finally {
    h?.dispose();
  }
  return result();
}

/** inputs and targets [C]: ln p(target) [C], top-k ln p and ids [C, k], and the state after the chunk. */
function scoreChunk(model: CharModel, inputs: number[], targets: number[], k: number, h0?: tf.Tensor3D) {
  return tf.tidy(() => {
    const c = inputs.length;
    const ids = tf.tensor2d(Int32Array.from(inputs), [c, 1], 'int32');
    const { logits, last } = model.forward(ids, h0); // logits [C, 1, V]
    const logProbs = tf.logSoftmax(tf.reshape(logits, [c, model.config.vocabSize])); // [C, V]
    const onehot = oneHotFloat(tf.tensor1d(Int32Array.from(targets), 'int32'), model.config.vocabSize);
    const target = tf.sum(tf.mul(logProbs, onehot), 1);
    const { values, indices } = tf.topk(logProbs, k);
    return { h: last, target, topValues: values, topIndices: indices };
  });
}
