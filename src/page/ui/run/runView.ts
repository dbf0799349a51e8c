// What the insight panels show, derived from the state: the chart's schedule, the best checkpoints, the
// sample interval. Pure, so App only wires them.
import { bestCheckpointIds, bestCheckpointsByRun } from '../../../shared/checkpoint/bestCheckpoint';
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { AppState, ModelInfo } from '../app/appState';
import type { ChartSchedule } from './LossChart';

/** The live run's schedule over its whole length; null without a model. */
export function chartSchedule(model: ModelInfo | null): ChartSchedule | null {
  if (!model) return null;
  return { config: model.train, totalSteps: model.train.epochs * model.stepsPerEpoch };
}

export interface BestCheckpoints {
  /** Each run's best, for the "Best" badges. */
  ids: ReadonlySet<string>;
  /** The live run's best, for "Restore best". */
  restore: CheckpointSummary | null;
}

export function bestCheckpoints(checkpoints: readonly CheckpointSummary[], runId: string | undefined): BestCheckpoints {
  const usable = checkpoints.filter((c) => !(c as { damaged?: unknown }).damaged);
  return { ids: bestCheckpointIds(usable), restore: runId ? (bestCheckpointsByRun(usable).get(runId) ?? null) : null };
}

/** Steps between samples: the live run's setting, else the form's; 0 when off or unreadable. */
export function sampleInterval(state: AppState): number {
  const every = state.model?.train.sampleEvery ?? Number(state.form.sampleEvery);
  return Number.isFinite(every) && every > 0 ? every : 0;
}
