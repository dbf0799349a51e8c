import { describe, expect, it } from 'vitest';
import { textFeatures } from './textFeatures';
import { pearson, rankUnits, topUnits } from './unitRanking';

const characters = [...'He said "go (now)" and\nthen: "stop".\nAn end.'];

describe('textFeatures', () => {
  it('marks quotes, brackets, line positions, word starts and classes', () => {
    const f = textFeatures(characters);
    const at = (s: string, i = 0) => characters.join('').indexOf(s, i);
    expect(f['inside quotes'][at('"')]).toBe(1);
    expect(f['inside quotes'][at('go')]).toBe(1);
    expect(f['inside quotes'][at('and')]).toBe(0);
    expect(f['inside brackets'][at('now')]).toBe(1);
    expect(f['inside brackets'][at(')')]).toBe(1);
    expect(f['inside brackets'][at('"', at(')'))]).toBe(0);
    expect(f['position in the line'][at('then')]).toBe(0);
    expect(f['position in the line'][at('hen')]).toBe(1);
    expect(f['after a newline'][at('then')]).toBe(1);
    expect(f['start of a word'][at('said')]).toBe(1);
    expect(f['start of a word'][at('aid')]).toBe(0);
    expect(f['uppercase'][0]).toBe(1);
    expect(f['punctuation'][at(':')]).toBe(1);
    expect(f['vowel'][at('e')]).toBe(1);
  });
});

describe('rankUnits', () => {
  it('finds the unit built to follow each feature, with its correlation', () => {
    const f = textFeatures(characters);
    const n = characters.length;
    const units = 5;
    // Unit 3 follows the quotes, unit 1 is the negated vowel flag, the rest are noise-like.
    const values = new Float32Array(n * units);
    for (let i = 0; i < n; i++) {
      values[i * units + 0] = Math.sin(i * 1.7);
      values[i * units + 1] = -f['vowel'][i];
      values[i * units + 2] = Math.cos(i * 0.9) * 0.1;
      values[i * units + 3] = 0.8 * f['inside quotes'][i] - 0.4;
      values[i * units + 4] = 0.5; // constant: correlates with nothing
    }
    const ranking = rankUnits(characters, values, units);
    const byFeature = Object.fromEntries(ranking.map((r) => [r.feature, r.units]));
    expect(byFeature['inside quotes'][0].unit).toBe(3);
    expect(byFeature['inside quotes'][0].correlation).toBeCloseTo(1, 5);
    expect(byFeature['vowel'][0].unit).toBe(1);
    expect(byFeature['vowel'][0].correlation).toBeCloseTo(-1, 5);
    expect(pearson(f['vowel'], values, units, 4)).toBe(0);
    expect(topUnits(ranking, 2).sort()).toEqual([1, 3]);
  });
});
