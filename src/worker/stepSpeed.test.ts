import { describe, expect, it } from 'vitest';
import { ALPHA, MIN_TIMED_STEPS, StepSpeed, WARMUP_STEPS } from './stepSpeed';

describe('StepSpeed', () => {
  it('gives no figure before a few steps were timed, and ignores the warm-up steps', () => {
    const s = new StepSpeed();
    for (let i = 0; i < WARMUP_STEPS; i++) s.add(5000); // compilation
    for (let i = 0; i < MIN_TIMED_STEPS - 1; i++) {
      s.add(100);
      expect(s.msPerStep).toBeNull();
    }
    s.add(100);
    expect(s.msPerStep).toBeCloseTo(100);
  });

  it('averages the first steps and then smooths: one slow step barely moves it', () => {
    const s = new StepSpeed();
    for (let i = 0; i < WARMUP_STEPS + 20; i++) s.add(100);
    s.add(1100);
    expect(s.msPerStep).toBeCloseTo(100 + ALPHA * 1000);
    for (let i = 0; i < 100; i++) s.add(100);
    expect(s.msPerStep).toBeCloseTo(100, 0);
  });

  it('follows a lasting change of speed', () => {
    const s = new StepSpeed();
    for (let i = 0; i < 30; i++) s.add(300);
    for (let i = 0; i < 60; i++) s.add(150);
    expect(s.msPerStep!).toBeLessThan(151);
  });

  it('skips readings that are not times', () => {
    const s = new StepSpeed();
    for (let i = 0; i < 10; i++) s.add(i === 5 ? Number.NaN : 50);
    expect(s.msPerStep).toBe(50);
  });
});
