// Turns per-step reports into progress events at most ~10 times a second, losing no loss point.
import type { BackendName, KernelPath } from '../shared/config';
import type { LossPoint } from '../shared/training';
import type { ProgressEvent } from '../shared/protocol';
import { RateWindow } from './stepSpeed';

export interface ComputeInfo {
  backend: BackendName;
  kernels: KernelPath;
}

const EMIT_EVERY_MS = 100;

export class ProgressMeter {
  private newTrain: LossPoint[] = [];
  private newValidation: LossPoint[] = [];
  private lastEmit = 0;
  private readonly rate = new RateWindow();
  private lastValidation: number | null = null;
  private latest: Omit<ProgressEvent, 'type' | 'newTrain' | 'newValidation' | 'backend' | 'kernels'> | null = null;

  constructor(
    private readonly compute: () => ComputeInfo,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records a step; returns an event when one is due. */
  step(
    r: {
      step: number;
      loss: number;
      applied: boolean;
      characters: number;
      epoch: number;
      epochProgress: number;
      skippedSteps: number;
      learningRate?: number;
    },
    totalSteps: number,
    /** A planned run's clock: time left is the budget's, if that comes sooner. */
    clock?: { trainedSeconds: number; budgetSeconds: number },
  ): ProgressEvent | null {
    if (r.applied) this.newTrain.push({ step: r.step, loss: r.loss });
    // The rate over the last half minute of wall time (see stepSpeed.ts); 0 characters/s and no time left
    // until a few steps were seen (the person waits for evaluations and saves too, so they count).
    this.rate.add(this.now(), r.characters);
    const rate = this.rate.rate;
    const remaining = Math.max(0, totalSteps - r.step);
    const bySteps = rate === null || rate.stepsPerSecond <= 0 ? null : remaining / rate.stepsPerSecond;
    const byBudget = clock ? Math.max(0, clock.budgetSeconds - clock.trainedSeconds) : null;
    this.latest = {
      step: r.step,
      epoch: r.epoch,
      epochProgress: r.epochProgress,
      trainLoss: r.loss,
      validationLoss: this.lastValidation,
      charsPerSec: rate === null ? 0 : rate.charactersPerSecond,
      etaSeconds: bySteps === null ? byBudget : byBudget === null ? bySteps : Math.min(bySteps, byBudget),
      ...(clock ? { trainedSeconds: clock.trainedSeconds, budgetSeconds: clock.budgetSeconds } : {}),
      skippedSteps: r.skippedSteps,
      ...(r.learningRate !== undefined ? { learningRate: r.learningRate } : {}),
    };
    return this.now() - this.lastEmit >= EMIT_EVERY_MS ? this.flush() : null;
  }

  validation(step: number, loss: number): void {
    this.lastValidation = loss;
    this.newValidation.push({ step, loss });
    if (this.latest) this.latest.validationLoss = loss;
  }

  /** The pending event, if any points or numbers are unsent. */
  flush(): ProgressEvent | null {
    if (!this.latest) return null;
    this.lastEmit = this.now();
    const event: ProgressEvent = {
      type: 'progress',
      ...this.latest,
      ...this.compute(),
      newTrain: this.newTrain,
      newValidation: this.newValidation,
    };
    this.newTrain = [];
    this.newValidation = [];
    return event;
  }
}
