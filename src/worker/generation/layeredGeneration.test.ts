// Decoding with stacked layers of each cell: every path carries one state per layer (the LSTM's h and c) and
// agrees with a full forward pass.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { beamSearch } from './beamSearch';
import { generateIds } from './generate';
import { scoreIds } from './scoring';
import { sampleColumns } from './batchSampling';
import { tinySetup } from '../../test/fixtures';
import { argmax } from './sampler';
import { CELLS } from '../../shared/cell';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Greedy ids by re-running the whole prefix through forward each time (no carried state). */
function greedyByWindows(model: ReturnType<typeof tinySetup>['model'], seed: number[], length: number): number[] {
  const ids = [...seed];
  for (let n = 0; n < length; n++) {
    const logits = tf.tidy(() => {
      const { logits: all } = model.forward(tf.tensor2d(ids, [ids.length, 1], 'int32'));
      return tf.slice(all, [ids.length - 1, 0, 0], [1, 1, -1]);
    });
    ids.push(argmax(logits.dataSync()));
    logits.dispose();
  }
  return ids.slice(seed.length);
}

describe.each(CELLS)('decoding a 3-layer %s with dropout', (cell) => {
  it('greedy, beam width 1, the temperature grid and scoring agree with full forward passes; no tensor left', async () => {
    const s = tinySetup(undefined, {}, { cell, layers: 3, dropout: 0.3 });
    for (let i = 0; i < 5; i++) await s.trainer.trainOnce();
    const seed = [1, 2, 3];
    const expected = greedyByWindows(s.model, seed, 10);
    const before = tf.memory().numTensors;
    const greedy = await generateIds(s.model, seed, { length: 10, temperature: 0, samplingSeed: 1, onId: () => {} });
    expect(greedy).toEqual(expected);
    expect((await beamSearch(s.model, seed, { width: 1, length: 10 })).ids).toEqual(expected);
    const columns = await sampleColumns(s.model, seed, {
      length: 10,
      temperatures: [0, 0],
      samplingSeed: 1,
      onIds: () => {},
    });
    expect(columns).toEqual([expected, expected]);
    const chunked = await scoreIds(s.model, seed, expected, { chunk: 4 });
    const whole = await scoreIds(s.model, seed, expected, { chunk: 64 });
    expect(worst(chunked.probabilities, whole.probabilities)).toBeLessThan(1e-5); // state carried across chunks
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
});

const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])));
