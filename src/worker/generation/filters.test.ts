import { describe, expect, it } from 'vitest';
import { filteredWeights, keepTopK, keepTopP, penalize, sampleNext } from './filters';
import { sampleFromLogits } from './sampler';
import { createRng } from '../../shared/data/rng';

const kept = (mask: Uint8Array) => [...mask].flatMap((m, i) => (m ? [i] : []));
const normalise = (w: Float64Array) => {
  const total = w.reduce((a, b) => a + b, 0);
  return [...w].map((x) => x / total);
};
const counts = (draw: () => number, n: number, size: number) => {
  const c = new Array<number>(size).fill(0);
  for (let i = 0; i < n; i++) c[draw()]++;
  return c;
};

describe('top-k mask', () => {
  it('keeps the k highest logits, ties to the lower index', () => {
    expect(kept(keepTopK([1, 5, 3, 5, -2], 2))).toEqual([1, 3]);
    expect(kept(keepTopK([1, 5, 3, 5, -2], 1))).toEqual([1]);
    expect(kept(keepTopK([1, 5, 3, 5, -2], 3))).toEqual([1, 2, 3]);
    expect(kept(keepTopK([1, 5, 3], 10))).toEqual([0, 1, 2]);
  });
});

describe('top-p mask', () => {
  const probs = [0.15, 0.5, 0.05, 0.3];
  it('keeps the fewest most likely characters whose probability reaches p', () => {
    expect(kept(keepTopP(probs, 0.5))).toEqual([1]);
    expect(kept(keepTopP(probs, 0.7))).toEqual([1, 3]);
    expect(kept(keepTopP(probs, 0.81))).toEqual([0, 1, 3]);
    expect(kept(keepTopP(probs, 1))).toEqual([0, 1, 2, 3]);
    expect(kept(keepTopP(probs, 0.01))).toEqual([1]); // at least one
  });
  it('works on unnormalised weights and within an earlier mask', () => {
    expect(
      kept(
        keepTopP(
          probs.map((p) => p * 7),
          0.7,
        ),
      ),
    ).toEqual([1, 3]);
    // Within {0, 2}: shares 0.75 and 0.25.
    expect(kept(keepTopP(probs, 0.7, Uint8Array.from([1, 0, 1, 0])))).toEqual([0]);
    expect(kept(keepTopP(probs, 0.8, Uint8Array.from([1, 0, 1, 0])))).toEqual([0, 2]);
  });
});

describe('repetition penalty', () => {
  it('divides positive and multiplies negative logits of recent characters (CTRL)', () => {
    expect([...penalize([2, -1, 0.5, 3], [0, 1, 1], 2)]).toEqual([1, -2, 0.5, 3]);
    expect([...penalize([2, -1], [0], 1)]).toEqual([2, -1]);
  });
  it('looks only at the last penaltyWindow characters', () => {
    const logits = [3, 2.5, 0];
    // Greedy picks 0; with 0 penalised (2 -> 3/2 = 1.5) it picks 1.
    expect(sampleNext(logits, [1, 0], 0, { repetitionPenalty: 2, penaltyWindow: 1 }, createRng(1))).toBe(1);
    // 0 is outside a window of 1 when the last character was 2.
    expect(sampleNext(logits, [0, 2], 0, { repetitionPenalty: 2, penaltyWindow: 1 }, createRng(1))).toBe(0);
    expect(sampleNext(logits, [0, 2], 0, { repetitionPenalty: 2, penaltyWindow: 2 }, createRng(1))).toBe(1);
  });
  it('makes repeated characters rarer when sampling', () => {
    const logits = [1, 1, 1];
    const rng = createRng(4);
    const c = counts(() => sampleNext(logits, [0], 1, { repetitionPenalty: 3 }, rng), 20000, 3);
    // weights e^(1/3), e, e
    const expected = Math.exp(1 / 3) / (Math.exp(1 / 3) + 2 * Math.E);
    expect(c[0] / 20000).toBeCloseTo(expected, 1);
  });
});

describe('sampleNext', () => {
  it('with no filters draws exactly what sampleFromLogits draws', () => {
    const logits = Float32Array.from([0.3, -1, 2, 0.9, 1.7]);
    for (const t of [0, 0.5, 1, 2.5]) {
      const a = createRng(11);
      const b = createRng(11);
      for (let i = 0; i < 500; i++) expect(sampleNext(logits, [], t, {}, a)).toBe(sampleFromLogits(logits, t, b));
    }
  });
  it('never draws outside top-k, and follows the renormalised distribution inside', () => {
    const logits = [Math.log(0.1), Math.log(0.4), Math.log(0.2), Math.log(0.3)];
    const rng = createRng(2);
    const c = counts(() => sampleNext(logits, [], 1, { topK: 2 }, rng), 20000, 4);
    expect(c[0] + c[2]).toBe(0);
    expect(c[1] / 20000).toBeCloseTo(4 / 7, 1);
  });
  it('never draws outside the nucleus', () => {
    const logits = [Math.log(0.1), Math.log(0.4), Math.log(0.2), Math.log(0.3)];
    const rng = createRng(3);
    const c = counts(() => sampleNext(logits, [], 1, { topP: 0.6 }, rng), 5000, 4);
    expect(c[0] + c[2]).toBe(0);
    expect(c[1]).toBeGreaterThan(c[3]);
  });
  it('top-k 1 is greedy at any temperature, and the filters combine', () => {
    const logits = [0.1, 2, 1.9, -3];
    const rng = createRng(5);
    for (let i = 0; i < 100; i++) expect(sampleNext(logits, [], 5, { topK: 1 }, rng)).toBe(1);
    // Penalty on 1 (2 -> 1), then top-k 1 keeps 2.
    for (let i = 0; i < 100; i++) expect(sampleNext(logits, [1], 5, { topK: 1, repetitionPenalty: 2 }, rng)).toBe(2);
  });
  it('applies temperature before top-p', () => {
    const logits = [Math.log(0.6), Math.log(0.3), Math.log(0.1)];
    // At T = 1 top-p 0.6 keeps only 0; at T = 10 the shares flatten and it needs two.
    expect(normalise(filteredWeights(logits, [], 1, { topP: 0.6 }))).toEqual([1, 0, 0]);
    expect(normalise(filteredWeights(logits, [], 10, { topP: 0.6 })).filter((p) => p > 0)).toHaveLength(2);
  });
  it('is deterministic for a sampling seed', () => {
    const logits = [0.5, 0.2, 0.9, 0.1, 0.4];
    const run = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () =>
        sampleNext(logits, [2, 4], 0.9, { topK: 4, topP: 0.9, repetitionPenalty: 1.3 }, rng),
      );
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});
