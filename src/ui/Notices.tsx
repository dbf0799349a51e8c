// Messages from the trainer, a crash alert, and a polite live region for short news.
import type { Dispatch } from 'react';
import type { AppAction, AppState } from './appState';

export function Notices({ state, dispatch }: { state: AppState; dispatch: Dispatch<AppAction> }) {
  return (
    <div className="notices">
      {state.workerCrash !== null && (
        <div role="alert" className="notice error">
          <p>
            The trainer stopped unexpectedly ({state.workerCrash}). Reload the page to restart from your last checkpoint.
          </p>
          <button type="button" onClick={() => window.location.reload()}>Reload</button>
        </div>
      )}
      {state.notices.length > 0 && (
        <ul aria-label="Notices">
          {state.notices.map((n) => (
            <li key={n.id} className={`notice ${n.level}`} role={n.level === 'error' ? 'alert' : undefined}>
              <span className="notice-level">{n.level === 'info' ? 'Note' : n.level === 'warning' ? 'Warning' : 'Error'}:</span>{' '}
              {n.message}
              <button type="button" className="dismiss" aria-label="Dismiss notice" onClick={() => dispatch({ type: 'noticeDismissed', id: n.id })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="visually-hidden">{state.announcement}</p>
    </div>
  );
}
