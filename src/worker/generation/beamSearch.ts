// Beam search: keep the `width` continuations with the highest total log-probability, extend each by every
// character, keep the best `width` again; after `length` characters return the best. Deterministic.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import { rows, seedBatch, stepBatch, type BatchState } from './batchStep';

export interface BeamOptions {
  width: number;
  /** Characters to write; every beam has exactly this length, so no length normalisation is needed. */
  length: number;
  /** Checked after every character; true ends the search with the best beam so far. */
  shouldStop?(): boolean;
  /** Called after every character with how many are done. */
  onProgress?(done: number): void;
  pause?(): Promise<void>;
  yieldEvery?: number;
}

export interface BeamResult {
  ids: number[];
  /** Σ ln p of the chosen characters. */
  logProb: number;
}

interface Extension {
  beam: number; // parent beam index
  id: number; // the character added
  score: number; // total log-probability
}

/** The `width` best (beam, character) extensions, best first; ties keep the earlier (beam, id). */
export function bestExtensions(
  logProbs: readonly ArrayLike<number>[],
  scores: readonly number[],
  width: number,
): Extension[] {
  const top: Extension[] = [];
  logProbs.forEach((lp, beam) => {
    for (let id = 0; id < lp.length; id++) {
      const score = scores[beam] + lp[id];
      if (top.length === width && !(score > top[width - 1].score)) continue;
      let at = top.length;
      while (at > 0 && score > top[at - 1].score) at--;
      top.splice(at, 0, { beam, id, score });
      if (top.length > width) top.pop();
    }
  });
  return top;
}

/** Beam search after seedIds (at least one). Leaves no tensor behind. */
export async function beamSearch(model: CharModel, seedIds: readonly number[], opts: BeamOptions): Promise<BeamResult> {
  let state: BatchState = seedBatch(model, seedIds, 1);
  let scores = [0];
  const steps: Extension[][] = []; // back-pointers, one list per character
  try {
    for (let n = 0; n < opts.length; n++) {
      const logProbs = tf.tidy(() => tf.logSoftmax(state.logits)); // [beams, V]
      const data = (await logProbs.data()) as Float32Array;
      logProbs.dispose();
      const chosen = bestExtensions(rows(data, scores.length), scores, opts.width);
      steps.push(chosen);
      scores = chosen.map((c) => c.score);
      opts.onProgress?.(n + 1);
      if (n + 1 === opts.length || opts.shouldStop?.()) break;
      const parents = tf.tensor1d(
        Int32Array.from(chosen, (c) => c.beam),
        'int32',
      );
      const h = tf.gather(state.h, parents, 1) as tf.Tensor3D; // [L, beams, H]
      const next = stepBatch(
        model,
        chosen.map((c) => c.id),
        h,
      );
      tf.dispose([parents, h, state.h, state.logits]);
      state = next;
      if (opts.pause && (n + 1) % (opts.yieldEvery ?? 4) === 0) await opts.pause();
    }
  } finally {
    tf.dispose([state.h, state.logits]);
  }
  return { ids: backtrack(steps), logProb: scores[0] ?? 0 };
}

/** The best final beam's characters, following back-pointers from the last step to the first. */
function backtrack(steps: Extension[][]): number[] {
  const ids: number[] = new Array(steps.length);
  let beam = 0;
  for (let n = steps.length - 1; n >= 0; n--) {
    ids[n] = steps[n][beam].id;
    beam = steps[n][beam].beam;
  }
  return ids;
}
