// The learning rate at each step: constant, or linear warmup then cosine decay to a floor.
//   warmup:  lr·(s+1)/W                         for s < W
//   cosine:  lr·(f + (1−f)·½(1 + cos(π·p)))     p = (s − W)/(total − W), clamped to [0, 1]
// Pure: the trainer applies it per step and the page draws it, from the same config.
import type { TrainConfig } from './config';

/** Share of the peak rate that the cosine decay ends at. */
export const COSINE_FLOOR = 0.1;

export type ScheduleConfig = Pick<TrainConfig, 'learningRate' | 'lrSchedule' | 'warmupSteps'>;

/** Rate for the update that follows `step` updates already applied (0-based), in a run of totalSteps. */
export function learningRateAt(step: number, cfg: ScheduleConfig, totalSteps: number): number {
  const peak = cfg.learningRate;
  if (cfg.lrSchedule !== 'cosine') return peak;
  const warmup = Math.max(0, Math.floor(cfg.warmupSteps));
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const span = Math.max(1, totalSteps - warmup);
  const p = Math.min(1, Math.max(0, (step - warmup) / span));
  return peak * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * p)));
}

/** The schedule at the given points (1-based steps, as the loss history counts them). */
export function learningRateSeries(
  steps: readonly number[],
  cfg: ScheduleConfig,
  totalSteps: number,
): { step: number; rate: number }[] {
  return steps.map((step) => ({ step, rate: learningRateAt(step - 1, cfg, totalSteps) }));
}
