// What the comparison shows about runs: the settings that differ between them and each run's best
// validation loss. Pure, tested without React.
import type { ModelConfig, TrainConfig } from '../../../shared/config';
import type { LossHistory, LossPoint } from '../../../shared/training';
import { CONFIG_FIELDS, type ConfigField } from '../model/configForm';
import { CELL_LABELS, cellOf } from '../../../shared/cell';

/** A run as the comparison needs it: from the live run or read from a checkpoint. */
export interface ComparedRun {
  /** 'live' for the run in the worker, else the checkpoint's id. */
  id: string;
  /** What the legend and the table call it. */
  name: string;
  model: ModelConfig;
  train: TrainConfig;
  textName: string;
  history: LossHistory;
}

export interface SettingDifference {
  label: string;
  /** One value per run, in the runs' order, as the page shows it. */
  values: string[];
}

type Setting = { label: string; read: (run: ComparedRun) => string };

/** A form field's value in a run: model fields from its model, the rest from its training settings. */
function fieldValue(field: ConfigField): (run: ComparedRun) => string {
  return (run) => {
    const from: Partial<Record<string, unknown>> = field.group === 'model' ? { ...run.model } : { ...run.train };
    return from[field.key] === undefined ? 'not set' : String(from[field.key]); // a setting older runs lack
  };
}

/**
 * Every setting that shapes a run: the text, the vocabulary, then the form's fields in the form's order (a field
 * added to CONFIG_FIELDS, such as the number of layers, is compared with no change here).
 */
export const COMPARED_SETTINGS: readonly Setting[] = [
  { label: 'Text', read: (r) => r.textName },
  { label: 'Vocabulary size', read: (r) => String(r.model.vocabSize) },
  { label: 'Cell', read: (r) => CELL_LABELS[cellOf(r.model)] }, // absent in older runs: a GRU
  ...CONFIG_FIELDS.map((f) => ({ label: f.label, read: fieldValue(f) })),
  { label: 'Learning-rate schedule', read: (r) => r.train.lrSchedule },
];

/** The settings whose values are not all the same across the runs; none for fewer than two runs. */
export function differingSettings(runs: readonly ComparedRun[]): SettingDifference[] {
  if (runs.length < 2) return [];
  return COMPARED_SETTINGS.map((s) => ({ label: s.label, values: runs.map(s.read) })).filter(
    (d) => new Set(d.values).size > 1,
  );
}

/** The lowest finite validation loss and its step (the earliest of equals); null before any evaluation. */
export function bestValidation(history: LossHistory): LossPoint | null {
  let best: LossPoint | null = null;
  for (const p of history.validation) {
    if (Number.isFinite(p.loss) && (best === null || p.loss < best.loss)) best = p;
  }
  return best;
}

/** The run in the worker, as compared; null before a model exists or a step has run. */
export function liveRun(
  model: { model: ModelConfig; train: TrainConfig; textName: string } | null,
  history: LossHistory,
): ComparedRun | null {
  if (!model || history.train.length === 0) return null;
  return {
    id: LIVE_RUN,
    name: 'Current run',
    model: model.model,
    train: model.train,
    textName: model.textName,
    history,
  };
}

export const LIVE_RUN = 'live';

/** A checkpoint's name with its step, which tells apart the checkpoints of one run. */
export const checkpointRunName = (c: { name: string; step: number }) => `${c.name} (step ${c.step})`;
