import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import { bestValidation, differingSettings, type ComparedRun } from './runComparison';

function run(
  id: string,
  change: { units?: number; learningRate?: number; textName?: string; cell?: 'lstm' } = {},
): ComparedRun {
  const { model, train } = PRESETS.tiny;
  return {
    id,
    name: `Run ${id}`,
    model: { vocabSize: 65, ...model, units: change.units ?? model.units, cell: change.cell ?? model.cell },
    train: { ...train, learningRate: change.learningRate ?? train.learningRate },
    textName: change.textName ?? 'Tiny Shakespeare',
    history: { train: [], validation: [] },
  };
}

describe('differingSettings', () => {
  it('lists only the settings that differ, one value per run in order', () => {
    const diff = differingSettings([run('a'), run('b', { units: 64 }), run('c', { units: 64, learningRate: 0.003 })]);
    expect(diff).toEqual([
      { label: 'GRU units', values: ['32', '64', '64'] },
      { label: 'Learning rate', values: ['0.01', '0.01', '0.003'] },
    ]);
  });

  it('names the cell when the runs differ in it, an older run (no cell) as a GRU', () => {
    const older = run('a');
    delete older.model.cell;
    expect(differingSettings([older, run('b', { cell: 'lstm' })])).toEqual([
      { label: 'Cell', values: ['GRU', 'LSTM'] },
    ]);
    expect(differingSettings([older, run('b')])).toEqual([]);
  });

  it('names a different text too', () => {
    expect(differingSettings([run('a'), run('b', { textName: 'Poems' })]).map((d) => d.label)).toEqual(['Text']);
  });

  it('lists nothing for identical runs or a single run', () => {
    expect(differingSettings([run('a'), run('b')])).toEqual([]);
    expect(differingSettings([run('a', { units: 8 })])).toEqual([]);
  });
});

describe('bestValidation', () => {
  it('finds the lowest validation loss and the earliest step that reached it', () => {
    const history = {
      train: [{ step: 1, loss: 0.1 }],
      validation: [
        { step: 10, loss: 2 },
        { step: 20, loss: 1.5 },
        { step: 30, loss: 1.5 },
        { step: 40, loss: Number.NaN },
        { step: 50, loss: 1.7 },
      ],
    };
    expect(bestValidation(history)).toEqual({ step: 20, loss: 1.5 });
  });

  it('is null before any evaluation (training loss does not count)', () => {
    expect(bestValidation({ train: [{ step: 1, loss: 1 }], validation: [] })).toBeNull();
  });
});
