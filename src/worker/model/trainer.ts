// The training loop. It knows nothing about messaging: the worker turns its callbacks into events.
import * as tf from '../tfjs';
import type { TrainConfig } from '../../shared/config';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import { trainStep, batchTensors } from './trainStep';
import { fusedStepCovers } from './fusedTrainStep';
import { dropoutSeed } from './dropout';
import type { CharDataset } from '../../shared/data/batches';
import type { DataPosition, WeightName } from '../../shared/checkpoint/types';
import type { LossHistory } from '../../shared/training';
import { learningRateAt } from '../../shared/schedule';
import { judgeValidation } from '../../shared/earlyStopping';
import { yieldNow } from '../../shared/async';
import { StepsInFlight, type FlightCounts, type StepReport } from './stepsInFlight';

export type { StepReport };

export interface TrainerCallbacks {
  shouldStop(): boolean;
  onStep(report: StepReport): void;
  /** `improved`: this is the lowest validation loss of the run so far. */
  onValidation?(step: number, loss: number, improved: boolean): void;
  /**
   * Awaited after each step's report (autosave, say). `live`: the model holds this step's weights and nothing
   * later is in flight; a step for which needsState said yes is always live.
   */
  afterStep?(step: number, live: boolean): Promise<void>;
  /** Whether afterStep at this step count will read the model (a sample, a save): the loop settles there. */
  needsState?(step: number): boolean;
  /** A planned run's time is up: it ends as if finished. */
  outOfTime?(): boolean;
}

/** earlyStopped: validation loss did not improve for the patience (see earlyStopping.ts); outOfTime: the budget is spent. */
export type RunOutcome = 'stopped' | 'finished' | 'diverged' | 'earlyStopped' | 'outOfTime';

/** Steps skipped in a row for a non-finite loss before the run stops. */
export const MAX_BAD_STEPS = 5;

/** Steps queued ahead of the last one read, by default (measured: docs/kernels.md, "Steps in flight"). */
export const STEPS_IN_FLIGHT = 4;

export class Trainer {
  step = 0;
  position: DataPosition = { epoch: 0, batchInEpoch: 0 };
  history: LossHistory = { train: [], validation: [] };
  skippedSteps = 0;
  /** Steps that may be in flight in run() (1: each step is read before the next is queued). */
  stepsInFlight = STEPS_IN_FLIGHT;
  /** The last run()'s readbacks, for the benchmark. */
  lastFlight: FlightCounts | null = null;
  /** Work that needs the model as it is at a step boundary, nothing in flight (see hold). */
  private held: Array<() => Promise<void>> = [];
  private running = false;

  constructor(
    readonly model: CharModel,
    readonly adam: Adam<WeightName>,
    public data: CharDataset,
    public train: TrainConfig,
  ) {}

  /** The run's length: a plan's steps, else its epochs. */
  get totalSteps(): number {
    return this.train.totalSteps ?? this.train.epochs * this.data.plan.stepsPerEpoch;
  }

  /**
   * Runs `work` with the model at a step boundary: at once when no run() is going, else at the loop's next
   * settled point, with the loop waiting for it (a live-state probe mid-run reads one step's state).
   */
  hold<T>(work: () => Promise<T>): Promise<T> {
    if (!this.running) return work();
    return new Promise<T>((resolve, reject) => this.held.push(() => work().then(resolve, reject)));
  }

  /**
   * Trains until told to stop, the run's epochs are done, or the loss keeps coming out non-finite. Steps are
   * queued up to stepsInFlight ahead of the last one read (stepsInFlight.ts); every check the sequential loop
   * made before a step (stop, finished, time) it still makes, on the place the next step would start from, and
   * settles every step in flight before an evaluation, a step afterStep needs the model at, or the end.
   */
  async run(cb: TrainerCallbacks): Promise<RunOutcome> {
    const flight = new StepsInFlight(this, this.stepsInFlight);
    this.lastFlight = flight.counts;
    this.running = true;
    let badInARow = 0;
    let lastYield = performance.now();
    try {
      for (;;) {
        const ending = this.ending(cb, flight.ahead.step);
        let reports: StepReport[];
        if (ending && flight.size === 0) return ending;
        // A switch to the reference kernels mid-run: their steps read back before updating, so none may follow
        // steps still in flight (a non-finite one among those could not take them back).
        const switched = flight.size > 0 && !fusedStepCovers(this.model);
        if (ending || this.held.length > 0 || switched) reports = await flight.settle('all');
        else {
          const reaches = await flight.push();
          const settleHere =
            reaches % this.train.evalEvery === 0 || reaches >= this.totalSteps || (cb.needsState?.(reaches) ?? false);
          reports = await flight.settle(settleHere ? 'all' : 'none');
        }
        for (let i = 0; i < reports.length; i++) {
          const report = reports[i];
          badInARow = report.applied ? 0 : badInARow + 1;
          cb.onStep(report);
          if (badInARow >= MAX_BAD_STEPS) return 'diverged';
          const live = flight.size === 0 && i === reports.length - 1;
          const stopEarly = report.step % this.train.evalEvery === 0 && (await this.validate(report.step, cb));
          await cb.afterStep?.(report.step, live);
          if (stopEarly) return 'earlyStopped';
        }
        if (flight.size === 0) await this.runHeld();
        lastYield = await yieldNow(lastYield); // lets pause, generate and other messages in between steps
      }
    } finally {
      this.running = false;
      flight.discard();
      await this.runHeld();
    }
  }

  /** Why the loop ends before a step from `step` (the sequential loop's checks, in its order), or null. */
  private ending(cb: TrainerCallbacks, step: number): RunOutcome | null {
    if (cb.shouldStop()) return 'stopped';
    if (step >= this.totalSteps) return 'finished';
    if (cb.outOfTime?.()) return 'outOfTime';
    return null;
  }

  /** Evaluates at `step` and records it; whether early stopping says stop. */
  private async validate(step: number, cb: TrainerCallbacks): Promise<boolean> {
    const v = await this.evaluate();
    if (v === null) return false;
    this.history.validation.push({ step, loss: v });
    const verdict = judgeValidation(this.history.validation, this.train);
    cb.onValidation?.(step, v, verdict.improved);
    return verdict.stop;
  }

  private async runHeld(): Promise<void> {
    while (this.held.length > 0) await this.held.shift()!();
  }

  async trainOnce(): Promise<StepReport> {
    const batch = this.data.trainBatch(this.position);
    const learningRate = learningRateAt(this.step, this.train, this.totalSteps);
    const masks = dropoutSeed(this.train.seed, this.step); // the step's dropout masks, the same on a resume
    const result = await trainStep(
      this.model,
      this.adam,
      batch,
      { learningRate, clipNorm: this.train.clipNorm },
      masks,
    );
    const position = this.position;
    if (result.applied) {
      this.step++;
      this.position = this.data.advance(position);
      this.history.train.push({ step: this.step, loss: result.loss });
    } else {
      this.skippedSteps++;
      this.position = this.data.advance(position); // a bad batch is passed over, not retried forever
    }
    const characters = batch.time * batch.batch;
    return {
      ...result,
      step: this.step,
      position: this.position,
      characters,
      learningRate,
      skippedSteps: this.skippedSteps,
    };
  }

  /** Mean loss over the fixed validation batches (the run's validationBatches, else 4), or null without a validation part. */
  async evaluate(maxBatches = this.train.validationBatches): Promise<number | null> {
    const batches = this.data.validationBatches(maxBatches);
    if (batches.length === 0) return null;
    // Every batch's loss queued, then one readback for all of them; summed here in float64 as before.
    const losses = tf.tidy(() =>
      tf.stack(
        batches.map((batch) => {
          const { ids, targets } = batchTensors(batch);
          return this.model.loss(ids, targets);
        }),
      ),
    );
    try {
      let total = 0;
      for (const loss of await losses.data()) total += loss;
      return total / batches.length;
    } finally {
      losses.dispose();
    }
  }
}
