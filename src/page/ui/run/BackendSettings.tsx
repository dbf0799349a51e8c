// The compute backend and the GRU kernels: settings most runs leave alone.
import { useId, type Dispatch } from 'react';
import type { BackendChoice } from '../../../shared/config';
import type { AppAction, AppState } from '../app/appState';
import type { SendRequest } from '../app/useTrainingWorker';

interface Props {
  state: Pick<AppState, 'backendChoice' | 'fusedWanted'>;
  canChange: boolean;
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

export function BackendSettings({ state, canChange, dispatch, send }: Props) {
  const backendId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={backendId}>Backend</label>
        <select
          id={backendId}
          value={state.backendChoice}
          disabled={!canChange}
          aria-describedby={`${backendId}-hint`}
          onChange={(e) => {
            const backend = e.target.value as BackendChoice;
            dispatch({ type: 'backendChosen', backend });
            send({ type: 'setBackend', backend });
          }}
        >
          {BACKENDS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <span id={`${backendId}-hint`} className="hint">
          {canChange ? 'Auto picks WebGPU where the browser has it.' : 'Pause training to change the backend.'}
        </span>
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
        <p className="hint">
          Much faster on WebGPU, for every cell (GRU, LSTM, RNN). Turn off to compare with plain TensorFlow.js ops.
        </p>
      </div>
    </>
  );
}
