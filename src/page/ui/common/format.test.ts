import { describe, expect, it } from 'vitest';
import { formatAboutDuration, formatBytes, formatDuration, formatLoss } from './format';

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

describe('an estimate in words', () => {
  it('says about, and rounds to what it can promise', () => {
    expect(formatAboutDuration(43)).toBe('about 45 s');
    expect(formatAboutDuration(2)).toBe('about 5 s');
    expect(formatAboutDuration(102)).toBe('about 1 min 30 s');
    expect(formatAboutDuration(119)).toBe('about 2 min');
    expect(formatAboutDuration(1036)).toBe('about 17 min');
    expect(formatAboutDuration(4800)).toBe('about 1 h 20 min');
    expect(formatAboutDuration(Number.NaN)).toBe('unknown');
  });
});
