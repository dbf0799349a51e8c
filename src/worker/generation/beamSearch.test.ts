import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { beamSearch, bestExtensions } from './beamSearch';
import { generateIds } from './generate';
import { scoreIds } from './scoring';
import { bigramModel } from '../../test/bigramModel';
import { tinySetup } from '../../test/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Characters S a b c. After S: a 0.55, b 0.43. After a: anything, 0.25 each. After b: c 0.97.
// Greedy takes a (0.55) and then at best 0.25: 0.1375. The best pair is b c: 0.43 · 0.97 ≈ 0.417.
const [S, A, B, C] = [0, 1, 2, 3];
const TABLE = [
  [0.01, 0.55, 0.43, 0.01],
  [0.25, 0.25, 0.25, 0.25],
  [0.01, 0.01, 0.01, 0.97],
  [0.7, 0.1, 0.1, 0.1],
];

describe('bestExtensions', () => {
  it('keeps the best (beam, character) pairs by total log-probability, ties to the earlier pair', () => {
    const picked = bestExtensions(
      [
        [-1, -2, -0.5],
        [-0.1, -3, -0.2],
      ],
      [-1, -2],
      3,
    );
    expect(picked.map((e) => [e.beam, e.id])).toEqual([
      [0, 2],
      [0, 0],
      [1, 0],
    ]);
    expect(picked[0].score).toBeCloseTo(-1.5);
    expect(bestExtensions([[-1, -1, -1]], [0], 2).map((e) => e.id)).toEqual([0, 1]);
  });
});

describe('beamSearch', () => {
  it('finds the best continuation where greedy does not (hand-built model)', async () => {
    const model = bigramModel(TABLE);
    const greedy = await generateIds(model, [S], { length: 2, temperature: 0, samplingSeed: 1, onId: () => {} });
    expect(greedy[0]).toBe(A);
    const beam = await beamSearch(model, [S], { width: 2, length: 2 });
    expect(beam.ids).toEqual([B, C]);
    expect(beam.logProb).toBeCloseTo(Math.log(0.43 * 0.97), 4);
    // Longer: S b c S a ... beats anything through a.
    const longer = await beamSearch(model, [S], { width: 3, length: 4 });
    expect(longer.ids.slice(0, 3)).toEqual([B, C, S]);
    model.dispose();
  });
  it('equals brute force over every continuation when the beam holds them all', async () => {
    const s = tinySetup();
    const v = s.config.vocabSize;
    expect(v).toBeLessThanOrEqual(16);
    const seed = [...'the '].map((c) => s.vocab.ids.get(c)!);
    let best = { score: -Infinity, ids: [] as number[] };
    for (let a = 0; a < v; a++) {
      for (let b = 0; b < v; b++) {
        const scores = await scoreIds(s.model, seed, [a, b]);
        const score = Math.log(scores.probabilities[0]) + Math.log(scores.probabilities[1]);
        if (score > best.score) best = { score, ids: [a, b] };
      }
    }
    const beam = await beamSearch(s.model, seed, { width: 16, length: 2 });
    expect(beam.ids).toEqual(best.ids);
    expect(beam.logProb).toBeCloseTo(best.score, 4);
    s.dispose();
  });
  it('is deterministic, stops when asked and leaves no tensor behind', async () => {
    const s = tinySetup();
    const before = tf.memory().numTensors;
    const a = await beamSearch(s.model, [1, 2], { width: 4, length: 25 });
    const b = await beamSearch(s.model, [1, 2], { width: 4, length: 25 });
    expect(a).toEqual(b);
    expect(a.ids).toHaveLength(25);
    let done = 0;
    const early = await beamSearch(s.model, [1, 2], {
      width: 4,
      length: 25,
      onProgress: (n) => (done = n),
      shouldStop: () => done >= 6,
    });
    expect(early.ids).toHaveLength(6);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
});
