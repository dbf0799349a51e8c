// The training loop. It knows nothing about messaging: the worker turns its callbacks into events.
import * as tf from '../tfjs';
import type { TrainConfig } from '../../shared/config';
import type { CharModel } from './charModel';
import type { Adam } from './adam';
import { trainStep, batchTensors } from './trainStep';
import { dropoutSeed } from './dropout';
import type { CharDataset } from '../../shared/data/batches';
import type { DataPosition, WeightName } from '../../shared/checkpoint/types';
import type { LossHistory } from '../../shared/training';
import { learningRateAt } from '../../shared/schedule';
import { judgeValidation } from '../../shared/earlyStopping';
import { yieldToEventLoop } from '../../shared/async';

export interface StepReport {
  step: number;
  loss: number;
  gradNorm: number;
  applied: boolean;
  position: DataPosition;
  /** Characters (inputs) processed by this step. */
  characters: number;
  /** The scheduled rate this step used. */
  learningRate: number;
}

export interface TrainerCallbacks {
  shouldStop(): boolean;
  onStep(report: StepReport): void;
  /** `improved`: this is the lowest validation loss of the run so far. */
  onValidation?(step: number, loss: number, improved: boolean): void;
  /** Awaited after each step (autosave, say); the loop does not run ahead of it. */
  afterStep?(step: number): Promise<void>;
  /** A planned run's time is up: it ends as if finished. */
  outOfTime?(): boolean;
}

/** earlyStopped: validation loss did not improve for the patience (see earlyStopping.ts); outOfTime: the budget is spent. */
export type RunOutcome = 'stopped' | 'finished' | 'diverged' | 'earlyStopped' | 'outOfTime';

/** Steps skipped in a row for a non-finite loss before the run stops. */
export const MAX_BAD_STEPS = 5;

export class Trainer {
  step = 0;
  position: DataPosition = { epoch: 0, batchInEpoch: 0 };
  history: LossHistory = { train: [], validation: [] };
  skippedSteps = 0;

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

  /** Trains until told to stop, the run's epochs are done, or the loss keeps coming out non-finite. */
  async run(cb: TrainerCallbacks): Promise<RunOutcome> {
    let badInARow = 0;
    while (!cb.shouldStop()) {
      if (this.step >= this.totalSteps) return 'finished';
      if (cb.outOfTime?.()) return 'outOfTime';
      const report = await this.trainOnce();
      badInARow = report.applied ? 0 : badInARow + 1;
      cb.onStep(report);
      if (badInARow >= MAX_BAD_STEPS) return 'diverged';
      let stopEarly = false;
      if (this.step % this.train.evalEvery === 0) {
        const v = await this.evaluate();
        if (v !== null) {
          this.history.validation.push({ step: this.step, loss: v });
          const verdict = judgeValidation(this.history.validation, this.train);
          cb.onValidation?.(this.step, v, verdict.improved);
          stopEarly = verdict.stop;
        }
      }
      await cb.afterStep?.(this.step);
      if (stopEarly) return 'earlyStopped';
      await yieldToEventLoop(); // lets pause, generate and other messages in between steps
    }
    return 'stopped';
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
    return { ...result, step: this.step, position: this.position, characters: batch.time * batch.batch, learningRate };
  }

  /** Mean loss over the fixed validation batches (the run's validationBatches, else 4), or null without a validation part. */
  async evaluate(maxBatches = this.train.validationBatches): Promise<number | null> {
    const batches = this.data.validationBatches(maxBatches);
    if (batches.length === 0) return null;
    let total = 0;
    for (const batch of batches) {
      const { ids, targets } = batchTensors(batch);
      const loss = this.model.loss(ids, targets);
      total += (await loss.data())[0];
      tf.dispose([ids, targets, loss]);
    }
    return total / batches.length;
  }
}
