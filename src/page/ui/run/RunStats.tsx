// The run's numbers in one line: step, loss, speed, time left and backend, in the same words as the training
// status (statusWords.ts): nothing stale while the run is not training.
import type { AppState } from '../app/appState';
import { formatCount, formatLoss } from '../common/format';
import { runSteps, speedWords, timeLeftWords } from './statusWords';

const STATE_WORDS = { idle: 'Ready', training: 'Training', paused: 'Paused', stopped: 'Stopped' } as const;

type RunStatsState = Pick<AppState, 'backend' | 'history' | 'model' | 'progress' | 'runState' | 'step'>;

export function RunStats({ state }: { state: RunStatsState }) {
  const total = runSteps(state.model);
  const loss = state.progress?.trainLoss ?? state.history.train.at(-1)?.loss;
  const items: Array<[string, string]> = [
    ['Run', STATE_WORDS[state.runState]],
    ['Step', `${formatCount(state.step)}${total === null ? '' : ` of ${formatCount(total)}`}`],
    ['Loss', formatLoss(loss)],
    ['Speed', speedWords(state).replace(' characters/s', ' chars/s')],
    ['Time left', timeLeftWords(state)],
    ['Backend', state.backend ?? 'starting…'],
  ];
  return (
    <dl className="run-stats">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
