// The training-info part of the page state: samples during training, the dataset advisor's histogram,
// merge settings and time estimate, and the current learning rate. A reducer of its own, tested without React.
import type { CharacterCount } from '../../../shared/data/histogram';
import type { TimeEstimate, TrainingSample } from '../../../shared/training';
import type { AppAction } from '../app/actions';

/** Samples kept in the timeline; older ones are in the checkpoints. */
export const MAX_SAMPLES = 200;
export const DEFAULT_RARE_BELOW = '5';

export interface TrainingInfoState {
  /** The live run's samples, oldest first. */
  samples: TrainingSample[];
  samplesRunId: string | null;
  /** The loaded text's characters, most frequent first. */
  histogram: CharacterCount[];
  mergeRare: boolean;
  /** As typed: characters seen fewer times are rare. */
  rareBelow: string;
  estimate: TimeEstimate | null;
  estimateMessage: string | null;
  estimating: boolean;
  /** The scheduled learning rate of the latest step. */
  learningRate: number | null;
}

export const initialTrainingInfoState: TrainingInfoState = {
  samples: [],
  samplesRunId: null,
  histogram: [],
  mergeRare: false,
  rareBelow: DEFAULT_RARE_BELOW,
  estimate: null,
  estimateMessage: null,
  estimating: false,
  learningRate: null,
};

/** Returns the same object when the action changes nothing here, so the app state keeps its identity. */
export function trainingInfoReducer(s: TrainingInfoState, a: AppAction): TrainingInfoState {
  switch (a.type) {
    case 'mergeRareChosen':
      return { ...s, mergeRare: a.merge };
    case 'rareBelowEdited':
      return { ...s, rareBelow: a.value };
    case 'estimateRequested':
      return { ...s, estimating: true, estimateMessage: null };
    case 'timeEstimate':
      return { ...s, estimating: false, estimate: a.estimate ?? s.estimate, estimateMessage: a.message ?? null };
    case 'textLoaded':
      return { ...s, histogram: a.histogram ?? [], estimate: null, estimateMessage: null };
    case 'trainingSample': {
      const samples = a.runId === s.samplesRunId ? s.samples.filter((x) => x.step < a.sample.step) : [];
      return { ...s, samplesRunId: a.runId, samples: [...samples, a.sample].slice(-MAX_SAMPLES) };
    }
    case 'modelReady': {
      // Another run starts a new timeline; going back in the same run drops the samples after its step.
      const samples = a.runId === s.samplesRunId ? s.samples.filter((x) => x.step <= a.step) : [];
      return { ...s, samplesRunId: a.runId, samples, learningRate: null };
    }
    case 'progress':
      return a.learningRate === undefined || a.learningRate === s.learningRate
        ? s
        : { ...s, learningRate: a.learningRate };
    default:
      return s;
  }
}

/** The merge threshold to send with a start or estimate request, or undefined when merging is off. */
export function mergeRareBelow(s: TrainingInfoState): number | undefined {
  if (!s.mergeRare) return undefined;
  const n = Number(s.rareBelow);
  return s.rareBelow.trim() === '' ? Number.NaN : n; // the worker explains a bad value
}
