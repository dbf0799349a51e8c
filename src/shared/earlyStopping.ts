// Early stopping, derived from the validation history alone: a resumed or restored run needs no extra state.
// Two rules: a preset's patience in evaluations, or a plan's patience in steps once a minimum step is reached
// (a planned run's evaluations come at a cadence set by time, so steps say how much training was spent).
import type { TrainConfig } from './config';
import type { LossPoint } from './training';

export interface ValidationVerdict {
  /** The lowest validation loss so far (the first one, on ties), or null before any evaluation. */
  best: LossPoint | null;
  /** Evaluations since the best one. */
  sinceBest: number;
  /** Training steps since the best evaluation (0 before any). */
  stepsSinceBest: number;
  /** The latest evaluation is the best so far. */
  improved: boolean;
  /** Patience is on and used up: training should stop. */
  stop: boolean;
}

export type EarlyStopRule = number | Pick<TrainConfig, 'earlyStopPatience' | 'patienceSteps' | 'minSteps'>;

/** What the validation history says; patience 0 never stops. */
export function judgeValidation(points: readonly LossPoint[], rule: EarlyStopRule): ValidationVerdict {
  let bestIndex = -1;
  points.forEach((p, i) => {
    if (Number.isFinite(p.loss) && (bestIndex < 0 || p.loss < points[bestIndex].loss)) bestIndex = i;
  });
  if (bestIndex < 0) return { best: null, sinceBest: points.length, stepsSinceBest: 0, improved: false, stop: false };
  const sinceBest = points.length - 1 - bestIndex;
  const best = points[bestIndex];
  const latest = points[points.length - 1];
  const stepsSinceBest = latest.step - best.step;
  const r = typeof rule === 'number' ? { earlyStopPatience: rule } : rule;
  const byEvaluations = r.earlyStopPatience > 0 && sinceBest >= r.earlyStopPatience;
  const bySteps = r.patienceSteps !== undefined && r.patienceSteps > 0 && stepsSinceBest >= r.patienceSteps;
  const patient = r.patienceSteps !== undefined ? bySteps : byEvaluations;
  const stop = patient && r.earlyStopPatience > 0 && latest.step >= (r.minSteps ?? 0);
  return { best, sinceBest, stepsSinceBest, improved: sinceBest === 0, stop };
}

/** The run message for an early stop, in plain words; `restored`: the run went back to its best by itself. */
export function earlyStopMessage(verdict: ValidationVerdict, restored = false): string {
  const how = restored ? 'the model now holds those weights' : '“Restore best” loads it';
  const best = verdict.best
    ? ` The best was ${verdict.best.loss.toFixed(3)} at step ${verdict.best.step}; ${how}.`
    : '';
  const since = `${verdict.stepsSinceBest.toLocaleString('en-US')} steps (${verdict.sinceBest} evaluation(s))`;
  return `Stopped early: the validation loss has not improved for ${since}.${best}`;
}
