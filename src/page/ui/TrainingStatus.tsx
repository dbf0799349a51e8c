// Where the run stands: state, step, epoch, losses, speed, time left and the backend in use.
import type { ReactNode } from 'react';
import type { KernelPath } from '../../shared/config';
import type { RunState } from '../../shared/training';
import type { AppState } from './appState';
import { formatCount, formatDuration, formatLoss } from './format';

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

/** "2 of 20 (45% of epoch)", from the last progress event or, after a load, from the step. */
function epochWords({ progress, model, step }: AppState): string {
  const perEpoch = model?.stepsPerEpoch ?? 0;
  const epoch = progress ? progress.epoch : perEpoch > 0 ? Math.floor(step / perEpoch) : null;
  const share = progress ? progress.epochProgress : perEpoch > 0 ? (step % perEpoch) / perEpoch : 0;
  if (epoch === null) return '—';
  const of = model ? ` of ${model.train.epochs}` : '';
  return `${epoch + 1}${of} (${Math.round(share * 100)}% of epoch)`;
}

export function TrainingStatus({ state }: { state: AppState }) {
  const { progress, model, history } = state;
  return (
    <section className="panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Training status</h2>
      <dl className="stats">
        <Stat label="State">{STATE_WORDS[state.runState]}</Stat>
        <Stat label="Step">{formatCount(state.step)}</Stat>
        <Stat label="Epoch">{epochWords(state)}</Stat>
        <Stat label="Train loss">{formatLoss(progress?.trainLoss ?? history.train.at(-1)?.loss)}</Stat>
        <Stat label="Validation loss">{formatLoss(progress?.validationLoss ?? history.validation.at(-1)?.loss)}</Stat>
        <Stat label="Speed">{progress ? `${formatCount(progress.charsPerSec)} characters/s` : '—'}</Stat>
        {state.insight.learningRate !== null && <Stat label="Learning rate">{state.insight.learningRate.toPrecision(3)}</Stat>}
        <Stat label="Time left">{progress?.etaSeconds != null ? formatDuration(progress.etaSeconds) : '—'}</Stat>
        {progress && progress.skippedSteps > 0 && (
          <Stat label="Skipped steps">{`${formatCount(progress.skippedSteps)} (loss was not a finite number)`}</Stat>
        )}
        <Stat label="Backend">{state.backend ?? 'starting…'}</Stat>
        <Stat label="Kernels">{state.kernels ? KERNEL_WORDS[state.kernels] : '—'}</Stat>
        <Stat label="Parameters">{model ? formatCount(model.parameters) : '—'}</Stat>
        {model && <Stat label="Model from">{model.source}</Stat>}
      </dl>
      {state.runMessage && <p>{state.runMessage}</p>}
      {state.fallbackNotes.length > 0 && (
        <ul className="fallback-notes">
          {state.fallbackNotes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      )}
    </section>
  );
}
