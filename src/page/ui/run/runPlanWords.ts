// The Run plan panel in words: what the next Start will do, the device being timed, or the plan of the run.
import { planReason, planSummary, measuringWords } from '../../../shared/plan/planWords';
import { calibrationLimitSeconds, trainForLabel } from '../../../shared/plan/trainFor';
import type { ModelInfo } from './runState';
import type { AppState } from '../app/appState';
import type { PlanSlice } from './planState';
import type { PresetChoice } from '../model/configForm';
import type { TrainForChoice } from '../model/configState';

export interface RunPlanFacts extends PlanSlice {
  preset: PresetChoice;
  trainFor: TrainForChoice;
  model: ModelInfo | null;
  /** Epochs typed in the settings (for a run without a plan). */
  epochs: string;
}

/** Lines of the Run plan panel, most important first. */
export function runPlanLines(f: RunPlanFacts): string[] {
  if (f.measuring) return [measuringWords(f.measuring.network, f.measuring.elapsedSeconds)];
  const plan = f.model?.train.plan;
  if (f.model && plan) {
    const { model, train, parameters } = f.model;
    const lines = [planSummary({ model, train, parameters }), planReason(train)];
    if (f.calibrationSeconds !== null) lines.push(`Timing this device took ${Math.round(f.calibrationSeconds)} s.`);
    return lines;
  }
  return [nextStartWords(f)];
}

/** What Start will do with the settings as they are. */
export function nextStartWords({
  preset,
  trainFor,
  epochs,
}: Pick<RunPlanFacts, 'preset' | 'trainFor' | 'epochs'>): string {
  if (trainFor === 'epochs') {
    const n = Number(epochs);
    const what = Number.isFinite(n) && n > 0 ? `${n} epoch${n === 1 ? '' : 's'}` : 'the epochs';
    return `No plan: Start trains the network in the settings for ${what}, however long that takes.`;
  }
  const limit = Math.round(calibrationLimitSeconds(trainFor));
  const time = trainForLabel(trainFor);
  if (preset === 'auto')
    return `On Start, folio times a few networks on this device (up to ${limit} s, part of the time), then trains the one that learns your text best in ${time}.`;
  return `On Start, folio times the network in the settings on this device (a few seconds), then fits the run's length to ${time}.`;
}

/** Minutes "Train N more minutes" adds: the time chosen, else the run's own; null when it has no plan. */
export function moreMinutes({ model, trainFor }: Pick<AppState, 'model' | 'trainFor'>): number | null {
  const plan = model?.train.plan;
  if (!plan) return null;
  if (typeof trainFor === 'number') return trainFor;
  return typeof plan.trainFor === 'number' ? plan.trainFor : null;
}
