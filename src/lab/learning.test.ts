import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../worker/tfjs';
import { learningSettings, runLearning, type LearningOptions } from './learning';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const text = new TextEncoder().encode('the cat sat on the mat; the dog sat on the log.\n'.repeat(60));
const options: LearningOptions = {
  preset: 'tiny',
  steps: 40,
  evalEvery: 12,
  seed: 3,
  validationBatches: 4,
  fused: false,
};

describe('the learning benchmark', () => {
  it("trains the preset's model with the seed asked for, for the steps asked for, without early stopping", () => {
    const { model, train } = learningSettings({ ...options, model: { units: 8 }, train: { learningRate: 0.02 } });
    expect(model.units).toBe(8);
    expect(train).toMatchObject({
      seed: 3,
      learningRate: 0.02,
      earlyStopPatience: 0,
      checkpointEvery: 0,
      batchSize: 8,
    });
    expect(() => learningSettings({ ...options, preset: 'huge' as never })).toThrow(/unknown preset/);
  });

  it('reports validation every K steps and after the last one; the loss falls; the same seed gives the same rows', async () => {
    const before = tf.memory().numTensors;
    const rows: number[] = [];
    const a = await runLearning(text, { ...options, steps: 30 }, (row) => rows.push(row.step));
    expect(rows).toEqual([12, 24, 30]);
    expect(a.rows[2].validationLoss).toBeLessThan(a.rows[0].validationLoss);
    expect(a.rows.every((r) => r.charsPerSec > 0 && r.trainLoss > 0)).toBe(true);
    expect(a).toMatchObject({ preset: 'tiny', seed: 3, backend: 'cpu', kernels: 'reference', diverged: false });
    const b = await runLearning(text, { ...options, steps: 30 });
    expect(b.rows.map((r) => r.validationLoss)).toEqual(a.rows.map((r) => r.validationLoss));
    expect(tf.memory().numTensors).toBe(before); // the run is disposed
  });

  it('refuses a text too short for the preset, in plain words', async () => {
    await expect(runLearning(new TextEncoder().encode('abc'), options)).rejects.toThrow(/characters|window|short/i);
  });
});
