import { describe, expect, it } from 'vitest';
import { planCorpus } from './corpusPlan';

const cfg = { batchSize: 8, windowLength: 16, validationShare: 0 };

describe('planCorpus', () => {
  it('counts windows of windowLength + 1 characters', () => {
    const plan = planCorpus(17 * 8 * 3, cfg);
    expect(plan.windowsPerEpoch).toBe(24);
    expect(plan.stepsPerEpoch).toBe(3);
  });

  it('explains a too-short text with the window length the user set, and why it needs one more character', () => {
    const [error] = planCorpus(10, cfg).errors;
    expect(error).toContain('window length of 16 needs 17 characters');
    expect(error).toMatch(/character after it/);
    expect(error).not.toContain('window of 17');
  });

  it('names the window length in the batch error too', () => {
    const [error] = planCorpus(17 * 3, cfg).errors;
    expect(error).toContain('window(s) of length 16');
    expect(error).toContain('batch size to 3');
  });
});
