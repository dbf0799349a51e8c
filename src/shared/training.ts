// A run's record as the page and the checkpoints keep it: losses, samples, state, and time estimates.
import type { BackendName, KernelPath, ModelConfig } from './config';

export interface LossPoint {
  step: number;
  loss: number;
}

export interface LossHistory {
  train: LossPoint[];
  validation: LossPoint[];
}

/** A short text written during training, from the run's fixed seed and sampling seed. */
export interface TrainingSample {
  step: number;
  /** The seed text it continues. */
  seed: string;
  /** The continuation, without the seed. */
  text: string;
}

export type RunState = 'idle' | 'training' | 'paused' | 'stopped';

/**
 * How a run ended by itself: early stopping's verdict, the plan or the epochs done, or the time asked spent; with
 * the best validation point, which the live model holds when the run went back to it. One source for the status,
 * the coach and the checkpoints, so they cannot disagree about why training stopped.
 */
export interface RunEnding {
  outcome: 'earlyStopped' | 'finished' | 'outOfTime';
  best: LossPoint | null;
  /** The run went back to its best step (Restore best). */
  restored: boolean;
}

/** A measured time per training step and what it means for one epoch. */
export interface TimeEstimate {
  msPerStep: number;
  stepsPerEpoch: number;
  secondsPerEpoch: number;
  backend: BackendName;
  kernels: KernelPath;
  /** What was measured, so the page can tell when the settings changed since. */
  model: ModelConfig;
  batchSize: number;
  windowLength: number;
}
