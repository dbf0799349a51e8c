// Start, pause, resume and stop, and the compute backend. Buttons send requests; state follows the worker.
import { useId, type Dispatch } from 'react';
import type { BackendChoice } from '../../shared/config';
import type { AppAction, AppState } from './appState';
import type { Availability } from './availability';
import { parseForm } from './configForm';
import { mergeRareBelow } from './insightState';
import type { SendRequest } from './useTrainingWorker';

interface Props {
  state: AppState;
  available: Availability;
  dispatch: Dispatch<AppAction>;
  send: SendRequest;
}

const BACKENDS: ReadonlyArray<[BackendChoice, string]> = [
  ['auto', 'Auto'],
  ['webgpu', 'WebGPU'],
  ['webgl', 'WebGL'],
  ['wasm', 'WASM'],
  ['cpu', 'CPU'],
];

export function TrainingControls({ state, available, dispatch, send }: Props) {
  const backendId = useId();
  const blockersId = useId();
  const { model, train } = parseForm(state.form);
  const showBlockers = !available.canStart && state.runState !== 'training' && available.startBlockers.length > 0;
  return (
    <section className="panel">
      <h2>Training</h2>
      <div className="row buttons">
        <button
          type="button"
          className="primary"
          disabled={!available.canStart}
          aria-describedby={showBlockers ? blockersId : undefined}
          onClick={() => send({ type: 'start', model, train, mergeRareBelow: mergeRareBelow(state.insight) })}
        >
          Start training
        </button>
        <button type="button" disabled={!available.canPause} onClick={() => send({ type: 'pause' })}>
          Pause training
        </button>
        <button type="button" disabled={!available.canResume} onClick={() => send({ type: 'resume', train })}>
          Resume training
        </button>
        <button type="button" disabled={!available.canStop} onClick={() => send({ type: 'stop' })}>
          Stop training
        </button>
      </div>
      {showBlockers && (
        <ul id={blockersId} className="blockers" aria-label="Why training cannot start">
          {available.startBlockers.map((b) => <li key={b}>{b}</li>)}
        </ul>
      )}
      {state.model && !state.text && state.runState !== 'training' && (
        <p className="hint">Load the training text again to resume this model.</p>
      )}
      <div className="field">
        <label htmlFor={backendId}>Backend</label>
        <select
          id={backendId}
          value={state.backendChoice}
          disabled={!available.canChangeBackend}
          onChange={(e) => {
            const backend = e.target.value as BackendChoice;
            dispatch({ type: 'backendChosen', backend });
            send({ type: 'setBackend', backend });
          }}
        >
          {BACKENDS.map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </div>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={state.fusedWanted}
            onChange={(e) => {
              dispatch({ type: 'kernelsChosen', fused: e.target.checked });
              send({ type: 'setKernels', fused: e.target.checked });
            }}
          />{' '}
          Use fused WebGPU kernels
        </label>
        <p className="hint">Much faster on WebGPU. Turn off to compare with plain TensorFlow.js ops.</p>
      </div>
    </section>
  );
}
