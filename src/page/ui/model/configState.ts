// Slice: the model and training settings as typed (strings), from a preset or from the loaded model.
import { DEFAULT_PRESET, type PresetName } from '../../../shared/config';
import { formFromConfig, formFromPreset, type ConfigForm } from './configForm';
import type { AppAction } from '../app/actions';

export interface ConfigSlice {
  preset: PresetName;
  form: ConfigForm;
}

export const initialConfigSlice: ConfigSlice = { preset: DEFAULT_PRESET, form: formFromPreset(DEFAULT_PRESET) };

export function configReducer(s: ConfigSlice, a: AppAction): ConfigSlice {
  switch (a.type) {
    case 'presetChosen':
      return { preset: a.preset, form: formFromPreset(a.preset) };
    case 'configEdited':
      return { ...s, form: { ...s.form, [a.key]: a.value } };
    case 'modelReady':
      // The form shows the model that is loaded, so a resumed or loaded run reads true.
      return { ...s, form: formFromConfig(a.model, a.train) };
    default:
      return s;
  }
}
