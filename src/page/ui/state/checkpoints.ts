// Slice: the saved checkpoints as listed from storage, and the latest problem with one.
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { AppAction } from './actions';

export interface CheckpointSlice {
  checkpoints: CheckpointSummary[];
  checkpointAlert: string | null;
  /** A checkpoint the alert offers to load instead (the previous generation of a damaged one). */
  checkpointOffer: CheckpointSummary | null;
}

export const initialCheckpointSlice: CheckpointSlice = { checkpoints: [], checkpointAlert: null, checkpointOffer: null };

export function checkpointReducer(s: CheckpointSlice, a: AppAction): CheckpointSlice {
  switch (a.type) {
    case 'checkpointsListed':
      // The page stores a worker's 'checkpoint' bytes first, then lists.
      return { checkpoints: a.checkpoints, checkpointAlert: null, checkpointOffer: null };
    case 'checkpointProblem':
      return { ...s, checkpointAlert: a.message, checkpointOffer: a.offer ?? null };
    default:
      return s;
  }
}
