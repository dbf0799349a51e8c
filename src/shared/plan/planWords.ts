// A plan in plain words, for the page: what trains, for how long, and why.
import { CELL_LABELS, cellOf } from '../cell';
import { layerCount, type ModelShape, type TrainConfig } from '../config';
import { COSINE_FLOOR } from '../schedule';
import { MAX_EPOCHS } from './planner';
import { trainForLabel } from './trainFor';

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A rate as people write it: 0.005 -> "5e-3", 0.0015 -> "1.5e-3". */
export function rateWords(rate: number): string {
  const [mantissa, exponent] = rate.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${Number(exponent)}`;
}

/** About how long: 45 -> "45 s", 280 -> "about 5 minutes", 90 -> "1 min 30 s". */
export function aboutDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 120) return `1 min ${s - 60} s`;
  return `about ${Math.round(s / 60)} minutes`;
}

export interface PlanFacts {
  model: ModelShape;
  train: TrainConfig;
  parameters: number;
}

/**
 * "GRU 128 × 1 layer (87,041 parameters): about 2,900 steps of 16 × 64 characters in about 5 minutes at 12,000
 * characters/s measured here; learning rate 5e-3 after a warm-up, falling to 5e-4."
 */
export function planSummary({ model, train, parameters }: PlanFacts): string {
  const plan = train.plan;
  const layers = layerCount(model);
  const network = `${CELL_LABELS[cellOf(model)]} ${model.units} × ${layers} layer${layers === 1 ? '' : 's'} (${count(parameters)} parameters)`;
  const steps = train.totalSteps ?? 0;
  const speed = plan?.charactersPerSecond ?? 0;
  const seconds = speed > 0 ? (steps * train.batchSize * train.windowLength) / speed : 0;
  const length = `about ${count(steps)} steps of ${train.batchSize} × ${train.windowLength} characters`;
  const pace = plan?.retimes ? '(this run’s own pace, evaluations included)' : 'measured here';
  const time = plan && seconds > 0 ? ` in ${aboutDuration(seconds)} at ${count(speed)} characters/s ${pace}` : '';
  const rate =
    train.lrSchedule === 'cosine'
      ? `learning rate ${rateWords(train.learningRate)} after a warm-up, falling to ${rateWords(train.learningRate * COSINE_FLOOR)}`
      : `learning rate ${rateWords(train.learningRate)}`;
  return `${network}: ${length}${time}; ${rate}.`;
}

/** Why the plan chose this network, and how it ends, in a sentence. */
export function planReason(train: TrainConfig): string {
  const plan = train.plan;
  if (!plan) return '';
  const asked = `Train for ${trainForLabel(plan.trainFor)}`;
  const why = plan.chosenNetwork ? `chosen as ${plan.reason}` : 'the network set in the settings, timed to fit';
  const stops = train.patienceSteps
    ? ' It stops sooner if the validation loss stops improving, and goes back to its best step.'
    : '';
  return `${asked}: ${why}.${endsSooner(train)}${stops}`;
}

/** A short text's plan ends before the time asked: say so, and why, so the early end is no surprise. */
function endsSooner(train: TrainConfig): string {
  const plan = train.plan;
  const speed = plan?.charactersPerSecond ?? 0;
  if (!plan || speed <= 0 || train.epochs < MAX_EPOCHS || plan.trainFor === 'untilPlateau') return '';
  const seconds = ((train.totalSteps ?? 0) * train.batchSize * train.windowLength) / speed;
  if (seconds >= 0.9 * plan.budgetSeconds) return '';
  return ` ${MAX_EPOCHS} passes over the text take less than the time asked, and after that a network only learns the text by heart, so the run ends sooner.`;
}

/** While the device is being timed: "Measuring this device: GRU 64 · batch 16 × 32 (3 s so far)". */
export function measuringWords(network: string, elapsedSeconds: number): string {
  return `Measuring this device’s speed before planning: ${network} (${Math.round(elapsedSeconds)} s so far)…`;
}
