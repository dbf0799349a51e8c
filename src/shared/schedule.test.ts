import { describe, expect, it } from 'vitest';
import { COSINE_FLOOR, learningRateAt, learningRateSeries, type ScheduleConfig } from './schedule';

const constant: ScheduleConfig = { learningRate: 0.01, lrSchedule: 'constant', warmupSteps: 50 };
const cosine: ScheduleConfig = { learningRate: 0.01, lrSchedule: 'cosine', warmupSteps: 10 };

describe('learningRateAt', () => {
  it('is the peak at every step of a constant schedule, warmup or not', () => {
    for (const step of [0, 1, 49, 500, 10_000]) expect(learningRateAt(step, constant, 1000)).toBe(0.01);
  });

  it('warms up linearly to the peak', () => {
    expect(learningRateAt(0, cosine, 110)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(4, cosine, 110)).toBeCloseTo(0.005, 12);
    expect(learningRateAt(9, cosine, 110)).toBeCloseTo(0.01, 12);
  });

  it('decays by cosine from the peak to the floor over the rest of the run, then stays there', () => {
    expect(learningRateAt(10, cosine, 110)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(60, cosine, 110)).toBeCloseTo(0.01 * (COSINE_FLOOR + (1 - COSINE_FLOOR) / 2), 12);
    expect(learningRateAt(110, cosine, 110)).toBeCloseTo(0.01 * COSINE_FLOOR, 12);
    expect(learningRateAt(5000, cosine, 110)).toBeCloseTo(0.01 * COSINE_FLOOR, 12);
  });

  it('never rises after the warmup', () => {
    let previous = Infinity;
    for (let step = 10; step <= 120; step++) {
      const rate = learningRateAt(step, cosine, 110);
      expect(rate).toBeLessThanOrEqual(previous);
      previous = rate;
    }
  });

  it('copes with no warmup and with a warmup as long as the run', () => {
    const noWarmup = { ...cosine, warmupSteps: 0 };
    expect(learningRateAt(0, noWarmup, 100)).toBeCloseTo(0.01, 12);
    const allWarmup = { ...cosine, warmupSteps: 100 };
    expect(learningRateAt(99, allWarmup, 100)).toBeCloseTo(0.01, 12);
    expect(Number.isFinite(learningRateAt(100, allWarmup, 100))).toBe(true);
  });
});

describe('learningRateSeries', () => {
  it('gives the rate that produced each 1-based history step', () => {
    expect(learningRateSeries([1, 10], cosine, 110)).toEqual([
      { step: 1, rate: learningRateAt(0, cosine, 110) },
      { step: 10, rate: learningRateAt(9, cosine, 110) },
    ]);
  });
});
