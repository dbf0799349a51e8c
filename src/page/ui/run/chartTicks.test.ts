import { describe, expect, it } from 'vitest';
import { formatLossTick, LOSS_DOMAIN } from './chartTicks';

const ticks = (lo: number, hi: number, count = 5) =>
  Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));

describe('the loss axis', () => {
  it('is at least a tenth wide, so two-decimal ticks are distinct', () => {
    for (const [min, max] of [
      [4.161, 4.164],
      [4.2, 4.2],
      [1.234, 3.9],
      [0.05, 0.051],
    ]) {
      const lo = LOSS_DOMAIN[0](min);
      const hi = LOSS_DOMAIN[1](max);
      expect(lo).toBeLessThanOrEqual(min);
      expect(hi).toBeGreaterThanOrEqual(max);
      expect(hi - lo).toBeGreaterThanOrEqual(0.1 - 1e-9);
      const labels = ticks(lo, hi).map(formatLossTick);
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
