// The run bar: Start / Pause / Resume / Stop beside the run's step, loss, speed, time left and backend. It stays
// in view (sticky on wide screens, fixed at the bottom on narrow ones) so the buttons and the result meet.
import { useEffect, useId, useRef, type Dispatch } from 'react';
import type { AppAction, AppState } from '../app/appState';
import type { RunBudget } from '../../../shared/protocol';
import { TRAIN_FOR_CHOICES, parseTrainFor, trainForLabel } from '../../../shared/plan/trainFor';
import type { SpeedStore } from '../../storage/speedStore';
import type { TrainForChoice } from '../model/configState';
import type { Availability } from './availability';
import { ActionButton } from '../common/ActionButton';
import { parseForm } from '../model/configForm';
import { mergeRareBelow } from './trainingInfoState';
import type { SendRequest } from '../app/useTrainingWorker';
import { NewRunDialog } from './NewRunDialog';
import { RunStats } from './RunStats';
import { moreMinutes } from './runPlanWords';
import './run.css';
import { testSpeeds } from '../app/useFaultHook';

interface Props {
  state: AppState;
  available: Availability;
  send: SendRequest;
  dispatch: Dispatch<AppAction>;
  /** Speeds measured on this device before, so a plan does not time them again. */
  speeds: Pick<SpeedStore, 'get'>;
}

type Action = 'start' | 'pause' | 'resume' | 'stop' | 'more';

const choiceText = (choice: TrainForChoice): string =>
  choice === 'epochs'
    ? 'The epochs in the settings'
    : choice === 'untilPlateau'
      ? 'Until it stops improving'
      : trainForLabel(choice);

/** The budget a Start sends: none for a run by epochs; Automatic lets the plan choose the network. */
async function budgetFor(state: AppState, speeds: Props['speeds']): Promise<RunBudget | undefined> {
  if (state.trainFor === 'epochs') return undefined;
  const knownSpeeds =
    testSpeeds(state.text?.distinctCharacters) ?? (state.deviceKey ? await speeds.get(state.deviceKey) : {});
  return { trainFor: state.trainFor, chooseNetwork: state.preset === 'auto', knownSpeeds };
}

function TrainForSelect({
  value,
  dispatch,
  disabled,
}: {
  value: TrainForChoice;
  dispatch: Props['dispatch'];
  disabled: boolean;
}) {
  const id = useId();
  const choices: TrainForChoice[] = [...TRAIN_FOR_CHOICES, 'epochs'];
  const onChange = (text: string) => {
    const trainFor = text === 'epochs' ? 'epochs' : parseTrainFor(text);
    if (trainFor !== null) dispatch({ type: 'trainForChosen', trainFor });
  };
  return (
    <div className="train-for">
      <label htmlFor={id}>Train for</label>
      <select
        id={id}
        value={String(value) /* minutes, 'untilPlateau' or 'epochs' */}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      >
        {choices.map((c) => (
          <option key={String(c)} value={String(c)}>
            {choiceText(c)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Resume leads while a run waits to go on; Start otherwise; nothing leads while training. */
function primaryAction({ runState, model }: AppState, available: Availability): Action | null {
  if (runState === 'training') return null;
  if (available.canResume && (runState === 'paused' || (runState === 'idle' && model !== null))) return 'resume';
  return 'start';
}

function reasons(state: AppState, available: Availability): Record<Action, string> {
  const training = state.runState === 'training';
  return {
    start: available.startBlockers.join(' '),
    pause: 'Nothing to pause: training is not running.',
    resume: training
      ? 'Training is running.'
      : state.model
        ? 'Load the training text and fix the settings to resume.'
        : 'Nothing to resume yet: start a run or load a checkpoint.',
    stop: 'Nothing to stop: no run is training or paused.',
    more: training ? 'Training is running.' : 'Load the training text again to train this run on.',
  };
}

export function RunBar({ state, available, send, dispatch, speeds }: Props) {
  const { model, train } = parseForm(state.form);
  const dialog = useRef<HTMLDialogElement>(null);
  const bar = useRef<HTMLElement>(null);
  const buttons = {
    start: useRef<HTMLButtonElement>(null),
    pause: useRef<HTMLButtonElement>(null),
    resume: useRef<HTMLButtonElement>(null),
    stop: useRef<HTMLButtonElement>(null),
    more: useRef<HTMLButtonElement>(null),
  };
  const primary = primaryAction(state, available);
  const why = reasons(state, available);
  const start = () => {
    const request = { type: 'start', model, train, mergeRareBelow: mergeRareBelow(state.trainingInfo) } as const;
    void budgetFor(state, speeds).then((budget) => send(budget ? { ...request, budget } : request));
  };
  const more = moreMinutes(state);
  // A paused run is never thrown away without asking.
  const onStart = () => (state.runState === 'paused' ? dialog.current?.showModal() : start());

  // Focus follows the run: after Start the next key press pauses, after Pause it resumes.
  const seen = useRef(state.runState);
  useEffect(() => {
    if (seen.current === state.runState) return;
    seen.current = state.runState;
    const active = document.activeElement;
    if (active !== document.body && !bar.current?.contains(active)) return;
    const next =
      state.runState === 'training' ? buttons.pause : state.runState === 'paused' ? buttons.resume : buttons.start;
    next.current?.focus();
  });

  const button = (action: Action, label: string, enabled: boolean, onClick: () => void) => (
    <ActionButton
      ref={buttons[action]}
      className={primary === action ? 'primary' : undefined}
      disabled={!enabled}
      reason={why[action]}
      onClick={onClick}
    >
      {label}
    </ActionButton>
  );
  const showBlockers = !available.canStart && state.runState !== 'training' && available.startBlockers.length > 0;
  return (
    <section ref={bar} id="training-controls" className="run-bar" aria-label="Training controls" tabIndex={-1}>
      <div className="run-buttons">
        {button('start', 'Start training', available.canStart, onStart)}
        {button('pause', 'Pause training', available.canPause, () => send({ type: 'pause' }))}
        {button('resume', 'Resume training', available.canResume, () => send({ type: 'resume', train }))}
        {button('stop', 'Stop training', available.canStop, () => send({ type: 'stop' }))}
        {more !== null &&
          state.runState !== 'training' &&
          button('more', `Train ${more} more minute${more === 1 ? '' : 's'}`, available.canResume, () =>
            send({ type: 'resume', train, moreMinutes: more }),
          )}
        <TrainForSelect value={state.trainFor} dispatch={dispatch} disabled={state.runState === 'training'} />
      </div>
      <RunStats state={state} />
      {showBlockers && <p className="run-hint">{available.startBlockers[0]}</p>}
      {state.model && !state.text && state.runState !== 'training' && (
        <p className="run-hint">Load the training text again to resume this model.</p>
      )}
      <NewRunDialog ref={dialog} step={state.step} onConfirm={start} />
    </section>
  );
}
