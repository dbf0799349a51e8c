// Slice: the model and training settings as typed (strings), from a preset or from the loaded model, and how
// long the next run may train ("Train for").
import { DEFAULT_TRAIN_FOR } from '../../../shared/plan/trainFor';
import {
  DEFAULT_PRESET_CHOICE,
  formFromConfig,
  formFromPreset,
  type ConfigForm,
  type PresetChoice,
  type TrainForChoice,
} from './configForm';
import type { AppAction } from '../app/actions';

export type { TrainForChoice } from './configForm';

export interface ConfigSlice {
  preset: PresetChoice;
  form: ConfigForm;
  trainFor: TrainForChoice;
}

export const initialConfigSlice: ConfigSlice = {
  preset: DEFAULT_PRESET_CHOICE,
  form: formFromPreset(DEFAULT_PRESET_CHOICE),
  trainFor: DEFAULT_TRAIN_FOR,
};

export function configReducer(s: ConfigSlice, a: AppAction): ConfigSlice {
  switch (a.type) {
    case 'presetChosen':
      return { ...s, preset: a.preset, form: formFromPreset(a.preset) };
    case 'configEdited': {
      // A setting typed by hand is the person's choice: Automatic no longer overrides the network. The cell is
      // the exception: Automatic sizes a network of the cell chosen.
      const keepsAuto = s.preset !== 'auto' || a.key === 'cell';
      return { ...s, preset: keepsAuto ? s.preset : 'custom', form: { ...s.form, [a.key]: a.value } };
    }
    case 'trainForChosen':
      return { ...s, trainFor: a.trainFor };
    case 'modelReady':
      // The form shows the model that is loaded, so a resumed or loaded run reads true; a planned run's time too.
      return {
        ...s,
        form: formFromConfig(a.model, a.train),
        trainFor: a.train.plan ? a.train.plan.trainFor : s.trainFor,
      };
    default:
      return s;
  }
}
