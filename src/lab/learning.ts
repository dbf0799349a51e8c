// The learning benchmark (issue 11): trains a preset on a text with the app's own pieces — text loading,
// corpus plan and batches, model, kernels, Adam and the Trainer — and reports validation loss every K steps
// with characters per second. bench/learn.mjs runs it in Node (Dawn or tfjs's CPU backend);
// bench/torch_learn.py runs the same protocol in PyTorch so the two tables can be read side by side.
import * as tf from '../worker/tfjs';
import { parameterCount, PRESETS, type ModelShape, type PresetName, type TrainConfig } from '../shared/config';
import { cellVariants, type CellMatch } from './cellVariants';
import type { CellName } from '../shared/cell';
import { planRunForCharacters } from '../shared/plan/planner';
import { loadText } from '../worker/loadedText';
import { disposeRun, planNewRun, type Run } from '../worker/run';

export interface LearningOptions {
  preset: PresetName;
  /** Optimisation steps to run (stops early only if the run diverges). */
  steps: number;
  /** Validation loss every this many steps (and after the last one). */
  evalEvery: number;
  seed: number;
  /** Validation batches per evaluation: the app uses 4; more gives a steadier figure. */
  validationBatches: number;
  /** Run the fused WebGPU kernels (only where the backend is webgpu). */
  fused: boolean;
  /** Settings that replace the preset's (for trying variants before changing a preset). */
  model?: Partial<ModelShape>;
  train?: Partial<TrainConfig>;
}

export interface LearningRow {
  step: number;
  /** Mean training loss of the steps since the previous row. */
  trainLoss: number;
  validationLoss: number;
  /** Training characters (batch × window) per second over the steps since the previous row. */
  charsPerSec: number;
  /** Seconds since the first step started (evaluations included). */
  elapsed: number;
}

export interface LearningResult {
  preset: PresetName;
  seed: number;
  backend: string;
  kernels: string;
  model: ModelShape;
  train: TrainConfig;
  vocabulary: number;
  stepsPerEpoch: number;
  rows: LearningRow[];
  /** The run stopped before `steps`: the loss stayed non-finite. */
  diverged: boolean;
}

/** The run's settings: the preset's, with the options' overrides and seed, and enough epochs for `steps`. */
export function learningSettings(opts: LearningOptions): { model: ModelShape; train: TrainConfig } {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset "${opts.preset}" (${Object.keys(PRESETS).join(', ')})`);
  const model = { ...preset.model, ...opts.model } as ModelShape;
  // Early stopping and autosaves are the app's business, not the benchmark's: it trains for `steps`.
  const train = {
    ...preset.train,
    ...opts.train,
    seed: opts.seed,
    earlyStopPatience: 0,
    checkpointEvery: 0,
    sampleEvery: 0,
    epochs: 10000,
  };
  return { model, train };
}

/** Trains one run; `onRow` sees each row as it is measured. */
export async function runLearning(
  text: Uint8Array,
  opts: LearningOptions,
  onRow?: (row: LearningRow) => void,
): Promise<LearningResult> {
  const loaded = loadText('benchmark text', text);
  if (!loaded.text) throw new Error(loaded.event.message);
  const { model, train } = learningSettings(opts);
  const plan = planNewRun(loaded.text, { type: 'start', model, train });
  if ('problem' in plan) throw new Error(plan.problem);
  const run = plan.create(opts.fused);
  try {
    return await trainAndMeasure(run, opts, onRow);
  } finally {
    disposeRun(run);
  }
}

async function trainAndMeasure(
  run: Run,
  opts: LearningOptions,
  onRow?: (row: LearningRow) => void,
): Promise<LearningResult> {
  const { trainer } = run;
  const rows: LearningRow[] = [];
  const started = performance.now();
  let since = { time: started, losses: 0, count: 0, chars: 0 };
  let badInARow = 0;
  while (trainer.step < opts.steps && badInARow < 5) {
    const report = await trainer.trainOnce();
    badInARow = report.applied ? 0 : badInARow + 1;
    if (!report.applied) continue;
    since.losses += report.loss;
    since.count++;
    since.chars += report.characters;
    if (trainer.step % opts.evalEvery !== 0 && trainer.step !== opts.steps) continue;
    const now = performance.now(); // the step's loss was read back: its work is done
    const charsPerSec = (since.chars * 1000) / (now - since.time);
    const validationLoss = (await trainer.evaluate(opts.validationBatches)) ?? Number.NaN;
    const row = {
      step: trainer.step,
      trainLoss: since.losses / since.count,
      validationLoss,
      charsPerSec,
      elapsed: (performance.now() - started) / 1000,
    };
    rows.push(row);
    onRow?.(row);
    since = { time: performance.now(), losses: 0, count: 0, chars: 0 };
  }
  const { vocabSize: _vocabSize, ...shape } = trainer.model.config;
  return {
    preset: opts.preset,
    seed: opts.seed,
    backend: tf.getBackend(),
    kernels: trainer.model.kernels,
    model: shape,
    train: trainer.train,
    vocabulary: run.vocab.chars.length,
    stepsPerEpoch: trainer.data.plan.stepsPerEpoch,
    rows,
    diverged: trainer.step < opts.steps,
  };
}

/** A learning run at a budget in training characters: the planner's choice, or a preset. */
export type BudgetCandidate = 'plan' | PresetName;

export interface BudgetSettings {
  candidate: BudgetCandidate;
  model: ModelShape;
  train: TrainConfig;
  /** Steps that spend the budget: budget / (batch × window). */
  steps: number;
  /** Distinct characters of the text, and the trainable parameters with that vocabulary. */
  vocabulary: number;
  parameters: number;
  /** Why the planner chose its network (plan only). */
  reason?: string;
  /** With cells compared: how this cell's units were chosen (the candidate's own cell: 'width'). */
  match?: CellMatch;
}

/**
 * The settings each candidate trains with at the same budget of training characters, machine-independent: the
 * plan is made as if every network ran at the speed that spends the budget in the time, so it chooses by the
 * budget and the text alone; a preset keeps its own settings (constant rate) for as many steps as the budget buys.
 * `model` replaces settings of the network (bench:learn's --set), the planner's choice included.
 */
export function budgetSettings(
  text: Uint8Array,
  candidate: BudgetCandidate,
  budget: number,
  seed: number,
  model: Partial<ModelShape> = {},
): BudgetSettings {
  const loaded = loadText('benchmark text', text);
  if (!loaded.text) throw new Error(loaded.event.message);
  const characters = loaded.text.ids.length;
  const vocabSize = loaded.text.vocab.chars.length;
  const counted = (s: Omit<BudgetSettings, 'parameters' | 'vocabulary'>): BudgetSettings => {
    const shape = { ...s.model, ...model };
    return { ...s, model: shape, vocabulary: vocabSize, parameters: parameterCount({ ...shape, vocabSize }) };
  };
  if (candidate !== 'plan') {
    const { model, train } = learningSettings({
      preset: candidate,
      steps: 1,
      evalEvery: 1,
      seed,
      validationBatches: 1,
      fused: false,
    });
    return counted({
      candidate,
      model,
      train,
      steps: Math.max(1, Math.floor(budget / (train.batchSize * train.windowLength))),
    });
  }
  const planned = planRunForCharacters({ characters, vocabSize, budgetCharacters: budget, seed });
  const train = { ...planned.train, earlyStopPatience: 0, checkpointEvery: 0, sampleEvery: 0, epochs: 10000 };
  return counted({ candidate, model: planned.model, train, steps: planned.steps, reason: planned.plan.reason });
}

/** A candidate's settings once per cell and way of matching (cellVariants.ts), all at the same budget. */
export function budgetCellSettings(
  text: Uint8Array,
  candidate: BudgetCandidate,
  budget: number,
  seed: number,
  cross: { model?: Partial<ModelShape>; cells: readonly CellName[]; matches: readonly CellMatch[] },
): BudgetSettings[] {
  const base = budgetSettings(text, candidate, budget, seed, cross.model);
  return cellVariants({ ...base.model, vocabSize: base.vocabulary }, cross.cells, cross.matches).map((v) => ({
    ...base,
    model: { ...base.model, cell: v.cell, units: v.units },
    parameters: v.parameters,
    match: v.match,
  }));
}
