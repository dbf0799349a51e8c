import { describe, expect, it } from 'vitest';
import { parameterCount, PRESETS } from '../config';
import { epochEstimate, MIN_SUGGESTED_UNITS, sizeAdvice, unitsForParameters } from './advisor';

describe('sizeAdvice', () => {
  const vocabSize = 65;
  const tiny = { vocabSize, ...PRESETS.tiny.model };
  const small = { vocabSize, ...PRESETS.small.model };
  const reference = { vocabSize, ...PRESETS.reference.model };

  it('warns when the model has far more parameters than the text has characters', () => {
    const advice = sizeAdvice(reference, 1_115_394);
    expect(advice.verdict).toBe('tooBig');
    expect(advice.ratio).toBeGreaterThan(2);
    expect(advice.suggestedUnits).toBeLessThan(PRESETS.reference.model.units);
  });

  it('suggests a bigger model when it is far smaller than the text', () => {
    const advice = sizeAdvice(tiny, 1_115_394);
    expect(advice.verdict).toBe('tooSmall');
    expect(advice.suggestedUnits).toBeGreaterThan(PRESETS.tiny.model.units);
  });

  it('is content when parameters and characters are of the same order', () => {
    expect(sizeAdvice(small, 1_115_394).verdict).toBe('balanced');
    expect(sizeAdvice(tiny, parameterCount(tiny)).ratio).toBe(1);
  });
});

describe('unitsForParameters', () => {
  it('inverts parameterCount to within one unit', () => {
    for (const units of [8, 32, 256, 1024]) {
      const target = parameterCount({ vocabSize: 65, embeddingDim: 64, units });
      expect(unitsForParameters(target, 65, 64)).toBe(units);
    }
  });

  it('never suggests fewer than one unit', () => {
    expect(unitsForParameters(10, 65, 64)).toBe(1);
  });
});

describe('sizeAdvice on very short texts', () => {
  it('never suggests fewer than the smallest sensible GRU, and says the text is too short', () => {
    const advice = sizeAdvice({ vocabSize: 5, ...PRESETS.tiny.model }, 5);
    expect(advice.verdict).toBe('tooShort');
    expect(advice.suggestedUnits).toBe(MIN_SUGGESTED_UNITS);
  });

  it('still advises a smaller model when a small one would fit', () => {
    const advice = sizeAdvice({ vocabSize: 65, ...PRESETS.reference.model }, 1_115_394);
    expect(advice.verdict).toBe('tooBig');
    expect(advice.suggestedUnits).toBeGreaterThan(MIN_SUGGESTED_UNITS);
  });
});

describe('epochEstimate', () => {
  it('multiplies the measured step time by the steps per epoch', () => {
    expect(epochEstimate(12, 1000)).toEqual({ msPerStep: 12, stepsPerEpoch: 1000, secondsPerEpoch: 12 });
    expect(epochEstimate(15, 30)).toEqual({ msPerStep: 15, stepsPerEpoch: 30, secondsPerEpoch: 0.45 });
  });

  it('needs a measurement', () => {
    expect(() => epochEstimate(Number.NaN, 10)).toThrow();
  });
});
