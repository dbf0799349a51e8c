// Messages from the trainer, a crash alert, and a polite live region for short news.
import type { Dispatch } from 'react';
import type { AppAction, AppState } from '../app/appState';
import './notices.css';

interface Props {
  state: Pick<AppState, 'workerCrash' | 'notices' | 'announcement'>;
  dispatch: Dispatch<AppAction>;
  /** Starts a new trainer and loads the run's newest checkpoint. */
  onRestart: () => void;
}

export function Notices({ state, dispatch, onRestart }: Props) {
  return (
    <div className="notices">
      {state.workerCrash !== null && (
        <div role="alert" className="notice error">
          <p>
            The trainer stopped unexpectedly: {state.workerCrash}. Your saved checkpoints are safe. Restart the trainer
            to continue from this run's newest checkpoint.
          </p>
          <button type="button" onClick={onRestart}>
            Restart from last checkpoint
          </button>
        </div>
      )}
      {state.notices.length > 0 && (
        <ul aria-label="Notices">
          {state.notices.map((n) => (
            <li key={n.id} className={`notice ${n.level}`} role={n.level === 'error' ? 'alert' : undefined}>
              <span className="notice-level">
                {n.level === 'info' ? 'Note' : n.level === 'warning' ? 'Warning' : 'Error'}:
              </span>{' '}
              {n.message}
              <button
                type="button"
                className="dismiss"
                aria-label="Dismiss notice"
                onClick={() => dispatch({ type: 'noticeDismissed', id: n.id })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="visually-hidden">
        {state.announcement}
      </p>
    </div>
  );
}
