import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tfjs';
import { applyDropout, dropoutMask } from './dropout';
import { tinySetup } from '../../test/fixtures';
import { batchTensors } from './trainStep';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dropout', () => {
  it('zeroes about p of the units and scales the rest by 1/(1 − p), keeping the mean', () => {
    const p = 0.25;
    const values = dropoutMask([200, 100], p, 7).dataSync() as Float32Array;
    const zeros = values.filter((v) => v === 0).length;
    expect(new Set(values)).toEqual(new Set([0, Math.fround(1 / (1 - p))]));
    expect(Math.abs(zeros / values.length - p)).toBeLessThan(0.02);
    const mean = values.reduce((a: number, b: number) => a + b, 0) / values.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(dropoutMask([200, 100], p, 7).dataSync()).toEqual(values); // same seed, same mask
    expect(dropoutMask([200, 100], p, 8).dataSync()).not.toEqual(values);
  });

  it('leaves x alone at rate 0', () => {
    const x = tf.ones([3, 4]);
    expect(applyDropout(x, 0, 1, 0)).toBe(x);
  });

  it('applies only to training steps: evaluation and a no-dropout twin give the same loss', async () => {
    const drop = tinySetup(undefined, {}, { layers: 2, dropout: 0.5, embeddingDropout: true });
    const plain = tinySetup(undefined, {}, { layers: 2, dropout: 0 }); // same seed, same weights
    const batch = drop.trainer.data.trainBatch({ epoch: 0, batchInEpoch: 0 });
    const { ids, targets } = batchTensors(batch);
    const evaluation = drop.model.loss(ids, targets).dataSync()[0];
    expect(evaluation).toBe(plain.model.loss(ids, targets).dataSync()[0]);
    const training = drop.model.loss(ids, targets, 123).dataSync()[0];
    expect(training).not.toBe(evaluation);
    expect(drop.model.loss(ids, targets, 123).dataSync()[0]).toBe(training); // masks come from the seed
    expect(plain.model.loss(ids, targets, 123).dataSync()[0]).toBe(evaluation); // dropout 0: no masks at all
    expect(await drop.trainer.evaluate()).toBe(await plain.trainer.evaluate());
    tf.dispose([ids, targets]);
    drop.dispose();
    plain.dispose();
  });

  it('keeps the tensor count stable across training steps with 2 layers and dropout', async () => {
    const s = tinySetup(undefined, {}, { layers: 2, dropout: 0.2, embeddingDropout: true });
    await s.trainer.trainOnce();
    const count = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await s.trainer.trainOnce();
    await s.trainer.evaluate();
    expect(tf.memory().numTensors).toBe(count);
    s.dispose();
    expect(tf.memory().numTensors).toBe(count - 12); // 11 weights + the Adam moments buffer
  });
});
