// Settings in the page's URL, readable (?preset=tiny&units=64&lr=0.003&temp=0.5): the model, training and
// decoding settings, never the text or the weights. Only settings that differ from the preset (model and
// training) or from the Generate panel's defaults are written. Reading a link applies every valid setting
// and reports each invalid one in plain words; parameters not in the table (?faults, ?heartbeat) are left alone.
import { LIMITS, LR_SCHEDULES } from '../../../shared/config';
import { CELLS } from '../../../shared/cell';
import { GENERATION_LIMITS } from '../../../shared/generationConfig';
import {
  CONFIG_FIELDS,
  DEFAULT_PRESET_CHOICE,
  formFromPreset,
  PRESET_CHOICES,
  type ConfigForm,
  type ConfigKey,
  type PresetChoice,
} from '../model/configForm';
import {
  DEFAULT_GENERATION_SETTINGS,
  MAX_LENGTH,
  type GenerationField,
  type GenerationSettings,
} from '../generate/generationSettings';

/** How a value is read: a whole number or a number within limits, or one of a few words. */
type Rule =
  | {
      kind: 'whole' | 'number';
      limits: readonly [number, number];
      /** the lower limit itself is not allowed */ above?: boolean;
    }
  | { kind: 'choice'; options: readonly string[] };

/** One row of the table: the URL parameter, the setting it fills, and its rule. */
export type SharedSetting =
  | ({ param: string; form: 'config'; key: ConfigKey } & Rule)
  | ({ param: string; form: 'generation'; key: GenerationField; label: string } & Rule);

const config = (param: string, key: ConfigKey, rule: Rule): SharedSetting => ({ param, form: 'config', key, ...rule });
const whole = (limits: readonly [number, number]): Rule => ({ kind: 'whole', limits });
const number = (limits: readonly [number, number], above = false): Rule => ({ kind: 'number', limits, above });
const generation = (param: string, key: GenerationField, label: string, rule: Rule): SharedSetting => ({
  param,
  form: 'generation',
  key,
  label,
  ...rule,
});

/** Every shared setting. A new model or training setting is one row here (a test checks every form field has one). */
export const SHARED_SETTINGS: readonly SharedSetting[] = [
  config('cell', 'cell', { kind: 'choice', options: CELLS }),
  config('embedding', 'embeddingDim', whole(LIMITS.embeddingDim)),
  config('units', 'units', whole(LIMITS.units)),
  config('layers', 'layers', whole(LIMITS.layers)),
  config('dropout', 'dropout', number(LIMITS.dropout)),
  config('batch', 'batchSize', whole(LIMITS.batchSize)),
  config('window', 'windowLength', whole(LIMITS.windowLength)),
  config('lr', 'learningRate', number(LIMITS.learningRate)),
  config('clip', 'clipNorm', number(LIMITS.clipNorm)),
  config('validation', 'validationShare', number(LIMITS.validationShare)),
  config('seed', 'seed', whole(LIMITS.seed)),
  config('epochs', 'epochs', whole(LIMITS.epochs)),
  config('evalEvery', 'evalEvery', whole(LIMITS.evalEvery)),
  config('checkpointEvery', 'checkpointEvery', whole(LIMITS.checkpointEvery)),
  config('schedule', 'lrSchedule', { kind: 'choice', options: LR_SCHEDULES }),
  config('warmup', 'warmupSteps', whole(LIMITS.warmupSteps)),
  config('sampleEvery', 'sampleEvery', whole(LIMITS.sampleEvery)),
  config('patience', 'earlyStopPatience', whole(LIMITS.earlyStopPatience)),
  config('restoreBest', 'restoreBest', { kind: 'choice', options: ['true', 'false'] }),
  generation('length', 'length', 'Length', whole([1, MAX_LENGTH])),
  generation('temp', 'temperature', 'Temperature', number([0, GENERATION_LIMITS.maxTemperature])),
  generation('samplingSeed', 'samplingSeed', 'Sampling seed', whole(LIMITS.seed)),
  generation('method', 'method', 'Method', { kind: 'choice', options: ['sample', 'beam'] }),
  generation('topk', 'topK', 'Top-k', whole(LIMITS.vocabSize)),
  generation('topp', 'topP', 'Top-p', number([0, 1], true)),
  generation('penalty', 'repetitionPenalty', 'Repetition penalty', number([1, 100])),
  generation(
    'penaltyWindow',
    'penaltyWindow',
    'Penalty window',
    whole([GENERATION_LIMITS.penaltyWindow.min, GENERATION_LIMITS.penaltyWindow.max]),
  ),
  generation(
    'beam',
    'beamWidth',
    'Beam width',
    whole([GENERATION_LIMITS.beamWidth.min, GENERATION_LIMITS.beamWidth.max]),
  ),
];

const PRESET_PARAM = 'preset';

export interface SharedSetup {
  preset: PresetChoice;
  form: ConfigForm;
  generation: GenerationSettings;
}

/** The settings chosen with a select or a checkbox rather than typed: their labels on the page. */
const CHOICE_LABELS: Partial<Record<ConfigKey, string>> = {
  cell: 'Cell',
  lrSchedule: 'Learning-rate schedule',
  restoreBest: 'Restore best',
};

function labelOf(s: SharedSetting): string {
  if (s.form === 'generation') return s.label;
  return CONFIG_FIELDS.find((f) => f.key === s.key)?.label ?? CHOICE_LABELS[s.key] ?? s.key;
}

function allowed(rule: Rule): string {
  if (rule.kind === 'choice') return `one of ${rule.options.map((o) => `“${o}”`).join(', ')}`;
  const [lo, hi] = rule.limits;
  if (rule.above) return `a number above ${lo} and at most ${hi}`;
  return `${rule.kind === 'whole' ? 'a whole number' : 'a number'} from ${lo} to ${hi}`;
}

/** Whether a value as written in a link (or typed in a field) obeys the rule. Empty is never valid. */
export function obeys(rule: Rule, text: string): boolean {
  const t = text.trim();
  if (rule.kind === 'choice') return rule.options.includes(t);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return false; // plain decimals only: no "0x10", "Infinity"
  const n = Number(t);
  const [lo, hi] = rule.limits;
  return n <= hi && (rule.above ? n > lo : n >= lo) && (rule.kind !== 'whole' || Number.isInteger(n));
}

/** The current text of a setting in the set-up. */
const current = (setup: SharedSetup, s: SharedSetting) =>
  s.form === 'config' ? setup.form[s.key] : setup.generation[s.key];

/** Same setting: equal numbers ("0.010" is "0.01") or, for words and empty fields, equal text. */
function same(rule: Rule, a: string, b: string): boolean {
  return rule.kind === 'choice' || a.trim() === '' || b.trim() === '' ? a.trim() === b.trim() : Number(a) === Number(b);
}

/** The query parameters for a set-up: the preset, then each valid setting that differs from its default. */
export function encodeSetup(setup: SharedSetup): URLSearchParams {
  const params = new URLSearchParams({ [PRESET_PARAM]: setup.preset });
  const defaults: SharedSetup = {
    preset: setup.preset,
    form: formFromPreset(setup.preset),
    generation: DEFAULT_GENERATION_SETTINGS,
  };
  for (const s of SHARED_SETTINGS) {
    const value = current(setup, s).trim();
    if (!same(s, value, current(defaults, s)) && obeys(s, value)) params.set(s.param, value);
  }
  return params;
}

export interface DecodedSetup extends SharedSetup {
  /** Plain-words reasons for each ignored value, naming the setting and what it allows. */
  problems: string[];
  /** Whether the link held any setting at all (a plain visit holds none). */
  shared: boolean;
}

/** The set-up a link asks for: defaults, then its preset, then each valid setting; invalid ones are reported. */
export function decodeSetup(params: URLSearchParams): DecodedSetup {
  const problems: string[] = [];
  let preset = DEFAULT_PRESET_CHOICE;
  const asked = params.get(PRESET_PARAM);
  if (asked !== null) {
    if ((PRESET_CHOICES as readonly string[]).includes(asked.trim())) preset = asked.trim() as PresetChoice;
    else
      problems.push(
        `The link's preset “${asked}” is not one of ${PRESET_CHOICES.map((n) => `“${n}”`).join(', ')}; the ${DEFAULT_PRESET_CHOICE} preset is used.`,
      );
  }
  const form = formFromPreset(preset);
  const generation = { ...DEFAULT_GENERATION_SETTINGS };
  let shared = asked !== null && preset !== DEFAULT_PRESET_CHOICE; // the default preset alone is a plain visit
  for (const s of SHARED_SETTINGS) {
    const value = params.get(s.param);
    if (value === null) continue;
    shared = true;
    if (!obeys(s, value)) {
      problems.push(`The link's ${labelOf(s)} (${s.param}=${value}) was ignored: it must be ${allowed(s)}.`);
    } else if (s.form === 'config') {
      form[s.key] = value.trim();
      // A setting of one's own: Automatic would override it (not the cell: Automatic sizes that cell's network).
      if (preset === 'auto' && s.key !== 'cell') preset = 'custom';
    } else {
      generation[s.key] = value.trim() as never; // `method` is checked against its options above
      if (s.key === 'samplingSeed') generation.pinSeed = true; // a link's seed repeats its text
    }
  }
  return { preset, form, generation, problems, shared };
}

/** The URL with the set-up's parameters in place of any old ones; other parameters and the hash stay. */
export function withSetup(url: string, setup: SharedSetup): string {
  const u = new URL(url);
  for (const name of [PRESET_PARAM, ...SHARED_SETTINGS.map((s) => s.param)]) u.searchParams.delete(name);
  for (const [name, value] of encodeSetup(setup)) u.searchParams.set(name, value);
  return u.toString();
}
