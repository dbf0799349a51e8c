// The model's shape and the training settings; the preset fills every field.
import { useId, type Dispatch } from 'react';
import { parameterCount, PRESETS, type PresetName } from '../../shared/config';
import type { AppAction, AppState } from './appState';
import { CONFIG_FIELDS, parseForm, type ConfigField } from './configForm';
import { formatCount } from './format';
import { InsightSettings } from './InsightSettings';
import { NumberField } from './NumberField';

interface Props {
  state: AppState;
  problems: string[];
  dispatch: Dispatch<AppAction>;
}

const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const OPTION_TEXT: Record<PresetName, string> = { reference: 'Reference', small: 'Small', tiny: 'Tiny' };

function ParameterCount({ state, problems }: Omit<Props, 'dispatch'>) {
  const shapeOk = !problems.some((p) => p.startsWith('Embedding size') || p.startsWith('GRU units'));
  if (!state.text || !shapeOk) {
    return <p>Parameters: {state.text ? 'fix the model shape to count them' : 'load a text to count them'}</p>;
  }
  const model = { vocabSize: state.text.distinctCharacters, ...parseForm(state.form).model };
  return <p>Parameters: <strong>{formatCount(parameterCount(model))}</strong> (vocabulary of {state.text.distinctCharacters})</p>;
}

export function ModelPanel({ state, problems, dispatch }: Props) {
  const presetId = useId();
  const preset = PRESETS[state.preset];
  const field = (group: ConfigField['group']) =>
    CONFIG_FIELDS.filter((f) => f.group === group).map((f) => (
      <NumberField key={f.key} field={f} value={state.form[f.key]} dispatch={dispatch} />
    ));
  return (
    <section className="panel">
      <h2>Model</h2>
      <div className="field">
        <label htmlFor={presetId}>Preset</label>
        <select
          id={presetId}
          value={state.preset}
          aria-describedby={`${presetId}-hint`}
          onChange={(e) => dispatch({ type: 'presetChosen', preset: e.target.value as PresetName })}
        >
          {PRESET_NAMES.map((name) => (
            <option key={name} value={name}>{OPTION_TEXT[name]}</option>
          ))}
        </select>
        <span id={`${presetId}-hint`} className="hint">{preset.label}: {preset.description}</span>
      </div>
      <fieldset>
        <legend>Network</legend>
        <div className="field-grid">{field('model')}</div>
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        <div className="field-grid">{field('train')}</div>
        <p className="hint">Changes apply when you start or resume training.</p>
      </fieldset>
      <InsightSettings form={state.form} dispatch={dispatch} />
      <ParameterCount state={state} problems={problems} />
      {problems.length > 0 && (
        <ul className="problems" aria-label="Settings to fix">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
    </section>
  );
}
