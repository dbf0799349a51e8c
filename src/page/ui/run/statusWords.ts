// The training status's numbers in words: nothing stale while the run is not training, no time left until
// the worker has a measured speed, and the epoch and progress from the step when no progress came yet.
import type { RunState } from '../../../shared/training';
import type { ModelInfo, ProgressInfo } from './runState';
import { formatAboutDuration, formatCount } from '../common/format';

interface StatusFacts {
  runState: RunState;
  step: number;
  progress: ProgressInfo | null;
  model: ModelInfo | null;
}

const notTraining = (runState: RunState) => (runState === 'paused' ? 'paused' : '—');

export function speedWords({ runState, progress }: StatusFacts): string {
  if (runState !== 'training') return notTraining(runState);
  if (!progress || progress.charsPerSec <= 0) return 'measuring…';
  return `${formatCount(progress.charsPerSec)} characters/s`;
}

export function timeLeftWords({ runState, progress }: StatusFacts): string {
  if (runState !== 'training') return notTraining(runState);
  if (!progress || progress.etaSeconds === null) return 'measuring…';
  return formatAboutDuration(progress.etaSeconds);
}

/** Steps in the whole run: a plan's length, else epochs × steps per epoch; null without a model or a text. */
export function runSteps(model: ModelInfo | null): number | null {
  if (!model) return null;
  if (model.train.totalSteps !== undefined) return model.train.totalSteps;
  if (model.stepsPerEpoch <= 0) return null;
  return model.train.epochs * model.stepsPerEpoch;
}

/**
 * "2 of 20 (45% of epoch)", from the last progress event or, without one (after a load), from the step. A plan
 * ends where its time does, mid-epoch as often as not: "1 (26% through the text)", so it reads beside the run's
 * progress without a second, different percentage of the run. Percentages round down, as the run's progress does.
 */
export function epochWords({ progress, model, step }: StatusFacts): string {
  const perEpoch = model?.stepsPerEpoch ?? 0;
  if (!progress && perEpoch <= 0) return '—';
  const epoch = progress ? progress.epoch : Math.floor(step / perEpoch);
  const share = progress ? progress.epochProgress : (step % perEpoch) / perEpoch;
  const percent = Math.floor(share * 100);
  if (model?.train.plan)
    return model.train.epochs > 1 ? `${epoch + 1} of ${model.train.epochs}` : `1 (${percent}% through the text)`;
  const of = model ? ` of ${model.train.epochs}` : '';
  // At the very end the position has wrapped into an epoch the run will not train.
  if (model && epoch >= model.train.epochs) return `${model.train.epochs}${of} (done)`;
  return `${epoch + 1}${of} (${percent}% of epoch)`;
}

/** "1,200 of 7,381 steps (16%)"; null when the run's length is unknown. */
export function runProgressWords(facts: StatusFacts): string | null {
  const total = runSteps(facts.model);
  if (total === null) return null;
  const done = Math.min(facts.step, total);
  return `${formatCount(done)} of ${formatCount(total)} steps (${Math.floor((100 * done) / total)}%)`;
}

/**
 * Where the live weights came from, as of this step: the source alone while the model is as it came
 * ("best of the run (step 460)"), and what training did since, once it trained on from there.
 */
export function modelOriginWords(model: Pick<ModelInfo, 'source' | 'sourceStep'>, step: number): string {
  if (model.source === 'new run' || step <= model.sourceStep) return model.source;
  return `${model.source}, then trained to step ${formatCount(step)}`;
}
