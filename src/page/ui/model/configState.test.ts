// The cell in the settings: GRU from every preset, kept under Automatic when changed (the plan sizes a network of
// that cell), and any other setting typed by hand makes the choice Custom.
import { describe, expect, it } from 'vitest';
import { configReducer, initialConfigSlice } from './configState';
import { parseForm } from './configForm';

describe('the Cell setting', () => {
  it('is GRU by default and from a preset', () => {
    expect(initialConfigSlice.form.cell).toBe('gru');
    expect(configReducer(initialConfigSlice, { type: 'presetChosen', preset: 'small' }).form.cell).toBe('gru');
  });

  it('keeps Automatic when the cell changes, and reaches the model sent with start', () => {
    const s = configReducer(initialConfigSlice, { type: 'configEdited', key: 'cell', value: 'lstm' });
    expect(s.preset).toBe('auto');
    expect(parseForm(s.form).model.cell).toBe('lstm');
    expect(configReducer(s, { type: 'configEdited', key: 'units', value: '64' }).preset).toBe('custom');
  });

  it('follows a loaded model, older ones as GRUs', () => {
    const { model, train } = parseForm(initialConfigSlice.form);
    const loaded = (cell?: 'rnn') => ({ type: 'modelReady', model: { ...model, cell, vocabSize: 9 }, train }) as const;
    expect(configReducer(initialConfigSlice, loaded('rnn') as never).form.cell).toBe('rnn');
    expect(configReducer(initialConfigSlice, loaded() as never).form.cell).toBe('gru');
  });
});
