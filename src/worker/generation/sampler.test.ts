import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { argmax, sampleFromLogits, validateGeneration } from './sampler';
import { generateIds } from './generate';
import { createRng } from '../../shared/data/rng';
import { tinySetup } from '../../test/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampleFromLogits', () => {
  it('is greedy at temperature 0', () => {
    expect(sampleFromLogits([0.1, 3, -2, 2.9], 0, createRng(1))).toBe(1);
    expect(argmax([5, 5, 1])).toBe(0);
  });
  it('follows the softmax distribution', () => {
    const rng = createRng(3);
    const counts = [0, 0, 0];
    const logits = [Math.log(0.2), Math.log(0.3), Math.log(0.5)];
    for (let i = 0; i < 20000; i++) counts[sampleFromLogits(logits, 1, rng)]++;
    expect(counts[0] / 20000).toBeCloseTo(0.2, 1);
    expect(counts[2] / 20000).toBeCloseTo(0.5, 1);
  });
  it('sharpens at low temperature and flattens at high temperature', () => {
    const logits = [0, 1];
    const share = (t: number) => {
      const rng = createRng(9);
      let ones = 0;
      for (let i = 0; i < 5000; i++) ones += sampleFromLogits(logits, t, rng);
      return ones / 5000;
    };
    expect(share(0.2)).toBeGreaterThan(0.95);
    expect(share(100)).toBeLessThan(0.55);
  });
  it('survives huge logits without NaN', () => {
    expect(sampleFromLogits([1e30, -1e30, 0], 1, createRng(1))).toBe(0);
  });
  it('validates settings', () => {
    expect(validateGeneration(100, 0.8)).toEqual([]);
    expect(validateGeneration(0, 0.8)).toHaveLength(1);
    expect(validateGeneration(10, NaN)).toHaveLength(1);
    expect(validateGeneration(10, -1)).toHaveLength(1);
  });
});

describe('generateIds', () => {
  it('gives the same text for the same sampling seed, and another for another seed', async () => {
    const s = tinySetup();
    const seed = [...'the '].map((c) => s.vocab.ids.get(c)!);
    const run = (samplingSeed: number) =>
      generateIds(s.model, seed, { length: 40, temperature: 1, samplingSeed, onId: () => {} });
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
    s.dispose();
  });
  it('leaves no tensor behind and stops when asked', async () => {
    const s = tinySetup();
    const count = tf.memory().numTensors;
    let n = 0;
    const ids = await generateIds(s.model, [0], {
      length: 100,
      temperature: 0.7,
      samplingSeed: 1,
      onId: () => ++n < 25,
    });
    expect(ids).toHaveLength(25);
    expect(tf.memory().numTensors).toBe(count);
    s.dispose();
  });
});
