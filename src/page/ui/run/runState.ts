// Slice: the run: its state and step, the model in the worker, the latest progress and every loss point.
import type { ModelConfig, TrainConfig } from '../../../shared/config';
import type { LossHistory, RunEnding, RunState } from '../../../shared/training';
import { appendPoints } from './lossSeries';
import type { AppAction } from '../app/actions';

export interface ModelInfo {
  runId: string;
  model: ModelConfig;
  train: TrainConfig;
  parameters: number;
  stepsPerEpoch: number;
  source: string;
  /** The step the model had when it came from `source` (a load, Restore best, a backend switch, a new run). */
  sourceStep: number;
  textName: string;
}

export interface ProgressInfo {
  epoch: number;
  epochProgress: number;
  trainLoss: number;
  validationLoss: number | null;
  charsPerSec: number;
  etaSeconds: number | null;
  /** Steps skipped because the loss was not finite. */
  skippedSteps: number;
}

export interface RunSlice {
  runState: RunState;
  step: number;
  runMessage: string | null;
  /** How the run ended by itself, while it stays ended (the worker's verdict; null while training or after a load). */
  runEnding: RunEnding | null;
  model: ModelInfo | null;
  progress: ProgressInfo | null;
  /** Every loss point of the run; the chart draws a downsampled copy. */
  history: LossHistory;
}

export const initialRunSlice: RunSlice = {
  runState: 'idle',
  step: 0,
  runMessage: null,
  runEnding: null,
  model: null,
  progress: null,
  history: { train: [], validation: [] },
};

export function runReducer(s: RunSlice, a: AppAction): RunSlice {
  switch (a.type) {
    case 'runState':
      return { ...s, runState: a.state, step: a.step, runMessage: a.message ?? null, runEnding: a.ending ?? null };
    case 'modelReady': {
      const { runId, model, train, parameters, stepsPerEpoch, source, textName } = a;
      const history = { train: a.history.train.slice(), validation: a.history.validation.slice() };
      return {
        ...s,
        model: { runId, model, train, parameters, stepsPerEpoch, source, sourceStep: a.step, textName },
        history,
        step: a.step,
        progress: null,
      };
    }
    case 'progress': {
      const { epoch, epochProgress, trainLoss, validationLoss, charsPerSec, etaSeconds, skippedSteps } = a;
      const history = {
        train: appendPoints(s.history.train, a.newTrain),
        validation: appendPoints(s.history.validation, a.newValidation),
      };
      const progress = { epoch, epochProgress, trainLoss, validationLoss, charsPerSec, etaSeconds, skippedSteps };
      return { ...s, step: a.step, progress, history };
    }
    case 'trainerRestarted':
      // A fresh worker has no model until a checkpoint is loaded into it.
      return { ...s, runState: 'idle', model: null, progress: null };
    default:
      return s;
  }
}
