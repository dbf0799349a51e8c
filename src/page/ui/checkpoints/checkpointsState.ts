// Slice: the saved checkpoints as listed from storage, the latest problem with one, and which one the live
// model was loaded from (marked `loaded` in the list).
import type { CheckpointSummary } from '../../../shared/checkpoint/summary';
import type { AppAction } from '../app/actions';

/** A listed checkpoint; `loaded`: the live model came from it. */
export type ListedCheckpoint = CheckpointSummary & { loaded?: boolean };

export interface CheckpointSlice {
  checkpoints: ListedCheckpoint[];
  checkpointAlert: string | null;
  /** A checkpoint the alert offers to load instead (the previous generation of a damaged one). */
  checkpointOffer: CheckpointSummary | null;
  /** The stored checkpoint the live model was loaded from; null for a new run or none. */
  loadedCheckpointId: string | null;
}

export const initialCheckpointSlice: CheckpointSlice = {
  checkpoints: [],
  checkpointAlert: null,
  checkpointOffer: null,
  loadedCheckpointId: null,
};

function markLoaded(list: readonly ListedCheckpoint[], id: string | null): ListedCheckpoint[] {
  return list.map(({ loaded: _loaded, ...c }) => (c.id === id ? { ...c, loaded: true } : c));
}

export function checkpointReducer(s: CheckpointSlice, a: AppAction): CheckpointSlice {
  switch (a.type) {
    case 'checkpointsListed':
      // The page stores a worker's 'checkpoint' bytes first, then lists.
      return {
        ...s,
        checkpoints: markLoaded(a.checkpoints, s.loadedCheckpointId),
        checkpointAlert: null,
        checkpointOffer: null,
      };
    case 'checkpointProblem':
      return { ...s, checkpointAlert: a.message, checkpointOffer: a.offer ?? null };
    case 'modelReady': {
      const loadedCheckpointId = a.checkpointId ?? null;
      return { ...s, loadedCheckpointId, checkpoints: markLoaded(s.checkpoints, loadedCheckpointId) };
    }
    case 'runState':
      // Training on changes the weights: the live model is no longer the checkpoint it was loaded from.
      if (a.state !== 'training' || s.loadedCheckpointId === null) return s;
      return { ...s, loadedCheckpointId: null, checkpoints: markLoaded(s.checkpoints, null) };
    default:
      return s;
  }
}
