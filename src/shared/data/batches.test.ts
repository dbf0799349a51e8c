import { describe, expect, it } from 'vitest';
import { CharDataset } from './batches';
import { planCorpus } from './corpusPlan';

const ids = Int32Array.from({ length: 1000 }, (_, i) => i % 50);
const cfg = { batchSize: 4, windowLength: 9, validationShare: 0.1, seed: 7 };

describe('CharDataset', () => {
  it('plans the split and windows', () => {
    const d = new CharDataset(ids, cfg);
    expect(d.plan.trainCharacters).toBe(900);
    expect(d.plan.validationCharacters).toBe(100);
    expect(d.plan.windowsPerEpoch).toBe(90); // 900 / (9 + 1)
    expect(d.plan.stepsPerEpoch).toBe(22);
  });
  it('gives time-major batches whose targets are the inputs shifted by one', () => {
    const d = new CharDataset(ids, cfg);
    const b = d.trainBatch({ epoch: 0, batchInEpoch: 3 });
    expect(b.inputs.length).toBe(9 * 4);
    for (let t = 0; t < 8; t++)
      for (let j = 0; j < 4; j++) expect(b.targets[t * 4 + j]).toBe(b.inputs[(t + 1) * 4 + j]);
    for (let j = 0; j < 4; j++) expect(b.targets[j]).toBe((b.inputs[j] + 1) % 50);
  });
  it('is deterministic per (seed, epoch) and different across epochs', () => {
    const a = new CharDataset(ids, cfg).trainBatch({ epoch: 1, batchInEpoch: 0 });
    const b = new CharDataset(ids, cfg).trainBatch({ epoch: 1, batchInEpoch: 0 });
    const c = new CharDataset(ids, cfg).trainBatch({ epoch: 2, batchInEpoch: 0 });
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(Array.from(a.inputs)).not.toEqual(Array.from(c.inputs));
  });
  it('uses every window once per epoch', () => {
    // ids equal to positions, so a window's first input is its start
    const d = new CharDataset(
      Int32Array.from({ length: 1000 }, (_, i) => i),
      cfg,
    );
    const firsts = new Set<number>();
    let pos = { epoch: 0, batchInEpoch: 0 };
    for (let s = 0; s < d.plan.stepsPerEpoch; s++) {
      const b = d.trainBatch(pos);
      for (let j = 0; j < 4; j++) firsts.add(b.inputs[j]);
      pos = d.advance(pos);
    }
    expect([...firsts].every((x) => x % 10 === 0 && x < 900)).toBe(true);
    expect(pos).toEqual({ epoch: 1, batchInEpoch: 0 });
    expect(firsts.size).toBe(d.plan.stepsPerEpoch * 4);
  });
  it('serves validation batches from the held-out part only', () => {
    const d = new CharDataset(
      Int32Array.from({ length: 1000 }, (_, i) => (i < 900 ? 0 : 1)),
      cfg,
    );
    const val = d.validationBatches();
    expect(val.length).toBeGreaterThan(0);
    for (const b of val) expect(b.inputs.every((x) => x === 1)).toBe(true);
  });
});

describe('planCorpus', () => {
  it('says what to change when the text is shorter than one batch of windows', () => {
    const plan = planCorpus(100, { batchSize: 64, windowLength: 9, validationShare: 0.1 });
    expect(plan.errors[0]).toMatch(/batch size to 9 or less/);
  });
  it('refuses a text shorter than one window', () => {
    const plan = planCorpus(5, { batchSize: 1, windowLength: 9, validationShare: 0 });
    expect(plan.errors[0]).toMatch(/too short for one window/);
  });
  it('warns when validation is impossible', () => {
    const plan = planCorpus(200, { batchSize: 2, windowLength: 9, validationShare: 0.02 });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings.join(' ')).toMatch(/no validation loss/);
  });
});
