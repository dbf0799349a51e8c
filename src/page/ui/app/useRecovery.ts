// After a crash, a hang or a lost GPU: a new trainer, the same text, and the run's newest checkpoint,
// training again if it was training. Nothing the user saved is touched.
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type { BackendName } from '../../../shared/config';
import type { AppAction, AppState } from './appState';
import type { CheckpointLibrary } from '../checkpoints/useCheckpointLibrary';
import type { TextSources } from '../text/useTextSources';
import type { TrainerHandle } from './useTrainingWorker';

/** `train`: train again after loading (defaults to whether the page saw training running). */
export type Recover = (why: string, exclude?: BackendName[], train?: boolean) => void;

export function useRecovery(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  trainer: () => TrainerHandle,
  texts: TextSources,
  library: CheckpointLibrary,
): Recover {
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  return useCallback(
    (why, exclude = [], train) => {
      const before = stateRef.current;
      const { send, restart } = trainer();
      restart(
        before.backendChoice === 'auto' || exclude.includes(before.backendChoice as BackendName)
          ? 'auto'
          : before.backendChoice,
        exclude,
      );
      texts.resend();
      const runId = before.model?.runId;
      const latest = before.checkpoints
        .filter((c) => c.runId === runId && !('damaged' in c && c.damaged))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.step - a.step)[0];
      const where = exclude.length > 0 ? ` without ${exclude.join(', ')}` : '';
      if (!latest) {
        const message = runId ? 'No checkpoint of this run had been saved yet, so start training again.' : '';
        dispatch({
          type: 'notice',
          level: 'warning',
          message: `${why} folio restarted the trainer${where}. ${message}`.trim(),
        });
        return;
      }
      const resume = train ?? before.runState === 'training';
      library.load(latest, send, resume);
      const next = resume ? 'and continues training from' : 'and loaded';
      dispatch({
        type: 'notice',
        level: 'info',
        message: `${why} folio restarted the trainer${where} ${next} “${latest.name}” (step ${latest.step}).`,
      });
    },
    [dispatch, trainer, texts, library],
  );
}
