// The learning-rate schedule, samples during training and early stopping: run settings like the others,
// sent with start and resume.
import { useId, useRef, type Dispatch } from 'react';
import type { LrSchedule } from '../../../shared/config';
import type { AppAction } from '../app/appState';
import { CONFIG_FIELDS, type ConfigField, type ConfigForm, type NumberKey } from './configForm';
import { NumberField } from '../common/NumberField';

interface Props {
  form: ConfigForm;
  dispatch: Dispatch<AppAction>;
}

const SCHEDULES: ReadonlyArray<[LrSchedule, string]> = [
  ['constant', 'Constant'],
  ['cosine', 'Warmup + cosine'],
];
/** "Sample every" when samples are switched on and no earlier interval is known. */
const DEFAULT_SAMPLE_EVERY = '100';

const field = (key: NumberKey): ConfigField => CONFIG_FIELDS.find((f) => f.key === key)!;

export function InsightSettings({ form, dispatch }: Props) {
  const scheduleId = useId();
  const samplesOn = form.sampleEvery.trim() !== '0';
  const edit = (key: NumberKey | 'lrSchedule' | 'restoreBest', value: string) =>
    dispatch({ type: 'configEdited', key, value });
  // The interval to come back to when samples are switched on again.
  const lastInterval = useRef(DEFAULT_SAMPLE_EVERY);
  const toggleSamples = (on: boolean) => {
    if (!on && form.sampleEvery.trim() !== '') lastInterval.current = form.sampleEvery;
    edit('sampleEvery', on ? lastInterval.current : '0');
  };
  return (
    <fieldset>
      <legend className="visually-hidden">Schedule, samples and early stopping</legend>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={scheduleId}>Learning-rate schedule</label>
          <select
            id={scheduleId}
            value={form.lrSchedule}
            aria-describedby={`${scheduleId}-hint`}
            onChange={(e) => edit('lrSchedule', e.target.value)}
          >
            {SCHEDULES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <span id={`${scheduleId}-hint`} className="hint">
            cosine ends at 10% of the rate
          </span>
        </div>
        <NumberField
          field={field('warmupSteps')}
          value={form.warmupSteps}
          dispatch={dispatch}
          disabled={form.lrSchedule !== 'cosine'}
        />
        <NumberField field={field('earlyStopPatience')} value={form.earlyStopPatience} dispatch={dispatch} />
      </div>
      <div className="field checkbox">
        <label>
          <input
            type="checkbox"
            checked={form.restoreBest === 'true'}
            onChange={(e) => edit('restoreBest', String(e.target.checked))}
          />{' '}
          Restore best at the end
        </label>
        <p className="hint">When the run stops early or finishes, the model goes back to its lowest validation loss.</p>
      </div>
      <div className="field checkbox">
        <label>
          <input type="checkbox" checked={samplesOn} onChange={(e) => toggleSamples(e.target.checked)} /> Samples during
          training
        </label>
        <p className="hint">
          A short text from a fixed seed now and then, to see the writing improve. Off saves a little time.
        </p>
      </div>
      {samplesOn && <NumberField field={field('sampleEvery')} value={form.sampleEvery} dispatch={dispatch} />}
    </fieldset>
  );
}
