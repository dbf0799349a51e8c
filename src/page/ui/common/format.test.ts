import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatLoss } from './format';

describe('format', () => {
  it('writes durations people read', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(7384)).toBe('2 h 3 min');
    expect(formatDuration(Number.NaN)).toBe('unknown');
  });

  it('writes sizes and losses', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_115_394)).toBe('1.1 MB');
    expect(formatLoss(1.23456)).toBe('1.235');
    expect(formatLoss(null)).toBe('—');
  });
});
