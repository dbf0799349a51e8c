import { describe, expect, it } from 'vitest';
import type { LossPoint } from '../../../shared/training';
import { appendPoints, downsample } from './lossSeries';

const series = (n: number, loss: (i: number) => number): LossPoint[] =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: loss(i) }));

describe('downsample', () => {
  it('returns short series unchanged', () => {
    const s = series(10, (i) => i);
    expect(downsample(s, 500)).toEqual(s);
    expect(downsample([], 500)).toEqual([]);
  });

  it('keeps the first and last point and at most maxPoints', () => {
    const s = series(100_000, (i) => Math.sin(i / 50) + 3);
    for (const max of [4, 5, 10, 500, 501]) {
      const d = downsample(s, max);
      expect(d.length).toBeLessThanOrEqual(max);
      expect(d[0]).toBe(s[0]);
      expect(d[d.length - 1]).toBe(s[s.length - 1]);
    }
  });

  it('keeps the extremes and step order', () => {
    const s = series(10_000, () => 2);
    s[1234] = { step: 1235, loss: 9 }; // spike
    s[7777] = { step: 7778, loss: 0.1 }; // dip
    const d = downsample(s, 100);
    expect(d).toContain(s[1234]);
    expect(d).toContain(s[7777]);
    for (let i = 1; i < d.length; i++) expect(d[i].step).toBeGreaterThan(d[i - 1].step);
  });
});

describe('appendPoints', () => {
  it('adds only points after the last step held', () => {
    const s = series(3, () => 1);
    const next = appendPoints(s, [
      { step: 3, loss: 5 },
      { step: 4, loss: 0.5 },
    ]);
    expect(next.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(s).toHaveLength(3);
    expect(appendPoints(next, [])).toBe(next);
  });
});
