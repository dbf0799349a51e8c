import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { sampleColumns } from './batchSampling';
import { generateIds } from './generate';
import { tinySetup } from '../../test/fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampleColumns (temperature grid)', () => {
  it('writes each column exactly as a single generation at its temperature with the same seed', async () => {
    const s = tinySetup();
    const seed = [...'the '].map((c) => s.vocab.ids.get(c)!);
    const temperatures = [0, 0.5, 1, 1.5];
    const grid = await sampleColumns(s.model, seed, { length: 30, temperatures, samplingSeed: 3, onIds: () => {} });
    for (const [b, temperature] of temperatures.entries()) {
      const single = await generateIds(s.model, seed, { length: 30, temperature, samplingSeed: 3, onId: () => {} });
      expect(grid[b]).toEqual(single);
    }
    s.dispose();
  });
  it('runs one forward per character for all columns', async () => {
    const s = tinySetup();
    let calls = 0;
    await sampleColumns(s.model, [0, 1], {
      length: 12,
      temperatures: [0.2, 0.8, 1.3],
      samplingSeed: 1,
      onIds: (ids) => void (expect(ids).toHaveLength(3), calls++),
    });
    expect(calls).toBe(12);
    s.dispose();
  });
  it('applies filters to every column (top-k 1 is greedy), leaves no tensor behind, and stops when asked', async () => {
    const s = tinySetup();
    const before = tf.memory().numTensors;
    const greedy = await generateIds(s.model, [2], { length: 20, temperature: 0, samplingSeed: 1, onId: () => {} });
    const grid = await sampleColumns(s.model, [2], {
      length: 20,
      temperatures: [0.7, 2],
      samplingSeed: 9,
      filters: { topK: 1 },
      onIds: () => {},
    });
    expect(grid).toEqual([greedy, greedy]);
    let n = 0;
    const stopped = await sampleColumns(s.model, [2], {
      length: 20,
      temperatures: [1, 1],
      samplingSeed: 9,
      onIds: () => ++n < 5,
    });
    expect(stopped[0]).toHaveLength(5);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
  it('gives the same text for the same settings and seed', async () => {
    const s = tinySetup();
    const run = (samplingSeed: number) =>
      sampleColumns(s.model, [3], {
        length: 40,
        temperatures: [1],
        samplingSeed,
        filters: { topP: 0.9, repetitionPenalty: 1.3 },
        onIds: () => {},
      });
    expect(await run(4)).toEqual(await run(4));
    expect(await run(4)).not.toEqual(await run(5));
    s.dispose();
  });
});
