import { describe, expect, it } from 'vitest';
import {
  hasFilters,
  parseTemperatureList,
  validateBeam,
  validateGenerationChoice,
  validateFilters,
  validateGrid,
} from './generationConfig';

describe('decoding settings', () => {
  it('accepts good filters and says what is wrong with bad ones', () => {
    expect(validateFilters({ topK: 5, topP: 0.9, repetitionPenalty: 1.2, penaltyWindow: 32 }, 60)).toEqual([]);
    expect(validateFilters({ topK: 0 }, 60)).toEqual([
      'Top-k must be a whole number from 1 to 60 (the vocabulary size).',
    ]);
    expect(validateFilters({ topK: 61 }, 60)).toHaveLength(1);
    expect(validateFilters({ topK: 2.5 })).toHaveLength(1);
    expect(validateFilters({ topP: 0 })).toEqual(['Top-p must be a number above 0 and at most 1.']);
    expect(validateFilters({ topP: 1.01 })).toHaveLength(1);
    expect(validateFilters({ repetitionPenalty: 0.9 })).toHaveLength(1);
    expect(validateFilters({ penaltyWindow: 0 })).toHaveLength(1);
  });
  it('limits beam search', () => {
    expect(validateBeam(4, 200)).toEqual([]);
    expect(validateBeam(1, 200)).toEqual(['Beam width must be a whole number from 2 to 16.']);
    expect(validateBeam(17, 200)).toHaveLength(1);
    expect(validateBeam(4, 5000)).toHaveLength(1);
    expect(validateGenerationChoice({ beamWidth: 3, filters: { topK: 0 } }, 100, 10)).toHaveLength(1);
  });
  it('knows when filters change the distribution', () => {
    expect(hasFilters(undefined)).toBe(false);
    expect(hasFilters({ topP: 1, repetitionPenalty: 1, penaltyWindow: 10 })).toBe(false);
    expect(hasFilters({ topK: 3 })).toBe(true);
    expect(hasFilters({ topP: 0.9 })).toBe(true);
    expect(hasFilters({ repetitionPenalty: 1.1 })).toBe(true);
  });
  it('reads and checks a temperature list', () => {
    expect(parseTemperatureList('0.2, 0.5 0.8;1 .3')).toEqual([0.2, 0.5, 0.8, 1, 0.3]);
    expect(parseTemperatureList('0.2, hot')[1]).toBeNaN();
    expect(validateGrid([0.2, 1], 100)).toEqual([]);
    expect(validateGrid([1], 100)).toEqual(['The temperature grid needs 2 to 8 temperatures.']);
    expect(validateGrid([1, NaN], 100)).toHaveLength(1);
    expect(validateGrid([1, 11], 100)).toHaveLength(1);
    expect(validateGrid([1, 2], 3000)).toHaveLength(1);
  });
});
