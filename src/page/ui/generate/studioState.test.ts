import { describe, expect, it } from 'vitest';
import {
  alternativesAt,
  characterName,
  studioReducer,
  formatProbability,
  initialStudioState,
  probabilityBand,
  textStatistics,
} from './studioState';
import type { ScoredEvent } from '../../../shared/protocol';

const scored: ScoredEvent = {
  type: 'scored',
  target: 'pasted',
  text: 'ab😀',
  unknownCharacters: ['z'],
  probabilities: Float32Array.from([NaN, 0.6, 0.004]),
  topIds: Int32Array.from([0, 0, 1, 0, 0, 2]),
  topProbabilities: Float32Array.from([NaN, NaN, 0.6, 0.3, 0.9, 0.004]),
  k: 2,
  vocabulary: ['a', 'b', '😀'],
  meanLoss: 2,
};

describe('studioReducer', () => {
  it('keeps the latest grid and a scored text per target, split into code points', () => {
    const grid = studioReducer(initialStudioState, {
      type: 'temperatureGrid',
      status: 'running',
      seed: 'x',
      temperatures: [0.5, 1],
      columns: ['a', 'b'],
    });
    expect(grid.grid).toEqual({ status: 'running', seed: 'x', temperatures: [0.5, 1], columns: ['a', 'b'] });
    const s = studioReducer(grid, scored);
    expect(s.scored.pasted?.characters).toEqual(['a', 'b', '😀']);
    expect(s.scored.generated).toBeNull();
    expect(s.grid).toBe(grid.grid);
    expect(alternativesAt(s.scored.pasted!, 1)).toEqual([
      { character: 'b', probability: expect.closeTo(0.6, 5) },
      { character: 'a', probability: expect.closeTo(0.3, 5) },
    ]);
  });
});

describe('probability view helpers', () => {
  it('bands probabilities for the colours and leaves unscored characters out', () => {
    expect([0.9, 0.5, 0.3, 0.06, 0.02, 0.001, 0].map(probabilityBand)).toEqual([0, 0, 1, 2, 3, 4, 4]);
    expect(probabilityBand(NaN)).toBeNull();
  });
  it('writes probabilities, invisible characters and statistics in words', () => {
    expect(formatProbability(0.4213)).toBe('42%');
    expect(formatProbability(0.0421)).toBe('4.2%');
    expect(formatProbability(0.00001)).toBe('<0.1%');
    expect(formatProbability(1)).toBe('100%');
    expect(characterName('\n')).toBe('line break');
    expect(characterName('e')).toBe('“e”');
    const stats = textStatistics(Math.LN2)!;
    expect(stats.bitsPerCharacter).toBeCloseTo(1);
    expect(stats.perplexity).toBeCloseTo(2);
    expect(textStatistics(null)).toBeNull();
  });
});
