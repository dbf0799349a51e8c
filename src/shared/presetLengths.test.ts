import { describe, expect, it } from 'vitest';
import { PRESETS } from './config';
import { planCorpus } from './data/corpusPlan';

const TINY_SHAKESPEARE = 1_115_394; // characters

const runSteps = (name: keyof typeof PRESETS) =>
  PRESETS[name].train.epochs * planCorpus(TINY_SHAKESPEARE, PRESETS[name].train).stepsPerEpoch;

describe('preset run lengths', () => {
  it('Tiny is one epoch, a few thousand steps on Tiny Shakespeare, and says so', () => {
    expect(PRESETS.tiny.train.epochs).toBe(1);
    expect(runSteps('tiny')).toBeLessThan(8000);
    expect(PRESETS.tiny.description).toMatch(/one epoch/);
  });

  it('each description states its step count on Tiny Shakespeare to within 5%', () => {
    for (const name of ['tiny', 'small', 'reference'] as const) {
      const stated = Number(/about ([\d,]+) steps/.exec(PRESETS[name].description)![1].replace(/,/g, ''));
      expect(Math.abs(stated - runSteps(name)) / runSteps(name), name).toBeLessThan(0.05);
    }
  });

  it("Reference keeps the tutorial's training settings", () => {
    expect(PRESETS.reference.train).toMatchObject({ batchSize: 64, windowLength: 100, learningRate: 1e-3, epochs: 20 });
  });
});
