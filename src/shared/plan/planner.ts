// The run planner: from the text, the speeds measured on this device and the time a person gives, the
// network and every training setting of the run. Pure: the worker calls it between calibration steps,
// the tests call it with speeds of their own. The rules and the figures behind them: docs/run-planning.md.
import {
  parameterCount,
  PRESET_EARLY_STOP_PATIENCE,
  TRAIN_DEFAULTS,
  type ModelShape,
  type TrainConfig,
} from '../config';
import { planCorpus } from '../data/corpusPlan';
import { charactersPerStep, ladderFor, shapeKey, shapeModel, shapeParameters, type PlanShape } from './ladder';
import type { CellName } from '../cell';
import type { PlanLimit, PlanRecord } from './planRecord';
import { budgetSeconds, type TrainFor } from './trainFor';

/** A network is worth its size once it trains on this many characters per parameter (1 M characters: GRU 128). */
export const CHARACTERS_PER_PARAMETER = 10;
/**
 * More parameters than this per training character and the model learns the text by heart before it generalises
 * (the tutorial's GRU 1024 on Tiny Shakespeare, its best model there, has 4 per character).
 */
export const PARAMETERS_PER_TEXT_CHARACTER = 5;
/** Past this many passes over the text a model without dropout only memorises it: a run this long ends sooner. */
export const MAX_EPOCHS = 30;
/** Share of the budget that training steps get; evaluations, samples and saves take the rest. */
export const TRAINING_SHARE = 0.9;
/** Evaluations a run aims for, whatever its length: enough to see the curve, few enough to cost little. */
export const EVALUATIONS_PER_RUN = 30;
/** Share of the training time that evaluations may take. */
export const EVALUATION_SHARE = 0.05;
/** Validation batches per evaluation, at least and at most. */
export const VALIDATION_BATCHES = [4, 64] as const;
/** Early stopping waits for this share of the planned steps, then for this share without a new best. */
export const MIN_STEPS_SHARE = 0.3;
export const PATIENCE_SHARE = 0.2;
/** "Until it stops improving" waits and watches over a quarter of those shares of its nominal hour. */
export const PLATEAU_SHARE = 0.25;
/** Checkpoints per run, and no closer than this. */
export const CHECKPOINTS_PER_RUN = 6;
export const MIN_SECONDS_BETWEEN_CHECKPOINTS = 30;
export const SAMPLES_PER_RUN = 10;

/** Characters per second per shape, measured on this device and backend (keys from shapeKey). */
export type SpeedTable = Readonly<Record<string, number>>;

export interface PlanInput {
  /** The text's length in characters. */
  characters: number;
  vocabSize: number;
  /** The cell the plan sizes (its gates set the parameters and work of each rung); absent: the GRU. */
  cell?: CellName;
  trainFor: TrainFor;
  speeds: SpeedTable;
  /** Seconds of the budget already spent (calibration). */
  spentSeconds?: number;
  validationShare?: number;
  seed?: number;
}

export interface RunPlan {
  model: ModelShape;
  train: TrainConfig;
  plan: PlanRecord;
  steps: number;
  parameters: number;
}

export const keyFor = (shape: PlanShape, vocabSize: number): string => speedKeyFor(shapeKey(shape), vocabSize);
/** The vocabulary in steps of 32 joins the key: the output layer's width changes a small network's speed. */
export const speedKeyFor = (key: string, vocabSize: number): string => `${key}-v${Math.ceil(vocabSize / 32) * 32}`;

const trainSecondsOf = (input: PlanInput): number =>
  Math.max(1, budgetSeconds(input.trainFor) - (input.spentSeconds ?? 0)) * TRAINING_SHARE;

const trainCharactersOf = (input: PlanInput): number =>
  Math.floor(input.characters * (1 - (input.validationShare ?? 0.1)));

/** The rungs the text allows: a network never far larger than the text (the smallest always, if it fits a batch). */
export function candidateShapes(input: PlanInput): PlanShape[] {
  const textCharacters = trainCharactersOf(input);
  const fitsText = ladderFor(input.cell).filter((s) => batchFits(s, input));
  const allowed = fitsText.filter(
    (s) => shapeParameters(s, input.vocabSize) <= PARAMETERS_PER_TEXT_CHARACTER * textCharacters,
  );
  return allowed.length > 0 ? allowed : fitsText.slice(0, 1);
}

/** Enough training windows for a few batches a step (the corpus plan's error otherwise). */
function batchFits(shape: PlanShape, input: PlanInput): boolean {
  const corpus = planCorpus(input.characters, { ...shape, validationShare: input.validationShare ?? 0.1 });
  return corpus.errors.length === 0 && corpus.stepsPerEpoch >= 1;
}

/** The network trains on enough characters in the time to be worth its parameters. */
export function worthItsSize(shape: PlanShape, input: PlanInput): boolean {
  const speed = input.speeds[keyFor(shape, input.vocabSize)];
  if (!(speed > 0)) return false;
  return shapeParameters(shape, input.vocabSize) * CHARACTERS_PER_PARAMETER <= speed * trainSecondsOf(input);
}

/**
 * The next network whose speed the plan needs, smallest first; null once the plan can be made. Larger rungs
 * are slower, so the first one not worth its size ends the search.
 */
export function nextShapeToMeasure(input: PlanInput): PlanShape | null {
  for (const shape of candidateShapes(input)) {
    if (!(input.speeds[keyFor(shape, input.vocabSize)] > 0)) return shape;
    if (!worthItsSize(shape, input)) return null;
  }
  return null;
}

/** The largest candidate worth its size with the speeds known, else the smallest. */
export function chooseShape(input: PlanInput): { shape: PlanShape; reason: string; limit: PlanLimit } {
  const candidates = candidateShapes(input);
  if (candidates.length === 0) throw new Error('The text is too short for any network of the plan.');
  let chosen: PlanShape | null = null;
  for (const shape of candidates) {
    if (!worthItsSize(shape, input)) break;
    chosen = shape;
  }
  const largestForText = candidates[candidates.length - 1];
  if (!chosen) {
    return {
      shape: candidates[0],
      reason: `the smallest network: this device trains it too slowly for anything larger in the time`,
      limit: 'time',
    };
  }
  const ladder = ladderFor(input.cell);
  const next = ladder[ladder.indexOf(chosen) + 1];
  if (chosen === largestForText && next) {
    const reason = `the largest network this text supports (${words(trainCharactersOf(input))} training characters); a larger one would learn it by heart`;
    return { shape: chosen, reason, limit: 'text' };
  }
  if (!next) return { shape: chosen, reason: 'the largest network folio plans', limit: 'ladder' };
  return {
    shape: chosen,
    reason: `the largest network this device trains well in the time; a larger one would not see enough text`,
    limit: 'time',
  };
}

/** The plan for a network chosen by the plan. */
export function planRun(input: PlanInput): RunPlan {
  const { shape, reason, limit } = chooseShape(input);
  const speed = input.speeds[keyFor(shape, input.vocabSize)] ?? 0;
  const train = timedTrainConfig(shape, { ...input, speed, seed: input.seed ?? 42 });
  return finish(shapeModel(shape), train, input, { speed, chosenNetwork: true, reason, limit });
}

/** The plan for a network chosen by hand (a preset, or the advanced settings): its length from its speed. */
export function planFixedRun(model: ModelShape, train: TrainConfig, input: PlanInput, speed: number): RunPlan {
  const timed = timedTrainConfig({ ...train }, { ...input, speed, seed: train.seed });
  const kept: TrainConfig = { ...timed, learningRate: train.learningRate, clipNorm: train.clipNorm };
  return finish(model, kept, input, { speed, chosenNetwork: false, reason: 'the network chosen in the settings' });
}

interface Timing extends PlanInput {
  speed: number;
  seed: number;
}

/** Steps, schedule, evaluation, checkpoint and sample cadence for a batch shape at a speed, over the budget. */
function timedTrainConfig(
  shape: Pick<PlanShape, 'batchSize' | 'windowLength' | 'learningRate'>,
  t: Timing,
): TrainConfig {
  const perStep = charactersPerStep(shape);
  const stepsPerSecond = t.speed / perStep;
  const corpus = planCorpus(t.characters, { ...shape, validationShare: t.validationShare ?? 0.1 });
  const fitsTime = Math.floor(stepsPerSecond * trainSecondsOf(t));
  const steps = Math.max(20, Math.min(fitsTime, MAX_EPOCHS * corpus.stepsPerEpoch));
  const everySeconds = (seconds: number) => Math.max(1, Math.round(seconds * stepsPerSecond));
  const trainSeconds = Math.min(trainSecondsOf(t), steps / stepsPerSecond);
  const evalEvery = Math.max(5, Math.floor(steps / EVALUATIONS_PER_RUN));
  // An evaluation's batch costs about a third of a training step (forward only).
  const affordable = Math.floor(EVALUATION_SHARE * evalEvery * 3);
  const available = Math.max(1, Math.floor(corpus.validationWindows / shape.batchSize));
  const validationBatches = Math.min(
    available,
    Math.max(VALIDATION_BATCHES[0], Math.min(VALIDATION_BATCHES[1], affordable)),
  );
  const checkpointSeconds = Math.max(MIN_SECONDS_BETWEEN_CHECKPOINTS, trainSeconds / CHECKPOINTS_PER_RUN);
  return {
    ...TRAIN_DEFAULTS,
    batchSize: shape.batchSize,
    windowLength: shape.windowLength,
    learningRate: shape.learningRate,
    clipNorm: 5,
    validationShare: t.validationShare ?? 0.1,
    seed: t.seed,
    epochs: Math.max(1, Math.ceil(steps / Math.max(1, corpus.stepsPerEpoch))),
    totalSteps: steps,
    evalEvery,
    validationBatches,
    checkpointEvery: everySeconds(checkpointSeconds),
    lrSchedule: 'cosine',
    warmupSteps: Math.min(100, Math.max(1, Math.floor(steps * 0.02))),
    sampleEvery: Math.max(evalEvery, everySeconds(trainSeconds / SAMPLES_PER_RUN)),
    earlyStopPatience: PRESET_EARLY_STOP_PATIENCE,
    ...earlyStopping(steps, evalEvery, t.trainFor),
    restoreBest: true,
  };
}

/** Until it stops improving: the nominal budget is long, so early stopping looks at a shorter stretch. */
function earlyStopping(
  steps: number,
  evalEvery: number,
  trainFor: TrainFor,
): Pick<TrainConfig, 'patienceSteps' | 'minSteps'> {
  const share = trainFor === 'untilPlateau' ? PLATEAU_SHARE : 1;
  return {
    patienceSteps: Math.max(evalEvery * 3, Math.floor(steps * PATIENCE_SHARE * share)),
    minSteps: Math.floor(steps * MIN_STEPS_SHARE * share),
  };
}

function finish(
  model: ModelShape,
  train: TrainConfig,
  input: PlanInput,
  how: { speed: number; chosenNetwork: boolean; reason: string; limit?: PlanLimit },
): RunPlan {
  const seconds = Math.max(1, budgetSeconds(input.trainFor) - (input.spentSeconds ?? 0));
  const plan: PlanRecord = {
    trainFor: input.trainFor,
    budgetSeconds: Math.round(seconds),
    charactersPerSecond: Math.round(how.speed),
    chosenNetwork: how.chosenNetwork,
    reason: how.reason,
    ...(how.limit ? { limit: how.limit } : {}),
    trainedSeconds: 0,
  };
  const parameters = parameterCount({ ...model, vocabSize: input.vocabSize });
  return { model, train: { ...train, plan }, plan, steps: train.totalSteps ?? 0, parameters };
}

/** A count in words a person reads at a glance: 3,600 · 1.1 million. */
function words(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` : Math.round(n).toLocaleString('en-US');
}

/** Shares of the budget at which a run re-times its length from its own rate (evaluations and saves included). */
export const RETIME_AT = [0.1, 0.5, 0.8] as const;

/**
 * The run's settings with its length re-timed, when it has just passed one of RETIME_AT: the steps that fit the
 * rest of the budget at the rate the run itself has shown, so it ends on time. Null when nothing is due.
 * Early stopping keeps its shares of the new length; `retimes` counts the re-timings done (so a resume redoes none).
 */
export function retimeRun(train: TrainConfig, step: number, stepsPerEpoch: number): TrainConfig | null {
  const plan = train.plan;
  if (!plan || train.totalSteps === undefined || step < 20 || plan.trainedSeconds <= 0) return null;
  const done = plan.retimes ?? 0;
  if (done >= RETIME_AT.length || plan.trainedSeconds < RETIME_AT[done] * plan.budgetSeconds) return null;
  const rate = step / plan.trainedSeconds;
  const fits = Math.floor(step + rate * Math.max(0, plan.budgetSeconds - plan.trainedSeconds));
  const totalSteps = Math.max(step + 1, Math.min(fits, MAX_EPOCHS * Math.max(1, stepsPerEpoch)));
  const share = plan.trainFor === 'untilPlateau' ? PLATEAU_SHARE : 1;
  return {
    ...train,
    totalSteps,
    minSteps: Math.floor(totalSteps * MIN_STEPS_SHARE * share),
    patienceSteps: Math.max(train.evalEvery * 3, Math.floor(totalSteps * PATIENCE_SHARE * share)),
    // The pace the run has shown (evaluations and saves included), so the plan's words say the time it will take.
    plan: { ...plan, retimes: done + 1, charactersPerSecond: Math.round(rate * charactersPerStep(train)) },
  };
}

/** Extends a plan by more minutes: the budget grows, and the steps with it at the run's own rate. */
export function extendPlan(train: TrainConfig, step: number, minutes: number): TrainConfig {
  const plan = train.plan;
  if (!plan) return train;
  const budget = plan.trainedSeconds + minutes * 60;
  const rate =
    plan.trainedSeconds > 0 ? step / plan.trainedSeconds : plan.charactersPerSecond / charactersPerStep(train);
  const totalSteps = Math.max(step + 1, Math.floor(step + rate * minutes * 60 * TRAINING_SHARE));
  const more = totalSteps - step;
  return {
    ...train,
    totalSteps,
    minSteps: step + Math.floor(more * MIN_STEPS_SHARE),
    patienceSteps: Math.max(train.evalEvery * 3, Math.floor(more * PATIENCE_SHARE)),
    plan: { ...plan, budgetSeconds: Math.round(budget) },
  };
}

export { parameterCount, shapeModel };

/** The nominal time a budget in characters is planned over (any value gives the same plan). */
const NOMINAL_SECONDS = 300;

/**
 * The plan for a budget in training characters rather than seconds, the same on every machine: every network
 * is taken to train that many characters in the time (the learning benchmark compares plans and presets so).
 */
export function planRunForCharacters(
  input: Omit<PlanInput, 'trainFor' | 'speeds' | 'spentSeconds'> & { budgetCharacters: number },
): RunPlan {
  const speed = input.budgetCharacters / (NOMINAL_SECONDS * TRAINING_SHARE);
  const speeds = Object.fromEntries(ladderFor(input.cell).map((s) => [keyFor(s, input.vocabSize), speed]));
  return planRun({ ...input, trainFor: NOMINAL_SECONDS / 60, speeds });
}
