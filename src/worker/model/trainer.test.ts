import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { tinySetup } from '../../test/fixtures';
import { batchTensors, clipByGlobalNorm, globalNorm } from './trainStep';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Trainer', () => {
  it('lowers the loss on a small repetitive text', async () => {
    const s = tinySetup();
    const before = await s.trainer.evaluate();
    let steps = 0;
    await s.trainer.run({ shouldStop: () => steps >= 60, onStep: () => void steps++ });
    const after = await s.trainer.evaluate();
    expect(before).toBeGreaterThan(2);
    expect(after!).toBeLessThan(before! * 0.6);
    expect(s.trainer.history.train).toHaveLength(60);
    s.dispose();
  });

  it('keeps the tensor count stable across steps and evaluations', async () => {
    const s = tinySetup();
    await s.trainer.trainOnce(); // first step creates nothing lasting beyond the model and Adam
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await s.trainer.trainOnce();
    await s.trainer.evaluate();
    expect(tf.memory().numTensors).toBe(count);
    s.dispose();
    expect(tf.memory().numTensors).toBe(count - 8); // 7 weights + the Adam moments buffer
  });

  it('stops when told and reports each step', async () => {
    const s = tinySetup();
    const reports: number[] = [];
    const outcome = await s.trainer.run({ shouldStop: () => reports.length >= 3, onStep: (r) => reports.push(r.step) });
    expect(outcome).toBe('stopped');
    expect(reports).toEqual([1, 2, 3]);
    s.dispose();
  });

  it('finishes after the configured epochs', async () => {
    const s = tinySetup(undefined, { epochs: 1 });
    const outcome = await s.trainer.run({ shouldStop: () => false, onStep: () => {} });
    expect(outcome).toBe('finished');
    expect(s.trainer.step).toBe(s.trainer.data.plan.stepsPerEpoch);
    expect(s.trainer.position).toEqual({ epoch: 1, batchInEpoch: 0 });
    s.dispose();
  });

  it('skips a step whose loss is not finite and never writes NaN into the weights', async () => {
    const s = tinySetup(undefined, { learningRate: 0.01 });
    const w = s.model.weights['fc.bias'];
    w.assign(tf.fill(w.shape, NaN)); // forces a NaN loss
    const before = s.adam.state.step;
    const r = await s.trainer.trainOnce();
    expect(r.applied).toBe(false);
    expect(s.adam.state.step).toBe(before);
    expect(s.trainer.skippedSteps).toBe(1);
    let outcome = '';
    outcome = await s.trainer.run({ shouldStop: () => false, onStep: () => {} });
    expect(outcome).toBe('diverged');
    s.dispose();
  });

  it('runs held work at a step boundary, the loop waiting for it', async () => {
    const s = tinySetup();
    const seen: Array<[number, number]> = [];
    let held: Promise<void> | null = null;
    const outcome = await s.trainer.run({
      shouldStop: () => s.trainer.step >= 6,
      onStep: (r) => {
        if (r.step !== 2) return;
        held = s.trainer.hold(async () => {
          const before = s.trainer.step;
          await new Promise((resolve) => setTimeout(resolve, 30));
          seen.push([before, s.trainer.step]); // no step in between
        });
      },
    });
    await held;
    expect(outcome).toBe('stopped');
    expect(seen).toHaveLength(1);
    expect(seen[0][0]).toBe(seen[0][1]);
    expect(await s.trainer.hold(async () => s.trainer.step)).toBe(6); // not running: at once
    s.dispose();
  });

  it('reads the validation batches back once per evaluation, the same mean as batch by batch', async () => {
    const s = tinySetup();
    const batches = s.trainer.data.validationBatches(4);
    let byBatch = 0;
    for (const b of batches) {
      const { ids, targets } = batchTensors(b);
      const loss = s.model.loss(ids, targets);
      byBatch += (await loss.data())[0];
      tf.dispose([ids, targets, loss]);
    }
    const count = tf.memory().numTensors;
    expect(await s.trainer.evaluate(4)).toBe(byBatch / batches.length);
    expect(tf.memory().numTensors).toBe(count);
    s.dispose();
  });

  it('clips gradients so their global norm is at most the limit', () => {
    const s = tinySetup();
    const { ids, targets } = batchTensors(s.trainer.data.trainBatch({ epoch: 0, batchInEpoch: 0 }));
    const { value, grads } = tf.variableGrads(() => s.model.loss(ids, targets), s.model.variables);
    const norm = globalNorm(Object.values(grads)).dataSync()[0];
    expect(norm).toBeGreaterThan(0.01);
    const clipped = clipByGlobalNorm(grads, norm, 0.01);
    expect(globalNorm(Object.values(clipped)).dataSync()[0]).toBeLessThanOrEqual(0.01 * (1 + 1e-5));
    expect(clipByGlobalNorm(grads, norm, norm * 2)).toBe(grads); // under the limit: untouched
    tf.dispose([ids, targets, value, ...Object.values(grads), ...Object.values(clipped)]);
    s.dispose();
  });
});
