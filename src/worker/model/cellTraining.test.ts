// Each cell trains on the reference path: the loss falls on a repetitive text, and a training step, an
// evaluation and a generation leave the tensor count as it was (every tensor has an owner).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { tinySetup } from '../../test/fixtures';
import { generateIds } from '../generation/generate';
import { CELL_GATES, CELLS } from '../../shared/cell';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(CELLS)('a small %s', (cell) => {
  it('lowers the loss on a repetitive text', async () => {
    const s = tinySetup(undefined, { learningRate: 0.02 }, { cell });
    const losses: number[] = [];
    for (let i = 0; i < 40; i++) losses.push((await s.trainer.trainOnce()).loss);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(losses[0]).toBeCloseTo(Math.log(s.config.vocabSize), 0); // untrained: near uniform
    expect(mean(losses.slice(-5))).toBeLessThan(0.6 * mean(losses.slice(0, 5)));
    s.dispose();
  });

  it('has G·H rows per layer and keeps the tensor count across steps, evaluations and generation', async () => {
    const s = tinySetup(undefined, {}, { cell, layers: 2, dropout: 0.2 });
    expect(s.model.cellLayer(1).weightHh.shape).toEqual([CELL_GATES[cell] * 24, 24]);
    await s.trainer.trainOnce();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await s.trainer.trainOnce();
    await s.trainer.evaluate();
    await generateIds(s.model, [1, 2], { length: 12, temperature: 1, samplingSeed: 3, onId: () => {} });
    expect(tf.memory().numTensors).toBe(count);
    s.dispose();
    expect(tf.memory().numTensors).toBe(count - 12); // 11 weights and the Adam moments buffer
  });
});
