// Everything the app reducer hears: the worker's events and the page's own.
import type { BackendChoice } from '../../../shared/config';
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { WorkerEvent } from '../../../shared/protocol';
import type { ConfigKey, PresetChoice, TrainForChoice } from '../model/configForm';

/** Events of the page itself, beside the worker's. */
export type PageAction =
  | { type: 'textRequested'; name: string; source: 'download' | 'file' | 'paste' }
  | { type: 'textProblem'; message: string }
  | { type: 'downloadProgress'; loaded: number; total: number | null }
  | { type: 'downloadFinished'; fromCache: boolean; bytes: number }
  | { type: 'downloadFailed'; message: string }
  | { type: 'presetChosen'; preset: PresetChoice }
  | { type: 'trainForChosen'; trainFor: TrainForChoice }
  | { type: 'configEdited'; key: ConfigKey; value: string }
  | { type: 'backendChosen'; backend: BackendChoice }
  | { type: 'kernelsChosen'; fused: boolean }
  | { type: 'checkpointsListed'; checkpoints: CheckpointSummary[]; announcement?: string }
  | { type: 'checkpointProblem'; message: string; offer?: CheckpointSummary }
  | { type: 'noticeDismissed'; id: number }
  | { type: 'workerCrashed'; message: string }
  | { type: 'trainerRestarted' }
  // The dataset advisor's rare-character merge and time estimate (run/trainingInfoState.ts).
  | { type: 'mergeRareChosen'; merge: boolean }
  | { type: 'rareBelowEdited'; value: string }
  | { type: 'estimateRequested' };

export type AppAction = WorkerEvent | PageAction;
