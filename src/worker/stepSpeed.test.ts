import { describe, expect, it } from 'vitest';
import { ALPHA, MIN_TIMED_STEPS, RateWindow, StepSpeed, WARMUP_STEPS } from './stepSpeed';

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

describe('RateWindow', () => {
  it('ignores the warm-up, then reads steps and characters per second of wall time', () => {
    const w = new RateWindow();
    let t = 0;
    w.add((t += 5000), 100); // compilation: not counted
    for (let i = 1; i < WARMUP_STEPS + MIN_TIMED_STEPS - 1; i++) {
      w.add((t += 100), 100);
      expect(w.rate).toBeNull();
    }
    w.add((t += 100), 100);
    expect(w.rate!.stepsPerSecond).toBeCloseTo(10);
    expect(w.rate!.charactersPerSecond).toBeCloseTo(1000);
  });

  it('holds within ±15% on a steady machine with an evaluation every 20 steps', () => {
    const w = new RateWindow();
    let t = 0;
    const rates: number[] = [];
    for (let i = 0; i < 2000; i++) {
      t += 50 + (i % 7) * 5 + (i % 20 === 0 ? 400 : 0); // jittery steps, a slow evaluation now and then
      w.add(t, 128);
      if (i > 300 && w.rate) rates.push(w.rate.stepsPerSecond);
    }
    const mean = rates.reduce((a, b) => a + b) / rates.length;
    for (const r of rates) expect(Math.abs(r - mean) / mean).toBeLessThan(0.15);
  });

  it('follows a change in speed within its window', () => {
    const w = new RateWindow();
    let t = 0;
    for (let i = 0; i < 1000; i++) w.add((t += 100), 1);
    for (let i = 0; i < 700; i++) w.add((t += 50), 1); // 35 s at twice the speed
    expect(w.rate!.stepsPerSecond).toBeCloseTo(20, 0);
  });
});
