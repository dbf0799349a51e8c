// Early stopping, derived from the validation history alone: a resumed or restored run needs no extra state.
import type { LossPoint } from './training';

export interface ValidationVerdict {
  /** The lowest validation loss so far (the first one, on ties), or null before any evaluation. */
  best: LossPoint | null;
  /** Evaluations since the best one. */
  sinceBest: number;
  /** The latest evaluation is the best so far. */
  improved: boolean;
  /** Patience is on and used up: training should stop. */
  stop: boolean;
}

/** What the validation history says; patience 0 never stops. */
export function judgeValidation(points: readonly LossPoint[], patience: number): ValidationVerdict {
  let bestIndex = -1;
  points.forEach((p, i) => {
    if (Number.isFinite(p.loss) && (bestIndex < 0 || p.loss < points[bestIndex].loss)) bestIndex = i;
  });
  if (bestIndex < 0) return { best: null, sinceBest: points.length, improved: false, stop: false };
  const sinceBest = points.length - 1 - bestIndex;
  return { best: points[bestIndex], sinceBest, improved: sinceBest === 0, stop: patience > 0 && sinceBest >= patience };
}

/** The run message for an early stop, in plain words; `restored`: the run went back to its best by itself. */
export function earlyStopMessage(verdict: ValidationVerdict, restored = false): string {
  const how = restored ? 'the model now holds those weights' : '“Restore best” loads it';
  const best = verdict.best ? ` The best was ${verdict.best.loss.toFixed(3)} at step ${verdict.best.step}; ${how}.` : '';
  return `Stopped early: the validation loss has not improved for ${verdict.sinceBest} evaluation(s).${best}`;
}
