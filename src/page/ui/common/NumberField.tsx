// One numeric setting of the config form: label, input with the setting's limits, and an optional hint.
import { useId, type Dispatch } from 'react';
import type { AppAction } from '../app/appState';
import { limitsOf, type ConfigField } from '../model/configForm';

interface Props {
  field: ConfigField;
  value: string;
  dispatch: Dispatch<AppAction>;
  disabled?: boolean;
}

export function NumberField({ field, value, dispatch, disabled }: Props) {
  const id = useId();
  const [min, max] = limitsOf(field.key);
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={field.step}
        value={value}
        disabled={disabled}
        aria-describedby={field.hint ? `${id}-hint` : undefined}
        onChange={(e) => dispatch({ type: 'configEdited', key: field.key, value: e.target.value })}
      />
      {field.hint && (
        <span id={`${id}-hint`} className="hint">
          {field.hint}
        </span>
      )}
    </div>
  );
}
