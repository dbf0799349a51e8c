// How characters are picked: sampling with optional top-k, top-p and repetition penalty, or beam search.
import { useId } from 'react';
import type { GenerationField, GenerationSettings } from './generationSettings';

interface Props {
  settings: GenerationSettings;
  edit: (key: GenerationField) => (e: { target: { value: string } }) => void;
}

interface NumberFieldProps {
  id: string;
  label: string;
  hint: string;
  value: string;
  placeholder?: string;
  min: number;
  max?: number;
  step: number | 'any';
  onChange: (e: { target: { value: string } }) => void;
}

function NumberField({ id, label, hint, value, placeholder, min, max, step, onChange }: NumberFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        onChange={onChange}
      />
      <span id={`${id}-hint`} className="hint">
        {hint}
      </span>
    </div>
  );
}

export function DecodingControls({ settings, edit }: Props) {
  const id = useId();
  const beam = settings.method === 'beam';
  return (
    <fieldset className="decoding-controls">
      <legend>Decoding</legend>
      <div className="field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select id={`${id}-method`} value={settings.method} onChange={edit('method')}>
          <option value="sample">Sampling (temperature, top-k, top-p, penalty)</option>
          <option value="beam">Beam search (deterministic best continuation)</option>
        </select>
      </div>
      {beam ? (
        <div className="field-grid">
          <NumberField
            id={`${id}-beam`}
            label="Beam width"
            min={2}
            max={16}
            step={1}
            value={settings.beamWidth}
            onChange={edit('beamWidth')}
            hint="2 to 16 beams. Writes the continuation with the highest total probability; temperature and sampling seed are not used."
          />
        </div>
      ) : (
        <div className="field-grid">
          <NumberField
            id={`${id}-topk`}
            label="Top-k"
            min={1}
            step={1}
            value={settings.topK}
            placeholder="off"
            onChange={edit('topK')}
            hint="Draw only from the k likeliest characters. Empty: all."
          />
          <NumberField
            id={`${id}-topp`}
            label="Top-p"
            min={0}
            max={1}
            step="any"
            value={settings.topP}
            placeholder="1"
            onChange={edit('topP')}
            hint="Draw from the likeliest characters that together reach p (0 to 1). Empty: all."
          />
          <NumberField
            id={`${id}-penalty`}
            label="Repetition penalty"
            min={1}
            step="any"
            value={settings.repetitionPenalty}
            placeholder="1"
            onChange={edit('repetitionPenalty')}
            hint="1 or more: makes characters used recently less likely. Empty: none."
          />
          <NumberField
            id={`${id}-window`}
            label="Penalty window"
            min={1}
            step={1}
            value={settings.penaltyWindow}
            onChange={edit('penaltyWindow')}
            hint="How many of the latest characters the penalty looks at."
          />
        </div>
      )}
    </fieldset>
  );
}
