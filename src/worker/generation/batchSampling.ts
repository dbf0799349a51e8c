// Sampling several sequences side by side from one seed: B columns, one forward per character for all of
// them, each column with its own temperature and its own generator seeded alike. One column with filters is
// how a single generation uses top-k, top-p or the repetition penalty.
import * as tf from '../tfjs';
import type { CharModel } from '../model/charModel';
import { rows, seedBatch, stepBatch, type BatchState } from './batchStep';
import { sampleNext } from './filters';
import type { SamplingFilters } from '../../shared/generationConfig';
import { createRng } from '../../shared/data/rng';

export interface ColumnSampleOptions {
  length: number;
  /** One column per temperature (0 = greedy). */
  temperatures: readonly number[];
  /** Every column draws from its own generator with this seed: column b equals a single generation at temperatures[b]. */
  samplingSeed: number;
  filters?: SamplingFilters;
  /** Called with each column's new id after every character; return false to stop early. */
  onIds(ids: number[]): boolean | void;
  /** Awaited every `yieldEvery` characters so other work (training, messages) can run. */
  pause?(): Promise<void>;
  yieldEvery?: number;
}

/** Samples `length` ids per column after seedIds (at least one). Returns them by column; leaves no tensor behind. */
export async function sampleColumns(
  model: CharModel,
  seedIds: readonly number[],
  opts: ColumnSampleOptions,
): Promise<number[][]> {
  const batch = opts.temperatures.length;
  const rngs = opts.temperatures.map(() => createRng(opts.samplingSeed));
  const history = opts.temperatures.map(() => [...seedIds]); // for the repetition penalty
  const out = opts.temperatures.map((): number[] => []);
  let state: BatchState = seedBatch(model, seedIds, batch);
  try {
    for (let n = 0; n < opts.length; n++) {
      if (n > 0) {
        const next = stepBatch(
          model,
          out.map((column) => column[column.length - 1]),
          state.h,
        );
        tf.dispose([state.h, state.logits]);
        state = next;
      }
      const logits = rows((await state.logits.data()) as Float32Array, batch);
      const ids = logits.map((l, b) => sampleNext(l, history[b], opts.temperatures[b], opts.filters ?? {}, rngs[b]));
      ids.forEach((id, b) => (out[b].push(id), history[b].push(id)));
      if (opts.onIds(ids) === false) break;
      if (opts.pause && (n + 1) % (opts.yieldEvery ?? 8) === 0) await opts.pause();
    }
  } finally {
    tf.dispose([state.h, state.logits]);
  }
  return out;
}
