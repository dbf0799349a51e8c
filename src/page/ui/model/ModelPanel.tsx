// The model: a preset fills every field; the fields themselves, the schedule and the backend sit behind
// disclosures, so a first run needs only the preset.
import { useId, type Dispatch } from 'react';
import { parameterCount, PRESETS } from '../../../shared/config';
import type { AppAction, AppState } from '../app/appState';
import { CELL_LABELS, isCellName } from '../../../shared/cell';
import { CONFIG_FIELDS, parseForm, PRESET_CHOICES, type ConfigField, type PresetChoice } from './configForm';
import { formatCount } from '../common/format';
import { Disclosure } from '../common/Disclosure';
import { InsightSettings } from './ScheduleSettings';
import { BackendSettings } from '../run/BackendSettings';
import type { SendRequest } from '../app/useTrainingWorker';
import { NumberField } from '../common/NumberField';
import { CellSelect } from './CellSelect';

interface Props {
  state: AppState;
  problems: string[];
  canChangeBackend: boolean;
  dispatch: Dispatch<AppAction>;
  send: SendRequest;
}

const OPTION_TEXT: Record<PresetChoice, string> = {
  auto: 'Automatic (fits the time you give)',
  reference: 'Reference',
  deep: 'Deep',
  small: 'Small',
  tiny: 'Tiny',
  custom: 'Custom (the settings below)',
};

/** What the chosen preset does, in a sentence. */
function presetHint(choice: PresetChoice): string {
  if (choice === 'auto')
    return 'Automatic: on Start, folio times a few networks on this device and trains the best one your text and the time under “Train for” allow. The settings below then show what it chose.';
  if (choice === 'custom') return 'Custom: the network and training settings below, as you set them.';
  const preset = PRESETS[choice];
  return `${preset.label}: ${preset.description}`;
}

function ParameterCount({ state, problems }: Pick<Props, 'state' | 'problems'>) {
  const shapeOk = !problems.some(
    (p) => p.startsWith('Embedding size') || /^(GRU|LSTM|RNN) units/.test(p) || p.startsWith('Layers'),
  );
  if (!state.text || !shapeOk) {
    return <p>Parameters: {state.text ? 'fix the model shape to count them' : 'load a text to count them'}</p>;
  }
  const model = { vocabSize: state.text.distinctCharacters, ...parseForm(state.form).model };
  const live = state.model;
  // A model loaded over another text: say so here, where the two counts would otherwise just disagree.
  const otherText = live !== null && live.model.vocabSize !== state.text.distinctCharacters;
  return (
    <>
      <p>
        Parameters{live ? ' for a new run on this text' : ''}: <strong>{formatCount(parameterCount(model))}</strong>{' '}
        (vocabulary of {state.text.distinctCharacters})
      </p>
      {otherText && (
        <p className="warning">
          The model now loaded ({formatCount(live.parameters)} parameters, vocabulary of {live.model.vocabSize}) was
          trained on {live.textName}, whose characters differ from this text’s: it generates text, but training it on
          needs {live.textName} loaded again.
        </p>
      )}
    </>
  );
}

export function ModelPanel({ state, problems, canChangeBackend, dispatch, send }: Props) {
  const presetId = useId();
  // The units field names the chosen cell ("LSTM units"); with the default GRU it reads "GRU units".
  const cell = CELL_LABELS[isCellName(state.form.cell) ? state.form.cell : 'gru'];
  const field = (group: ConfigField['group']) =>
    CONFIG_FIELDS.filter((f) => f.group === group).map((f) => (
      <NumberField
        key={f.key}
        field={f.key === 'units' ? { ...f, label: `${cell} units` } : f}
        value={state.form[f.key]}
        dispatch={dispatch}
      />
    ));
  return (
    <section className="panel" aria-labelledby={`${presetId}-heading`}>
      <h2 id={`${presetId}-heading`}>Model</h2>
      <div className="field">
        <label htmlFor={presetId}>Preset</label>
        <select
          id={presetId}
          value={state.preset}
          aria-describedby={`${presetId}-hint`}
          onChange={(e) => dispatch({ type: 'presetChosen', preset: e.target.value as PresetChoice })}
        >
          {PRESET_CHOICES.map((name) => (
            <option key={name} value={name}>
              {OPTION_TEXT[name]}
            </option>
          ))}
        </select>
        <span id={`${presetId}-hint`} className="hint">
          {presetHint(state.preset)}
        </span>
      </div>
      <ParameterCount state={state} problems={problems} />
      {problems.length > 0 && (
        <ul className="problems" aria-label="Settings to fix">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <Disclosure summary="Training settings">
        <fieldset>
          <legend>Network</legend>
          <div className="field-grid">
            <CellSelect value={state.form.cell} dispatch={dispatch} />
            {field('model')}
          </div>
        </fieldset>
        <fieldset>
          <legend>Training</legend>
          <div className="field-grid">{field('train')}</div>
          <p className="hint">Changes apply when you start or resume training.</p>
        </fieldset>
      </Disclosure>
      <Disclosure summary="Schedule, samples and early stopping">
        <InsightSettings form={state.form} dispatch={dispatch} />
      </Disclosure>
      <Disclosure summary="Backend and kernels">
        <BackendSettings state={state} canChange={canChangeBackend} dispatch={dispatch} send={send} />
      </Disclosure>
    </section>
  );
}
