import { describe, expect, it } from 'vitest';
import { stepDurations } from './gpuStepTimer';
import { median } from './median';

describe('stepDurations', () => {
  it('pairs start and end timestamps into milliseconds per step', () => {
    const stamps = BigUint64Array.from([1_000_000n, 3_500_000n, 4_000_000n, 5_000_000n]);
    expect(stepDurations(stamps, 4)).toEqual([2.5, 1]);
  });

  it('drops a pair that came back out of order or unwritten, and an unpaired start', () => {
    const stamps = BigUint64Array.from([5_000_000n, 4_000_000n, 0n, 2_000_000n, 6_000_000n, 7_000_000n, 8_000_000n]);
    expect(stepDurations(stamps, 7)).toEqual([1]);
  });
});

describe('median', () => {
  it('takes the middle figure, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
