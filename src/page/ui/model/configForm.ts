// The model and training settings as the form holds them: text while typed, numbers when sent.
import {
  DEFAULT_PRESET,
  LIMITS,
  PRESETS,
  validateConfig,
  type LrSchedule,
  type PresetName,
  type TrainConfig,
} from '../../../shared/config';
import type { ModelShape } from '../../../shared/config';
import type { TrainFor } from '../../../shared/plan/trainFor';
import { cellOf, type CellName } from '../../../shared/cell';

/** A time budget, or 'epochs': the run trains the epochs in the settings (no plan). */
export type TrainForChoice = TrainFor | 'epochs';

type ShapeKey = Exclude<keyof ModelShape, 'embeddingDropout'>; // a config flag without a control
/** Settings the form edits; a plan's own (length in steps, step-based early stopping, the plan record) are not typed in. */
type TrainKey = Exclude<keyof TrainConfig, 'plan' | 'totalSteps' | 'validationBatches' | 'patienceSteps' | 'minSteps'>;
export type ConfigKey = ShapeKey | TrainKey;
/** Settings typed as numbers; the cell and the schedule are choices with their own selects, Restore best a checkbox. */
export type NumberKey = Exclude<ConfigKey, 'cell' | 'lrSchedule' | 'restoreBest'>;

export interface ConfigField {
  key: NumberKey;
  /** The visible label; also the input's accessible name. */
  label: string;
  /** insight: schedule, samples and early stopping, rendered by InsightSettings. */
  group: 'model' | 'train' | 'insight';
  /** The input's step attribute: 1 for whole numbers, 'any' for rates. */
  step: number | 'any';
  hint?: string;
}

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { key: 'embeddingDim', label: 'Embedding size', group: 'model', step: 1 },
  { key: 'units', label: 'GRU units', group: 'model', step: 1 },
  { key: 'layers', label: 'Layers', group: 'model', step: 1, hint: '1 to 3 stacked layers' },
  { key: 'dropout', label: 'Dropout', group: 'model', step: 0.05, hint: '0 to 0.5, between layers' },
  { key: 'batchSize', label: 'Batch size', group: 'train', step: 1, hint: 'windows per step' },
  { key: 'windowLength', label: 'Window length', group: 'train', step: 1, hint: 'characters' },
  { key: 'learningRate', label: 'Learning rate', group: 'train', step: 'any' },
  { key: 'clipNorm', label: 'Gradient clip', group: 'train', step: 'any', hint: '0 turns it off' },
  { key: 'validationShare', label: 'Validation share', group: 'train', step: 0.01, hint: '0 to 0.5' },
  { key: 'seed', label: 'Seed', group: 'train', step: 1 },
  { key: 'epochs', label: 'Epochs', group: 'train', step: 1 },
  { key: 'evalEvery', label: 'Validate every', group: 'train', step: 1, hint: 'steps' },
  { key: 'checkpointEvery', label: 'Checkpoint every', group: 'train', step: 1, hint: 'steps; 0 turns it off' },
  { key: 'warmupSteps', label: 'Warmup steps', group: 'insight', step: 1, hint: 'before the cosine decay' },
  { key: 'sampleEvery', label: 'Sample every', group: 'insight', step: 1, hint: 'steps; 0 turns samples off' },
  {
    key: 'earlyStopPatience',
    label: 'Early stopping patience',
    group: 'insight',
    step: 1,
    hint: 'evaluations; 0 turns it off',
  },
];

export type ConfigForm = Record<ConfigKey, string>;

export function limitsOf(key: NumberKey): readonly [number, number] {
  return LIMITS[key];
}

export function formFromConfig(model: ModelShape, train: TrainConfig): ConfigForm {
  const values = {
    ...train,
    embeddingDim: model.embeddingDim,
    units: model.units,
    layers: model.layers ?? 1,
    dropout: model.dropout ?? 0,
  };
  const numbers = Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, String(values[f.key])]));
  return {
    ...numbers,
    cell: cellOf(model),
    lrSchedule: train.lrSchedule,
    restoreBest: String(train.restoreBest ?? false),
  } as ConfigForm;
}

/**
 * The Preset select: a named preset, Automatic (the plan chooses the network for the time given) or Custom
 * (the settings as edited). Automatic and Custom start from the default preset's fields.
 */
export type PresetChoice = PresetName | 'auto' | 'custom';
export const DEFAULT_PRESET_CHOICE: PresetChoice = 'auto';
export const PRESET_CHOICES: readonly PresetChoice[] = ['auto', ...(Object.keys(PRESETS) as PresetName[]), 'custom'];

/** The named preset whose fields a choice shows. */
export const presetOf = (choice: PresetChoice): PresetName =>
  choice === 'auto' || choice === 'custom' ? DEFAULT_PRESET : choice;

export function formFromPreset(choice: PresetChoice): ConfigForm {
  const name = presetOf(choice);
  return formFromConfig(PRESETS[name].model, PRESETS[name].train);
}

/** An empty field is NaN, not 0, so validateConfig reports it. */
const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

export function parseForm(form: ConfigForm): { model: ModelShape; train: TrainConfig } {
  const n = (key: ConfigKey) => toNumber(form[key]);
  return {
    model: {
      cell: form.cell as CellName, // validateConfig reports anything else
      embeddingDim: n('embeddingDim'),
      units: n('units'),
      layers: n('layers'),
      dropout: n('dropout'),
      embeddingDropout: false,
    },
    train: {
      batchSize: n('batchSize'),
      windowLength: n('windowLength'),
      learningRate: n('learningRate'),
      clipNorm: n('clipNorm'),
      validationShare: n('validationShare'),
      seed: n('seed'),
      epochs: n('epochs'),
      evalEvery: n('evalEvery'),
      checkpointEvery: n('checkpointEvery'),
      lrSchedule: form.lrSchedule as LrSchedule, // validateConfig reports anything else
      warmupSteps: n('warmupSteps'),
      sampleEvery: n('sampleEvery'),
      earlyStopPatience: n('earlyStopPatience'),
      restoreBest: form.restoreBest === 'true',
    },
  };
}

export function formProblems(form: ConfigForm): string[] {
  const { model, train } = parseForm(form);
  return validateConfig(model, train);
}
