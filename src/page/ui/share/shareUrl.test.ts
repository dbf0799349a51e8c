import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import { CONFIG_FIELDS, formFromPreset, parseForm } from '../model/configForm';
import { DEFAULT_GENERATION_SETTINGS, type GenerationSettings } from '../generate/generationSettings';
import { decodeSetup, encodeSetup, SHARED_SETTINGS, withSetup, type SharedSetup } from './shareUrl';

const setup = (change: Partial<SharedSetup> = {}): SharedSetup => ({
  preset: 'tiny',
  form: formFromPreset(change.preset ?? 'tiny'),
  generation: DEFAULT_GENERATION_SETTINGS,
  ...change,
});

/** A valid value for each setting, different from every preset's and from the Generate panel's default. */
const CHANGED: Record<string, string> = {
  cell: 'lstm',
  embedding: '24',
  units: '48',
  batch: '12',
  window: '40',
  lr: '0.0025',
  clip: '1.5',
  validation: '0.2',
  seed: '7',
  layers: '2',
  dropout: '0.25', // rows present once the form has these settings
  epochs: '3',
  evalEvery: '15',
  checkpointEvery: '0',
  schedule: 'cosine',
  warmup: '30',
  sampleEvery: '25',
  patience: '4',
  restoreBest: 'false',
  length: '300',
  temp: '0.55',
  samplingSeed: '9',
  method: 'beam',
  topk: '12',
  topp: '0.9',
  penalty: '1.3',
  penaltyWindow: '32',
  beam: '5',
};

const roundTrip = (s: SharedSetup) => decodeSetup(new URLSearchParams(encodeSetup(s).toString()));

describe('the settings table', () => {
  it('has a row for every field of the model form and the schedule', () => {
    const shared = new Set(SHARED_SETTINGS.filter((s) => s.form === 'config').map((s) => s.key));
    for (const f of CONFIG_FIELDS) expect(shared.has(f.key), `no URL row for ${f.key}`).toBe(true);
    expect(shared.has('lrSchedule')).toBe(true);
  });

  it('carries the cell, keeps Automatic for it (the plan sizes that cell), and says what it allows', () => {
    const auto = decodeSetup(new URLSearchParams('preset=auto&cell=rnn'));
    expect([auto.preset, auto.form.cell, auto.problems]).toEqual(['auto', 'rnn', []]);
    expect(parseForm(auto.form).model.cell).toBe('rnn');
    expect(decodeSetup(new URLSearchParams('cell=transformer')).problems).toEqual([
      "The link's Cell (cell=transformer) was ignored: it must be one of “gru”, “lstm”, “rnn”.",
    ]);
    expect(encodeSetup(setup()).has('cell')).toBe(false); // a GRU is every preset's cell
  });

  it('gives every row its own parameter, and a test value', () => {
    const params = SHARED_SETTINGS.map((s) => s.param);
    expect(new Set(params).size).toBe(params.length);
    for (const p of params) expect(CHANGED[p], `no test value for ${p}`).toBeDefined();
  });
});

describe('round trip', () => {
  it('writes only the preset for an unchanged set-up, and reads it back', () => {
    expect(encodeSetup(setup()).toString()).toBe('preset=tiny');
    expect(roundTrip(setup({ preset: 'small' }))).toMatchObject({
      preset: 'small',
      form: formFromPreset('small'),
      problems: [],
      shared: true,
    });
  });

  it.each(SHARED_SETTINGS.map((s) => [s.param, s] as const))('carries %s exactly', (param, s) => {
    const start = setup();
    const changed: SharedSetup =
      s.form === 'config'
        ? { ...start, form: { ...start.form, [s.key]: CHANGED[param] } }
        : { ...start, generation: { ...start.generation, [s.key]: CHANGED[param] } as GenerationSettings };
    const params = encodeSetup(changed);
    expect(params.get(param)).toBe(CHANGED[param]);
    expect([...params.keys()]).toEqual(['preset', param]);
    const back = roundTrip(changed);
    expect(back.problems).toEqual([]);
    expect(parseForm(back.form)).toEqual(parseForm(changed.form));
    // A link's sampling seed is kept (pinned), so the text it was made with can be repeated.
    expect(back.generation).toEqual({ ...changed.generation, pinSeed: param === 'samplingSeed' });
  });

  it('carries every setting changed at once, on another preset', () => {
    const decoded = decodeSetup(new URLSearchParams({ preset: 'small', ...CHANGED }));
    expect(decoded.problems).toEqual([]);
    const back = roundTrip(decoded);
    expect(back.preset).toBe('small');
    expect(back.form).toEqual(decoded.form);
    expect(back.generation).toEqual(decoded.generation);
  });

  it('keeps a link’s sampling seed, so the text it was made with can be repeated', () => {
    expect(decodeSetup(new URLSearchParams({ samplingSeed: '9' })).generation).toMatchObject({
      samplingSeed: '9',
      pinSeed: true,
    });
    expect(decodeSetup(new URLSearchParams({ temp: '0.5' })).generation.pinSeed).toBe(false);
  });

  it('treats "0.010" as the preset\'s 0.01 (not written) and keeps other parameters and the hash', () => {
    const s = setup();
    expect(encodeSetup({ ...s, form: { ...s.form, learningRate: '0.010' } }).has('lr')).toBe(false);
    const url = withSetup('http://localhost:4173/?faults&units=8&heartbeat=500#x', {
      ...s,
      form: { ...s.form, units: '64' },
    });
    expect(url).toBe('http://localhost:4173/?faults=&heartbeat=500&preset=tiny&units=64#x');
  });

  it('leaves a setting typed wrong in the form out of the link', () => {
    const s = setup();
    expect(encodeSetup({ ...s, form: { ...s.form, units: 'abc' } }).has('units')).toBe(false);
  });
});

describe('bad values in a link', () => {
  const read = (query: string) => decodeSetup(new URLSearchParams(query));

  it('reports a value that is not a number, naming the setting and its range, and applies the rest', () => {
    const d = read('units=abc&lr=0.003');
    expect(d.problems).toEqual([
      "The link's GRU units (units=abc) was ignored: it must be a whole number from 1 to 4096.",
    ]);
    expect(d.form.units).toBe('32');
    expect(d.form.learningRate).toBe('0.003');
  });

  it('reports values out of range, fractions where whole numbers go, and words that are not options', () => {
    const d = read('lr=2&batch=2.5&topp=0&schedule=linear&method=greedy&temp=Infinity&units=0x10');
    expect(d.problems).toEqual(
      [
        "The link's Batch size (batch=2.5) was ignored: it must be a whole number from 1 to 1024.",
        "The link's Learning rate (lr=2) was ignored: it must be a number from 1e-7 to 1.",
        "The link's GRU units (units=0x10) was ignored: it must be a whole number from 1 to 4096.",
        "The link's Learning-rate schedule (schedule=linear) was ignored: it must be one of “constant”, “cosine”.",
        "The link's Temperature (temp=Infinity) was ignored: it must be a number from 0 to 10.",
        "The link's Method (method=greedy) was ignored: it must be one of “sample”, “beam”.",
        "The link's Top-p (topp=0) was ignored: it must be a number above 0 and at most 1.",
      ].sort((a, b) => order(a) - order(b)),
    );
    expect(d.form).toEqual(formFromPreset('tiny'));
    expect(d.generation).toEqual(DEFAULT_GENERATION_SETTINGS);
  });

  it('reports an unknown preset and uses the default one', () => {
    const d = read('preset=huge&units=64');
    // Automatic, turned Custom by the link's own setting (Automatic would override it).
    expect(d.preset).toBe('custom');
    const names = ['auto', ...Object.keys(PRESETS), 'custom'].map((n) => `“${n}”`).join(', ');
    expect(d.problems).toEqual([`The link's preset “huge” is not one of ${names}; the auto preset is used.`]);
    expect(d.form.units).toBe('64');
  });

  it('says nothing about a plain visit or test flags', () => {
    expect(read('faults&heartbeat=500')).toMatchObject({ problems: [], shared: false });
  });
});

/** Problems come in table order. */
function order(problem: string): number {
  const param = /\((\w+)=/.exec(problem)![1];
  return SHARED_SETTINGS.findIndex((s) => s.param === param);
}
