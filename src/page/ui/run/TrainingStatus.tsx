// Where the run stands: state, step, epoch, losses, speed, time left and the backend in use.
import type { ReactNode } from 'react';
import type { KernelPath } from '../../../shared/config';
import type { RunState } from '../../../shared/training';
import type { AppState } from '../app/appState';
import { softwareAdapterWords } from '../../../shared/softwareAdapter';
import { formatCount, formatLoss } from '../common/format';
import { epochWords, modelOriginWords, runProgressWords, runSteps, speedWords, timeLeftWords } from './statusWords';

const STATE_WORDS: Record<RunState, string> = {
  idle: 'Idle',
  training: 'Training',
  paused: 'Paused',
  stopped: 'Stopped',
};

const KERNEL_WORDS: Record<KernelPath, string> = {
  fused: 'fused WebGPU kernels',
  reference: 'plain tfjs ops',
};

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}:</dt> <dd>{children}</dd>
    </div>
  );
}

/** What the status reads: the run, its engine and its learning rate. */
type StatusState = Pick<
  AppState,
  | 'backend'
  | 'fallbackNotes'
  | 'softwareAdapter'
  | 'kernels'
  | 'runMessage'
  | 'runState'
  | 'step'
  | 'trainingInfo'
  | 'progress'
  | 'model'
  | 'history'
>;

export function TrainingStatus({ state }: { state: StatusState }) {
  const { progress, model, history } = state;
  const total = runSteps(model);
  const progressWords = runProgressWords(state);
  return (
    <section className="panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Training status</h2>
      <dl className="stats">
        <Stat label="State">{STATE_WORDS[state.runState]}</Stat>
        <Stat label="Step">{formatCount(state.step)}</Stat>
        <Stat label="Epoch">{epochWords(state)}</Stat>
        {progressWords && total !== null && (
          <Stat label="Run progress">
            <progress aria-label="Run progress" max={total} value={Math.min(state.step, total)} /> {progressWords}
          </Stat>
        )}
        <Stat label="Train loss">{formatLoss(progress?.trainLoss ?? history.train.at(-1)?.loss)}</Stat>
        <Stat label="Validation loss">{formatLoss(progress?.validationLoss ?? history.validation.at(-1)?.loss)}</Stat>
        <Stat label="Speed">{speedWords(state)}</Stat>
        {state.trainingInfo.learningRate !== null && (
          <Stat label="Learning rate">{state.trainingInfo.learningRate.toPrecision(3)}</Stat>
        )}
        <Stat label="Time left">{timeLeftWords(state)}</Stat>
        {progress && progress.skippedSteps > 0 && (
          <Stat label="Skipped steps">{`${formatCount(progress.skippedSteps)} (loss was not a finite number)`}</Stat>
        )}
        <Stat label="Backend">{state.backend ?? 'starting…'}</Stat>
        <Stat label="Kernels">{state.kernels ? KERNEL_WORDS[state.kernels] : '—'}</Stat>
        <Stat label="Parameters">{model ? formatCount(model.parameters) : '—'}</Stat>
        {model && <Stat label="Model from">{modelOriginWords(model, state.step)}</Stat>}
      </dl>
      {state.runMessage && <p>{state.runMessage}</p>}
      {state.softwareAdapter && <p className="hint">{softwareAdapterWords(state.softwareAdapter)}</p>}
      {state.fallbackNotes.length > 0 && (
        <ul className="fallback-notes">
          {state.fallbackNotes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
