import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { scoreIds } from './scoring';
import { bigramModel } from '../../test/bigramModel';
import { tinySetup } from '../../test/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TABLE = [
  [0.1, 0.6, 0.3],
  [0.5, 0.25, 0.25],
  [0.2, 0.2, 0.6],
];

describe('scoreIds', () => {
  it('gives each character the probability the model gave it', async () => {
    const model = bigramModel(TABLE);
    const ids = [0, 1, 1, 2, 0];
    const s = await scoreIds(model, [], ids, { k: 3 });
    expect(s.probabilities[0]).toBeNaN(); // nothing before it
    for (let j = 1; j < ids.length; j++) expect(s.probabilities[j]).toBeCloseTo(TABLE[ids[j - 1]][ids[j]], 5);
    // Alternatives after 0: 1 (0.6), 2 (0.3), 0 (0.1).
    expect([...s.topIds.slice(3, 6)]).toEqual([1, 2, 0]);
    expect(s.topProbabilities[3]).toBeCloseTo(0.6, 5);
    expect(s.scored).toBe(4);
    const expected = -[0.6, 0.25, 0.25, 0.2].reduce((sum, p) => sum + Math.log(p), 0) / 4;
    expect(s.meanLoss).toBeCloseTo(expected, 5);
    // With a context character, the first one is scored too.
    const withContext = await scoreIds(model, [2], ids, { k: 3 });
    expect(withContext.probabilities[0]).toBeCloseTo(0.2, 5);
    expect(withContext.scored).toBe(5);
    model.dispose();
  });
  it('agrees with the training loss and sums to one over the whole vocabulary', async () => {
    const s = tinySetup();
    await s.trainer.trainOnce();
    const ids = Array.from(s.ids.slice(0, 60));
    const v = s.config.vocabSize;
    const scores = await scoreIds(s.model, [], ids, { k: v });
    const loss = s.model.loss(
      tf.tensor2d(ids.slice(0, -1), [59, 1], 'int32'),
      tf.tensor2d(ids.slice(1), [59, 1], 'int32'),
    );
    expect(scores.meanLoss!).toBeCloseTo((await loss.data())[0], 4);
    loss.dispose();
    for (let j = 1; j < ids.length; j++) {
      const row = scores.topProbabilities.slice(j * v, (j + 1) * v);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect([...row]).toEqual([...row].sort((a, b) => b - a));
      const at = [...scores.topIds.slice(j * v, (j + 1) * v)].indexOf(ids[j]);
      expect(row[at]).toBeCloseTo(scores.probabilities[j], 6);
    }
    s.dispose();
  });
  it('gives the same answer in chunks as in one piece, and leaves no tensor behind', async () => {
    const s = tinySetup();
    const before = tf.memory().numTensors;
    const ids = Array.from(s.ids.slice(0, 50));
    const whole = await scoreIds(s.model, [0], ids, { chunk: 1000 });
    const pieces = await scoreIds(s.model, [0], ids, { chunk: 7 });
    expect(pieces.topIds).toEqual(whole.topIds);
    pieces.probabilities.forEach((p, j) => expect(p).toBeCloseTo(whole.probabilities[j], 5));
    expect(pieces.meanLoss!).toBeCloseTo(whole.meanLoss!, 5);
    expect(tf.memory().numTensors).toBe(before);
    expect((await scoreIds(s.model, [], [3])).meanLoss).toBeNull();
    s.dispose();
  });
  it('tells its progress per piece and stops with the scores so far', async () => {
    const model = bigramModel(TABLE);
    const ids = Array.from({ length: 20 }, (_, i) => i % 3);
    const seen: [number, number][] = [];
    const all = await scoreIds(model, [], ids, { chunk: 4, onChunk: (p) => void seen.push([p.done, p.total]) });
    expect(seen).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    expect([all.done, all.total]).toEqual([5, 5]);
    let pieces = 0;
    const part = await scoreIds(model, [], ids, {
      chunk: 4,
      shouldStop: () => pieces >= 2,
      onChunk: () => void pieces++,
    });
    expect([part.done, part.total]).toEqual([2, 5]);
    expect(part.scored).toBe(8);
    expect(part.probabilities[12]).toBeNaN();
    model.dispose();
  });
});
