// The coach: one or two plain sentences about how the run is going, from its own loss numbers only.
// Pure, so fixed curves test every rule; the page re-reads it at each evaluation.
import { judgeValidation, type EarlyStopRule } from './earlyStopping';
import type { LossHistory, LossPoint, RunEnding } from './training';

export type CoachVerdict =
  'waiting' | 'diverging' | 'stoppedAtBest' | 'overfitting' | 'underfitting' | 'plateau' | 'improving';

export interface CoachAdvice {
  verdict: CoachVerdict;
  text: string;
}

/** What the coach reads besides the history (which drops non-finite losses, so these say when they happened). */
export interface CoachFacts {
  /** Steps the trainer skipped because the loss was not a finite number. */
  skippedSteps?: number;
  /** The latest training loss as reported, possibly NaN or Infinity. */
  latestTrainLoss?: number;
  /** Distinct characters; sets what counts as a high loss (see highLoss). */
  vocabSize?: number;
  /** The run's early-stopping rule (its training settings): the coach reads the curve as early stopping does. */
  earlyStop?: EarlyStopRule;
  /** How the run ended by itself, as the worker judged it (the status shows the same): it comes first. */
  ending?: RunEnding | null;
  /** The run's plan chose its network by the time it had: a longer run would choose a larger one. */
  longerRunHelps?: boolean;
  /** The model's cell as the page names it ("GRU", "LSTM", "RNN"); the advice names its units. Absent: GRU. */
  cellLabel?: string;
}

// Thresholds, in nats per character (the loss the chart shows):
/** Validation this much above training (relative) is a gap worth naming: 10%. */
export const GAP_RATIO = 0.1;
/** Validation counts as rising when its latest value is this much above its best (relative): 2%. */
export const RISE_RATIO = 0.02;
/** Evaluations a trend is read over; fewer than this and the coach waits. */
export const TREND_EVALUATIONS = 4;
/** Over those evaluations, a fall below this (relative) is flat: 1%. */
export const FLAT_RATIO = 0.01;
/** Without a vocabulary, losses above this are high (a character model on English ends near 1.5). */
export const HIGH_LOSS = 2;

/**
 * A loss that says the model has learned little more than which characters are common: half the loss of
 * guessing uniformly (ln V), capped at HIGH_LOSS so large vocabularies do not excuse a poor model.
 */
export function highLoss(vocabSize?: number): number {
  return vocabSize && vocabSize > 1 ? Math.min(HIGH_LOSS, 0.5 * Math.log(vocabSize)) : HIGH_LOSS;
}

const fmt = (loss: number) => loss.toFixed(2);

/** Mean training loss over the steps since the evaluation before `at` (training loss is noisy step to step). */
export function recentTrainLoss(train: readonly LossPoint[], since: number, at: number): number | null {
  const window = train.filter((p) => p.step > since && p.step <= at);
  const points = window.length > 0 ? window : train.filter((p) => p.step <= at).slice(-1);
  if (points.length === 0) return null;
  return points.reduce((sum, p) => sum + p.loss, 0) / points.length;
}

function diverging(facts: CoachFacts): CoachAdvice | null {
  const skipped = facts.skippedSteps ?? 0;
  const notFinite = facts.latestTrainLoss !== undefined && !Number.isFinite(facts.latestTrainLoss);
  if (!notFinite && skipped === 0) return null;
  const what =
    skipped > 0
      ? `The loss was not a finite number (${skipped} step${skipped === 1 ? '' : 's'} skipped).`
      : 'The loss is not a finite number.';
  return {
    verdict: 'diverging',
    text: `${what} Lower the learning rate (try a third of it) or set a gradient clip of 1 to 5, then start again.`,
  };
}

/** The advice for the run so far; 'waiting' until the first evaluation. */
export function coachAdvice(history: LossHistory, facts: CoachFacts = {}): CoachAdvice {
  const trouble = diverging(facts);
  if (trouble) return trouble;
  const val = history.validation;
  const last = val.at(-1);
  if (!last) return { verdict: 'waiting', text: 'The coach speaks after the first validation loss.' };
  const previousStep = val.at(-2)?.step ?? -1;
  const train = recentTrainLoss(history.train, previousStep, last.step);
  if (val.length < TREND_EVALUATIONS || train === null) {
    return {
      verdict: 'waiting',
      text: `First validation loss ${fmt(last.loss)} at step ${last.step}; advice after ${TREND_EVALUATIONS} evaluations.`,
    };
  }
  const best = facts.ending?.best ?? val.reduce((b, p) => (p.loss < b.loss ? p : b));
  // Early stopping's verdict comes first, so the coach never says "going well" beside "stopped early". After Restore
  // best the history ends at the best step, so the worker's verdict (the ending) is what counts, not the curve.
  const stoppedEarly =
    facts.ending?.outcome === 'earlyStopped' ||
    (facts.ending == null && facts.earlyStop !== undefined && judgeValidation(val, facts.earlyStop).stop);
  if (stoppedEarly) return stoppedAtBest(best, highLoss(facts.vocabSize), facts.ending?.restored ?? false);
  const advice = curveAdvice(val, last, best, train, facts);
  if (!facts.ending) return advice;
  const larger = facts.longerRunHelps
    ? ' A longer “Train for” on a new run lets the plan choose a larger network, which learns more from this text.'
    : '';
  if (advice.verdict === 'improving') {
    return {
      verdict: 'improving',
      text: `The run has ended with the validation loss still falling (${fmt(val.at(-TREND_EVALUATIONS)!.loss)} to ${fmt(last.loss)} over the last ${TREND_EVALUATIONS} evaluations): more training would help, and Resume trains on from here.${larger}`,
    };
  }
  if (advice.verdict === 'plateau' || advice.verdict === 'underfitting') {
    return {
      verdict: advice.verdict,
      text: `The run is over: best validation loss ${fmt(best.loss)} at step ${best.step}, and the curve has levelled off.${larger || ' Resume trains on from here.'}`,
    };
  }
  return advice;
}

function stoppedAtBest(best: LossPoint, high: number, restored: boolean): CoachAdvice {
  const next =
    best.loss > high
      ? 'The model learned little before it stopped improving: this text is too short for more, and a larger text would help.'
      : 'More steps would have fitted this text’s noise rather than its patterns; a larger text would let the model learn more.';
  return {
    verdict: 'stoppedAtBest',
    text: `The validation loss stopped improving after step ${best.step} (${fmt(best.loss)}), so training stopped${restored ? ', and the model holds that step’s weights' : ''}. ${next}`,
  };
}

/** What the validation curve itself says while no ending overrides it. */
function curveAdvice(
  val: readonly LossPoint[],
  last: LossPoint,
  best: LossPoint,
  train: number,
  facts: CoachFacts,
): CoachAdvice {
  const gap = (last.loss - train) / train;
  const rising = last.loss > best.loss * (1 + RISE_RATIO) && last.step > best.step;
  if (gap > GAP_RATIO && rising) {
    return {
      verdict: 'overfitting',
      text:
        `Validation loss (${fmt(last.loss)}) is well above training loss (${fmt(train)}) and has risen since step ${best.step}: the model is memorising the text. ` +
        `Try dropout, a smaller model or more text, and “Restore best” to go back to step ${best.step}.`,
    };
  }
  const trend = val.slice(-TREND_EVALUATIONS);
  const fall = (trend[0].loss - last.loss) / trend[0].loss;
  if (fall < FLAT_RATIO && !rising) {
    if (last.loss > highLoss(facts.vocabSize) && gap <= GAP_RATIO) {
      return {
        verdict: 'underfitting',
        text: `Training (${fmt(train)}) and validation (${fmt(last.loss)}) losses are both high and flat: the model is too small or learns too slowly. Try more ${facts.cellLabel ?? 'GRU'} units, another layer or a higher learning rate.`,
      };
    }
    return {
      verdict: 'plateau',
      text: `Validation loss has levelled off at ${fmt(last.loss)}; more steps will gain little.`,
    };
  }
  if (rising) {
    return {
      verdict: 'plateau',
      text: `Validation loss (${fmt(last.loss)}) is a little above its best (${fmt(best.loss)} at step ${best.step}); watch the next evaluations.`,
    };
  }
  return {
    verdict: 'improving',
    text: `Going well: validation loss fell from ${fmt(trend[0].loss)} to ${fmt(last.loss)} over the last ${TREND_EVALUATIONS} evaluations.`,
  };
}
