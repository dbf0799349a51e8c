import { describe, expect, it } from 'vitest';
import { scoringWords } from './scoringWords';

describe('scoringWords', () => {
  it('says how far scoring got', () => {
    expect(scoringWords(null)).toBe('Scoring…');
    expect(scoringWords({ done: 3, total: 10, status: 'running' })).toBe('Scoring… 3 of 10 pieces (30%)');
    expect(scoringWords({ done: 4, total: 10, status: 'stopped' })).toMatch(/stopped after 4 of 10 pieces/);
    expect(scoringWords({ done: 10, total: 10, status: 'complete' })).toBe('Scored 10 of 10 pieces.');
  });
});
