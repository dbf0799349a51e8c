import { describe, expect, it } from 'vitest';
import { CELLS, type CellName } from './cell';
import { parameterCount, PRESETS, validateConfig, type ModelConfig } from './config';
import { weightNames, weightShapes } from './checkpoint/types';

const tiny = PRESETS.tiny;
const problemsOf = (model: Partial<ModelConfig>) => validateConfig({ ...tiny.model, ...model }, tiny.train);

describe('model config', () => {
  it('accepts 1 to 3 layers and dropout 0 to 0.5, and says what is wrong otherwise', () => {
    expect(problemsOf({ layers: 3, dropout: 0.5 })).toEqual([]);
    expect(problemsOf({ layers: undefined, dropout: undefined })).toEqual([]); // older configs
    expect(problemsOf({ layers: 0 })).toEqual(['Layers must be a whole number from 1 to 3.']);
    expect(problemsOf({ layers: 1.5 })).toEqual(['Layers must be a whole number from 1 to 3.']);
    expect(problemsOf({ layers: 4 })).toEqual(['Layers must be a whole number from 1 to 3.']);
    expect(problemsOf({ dropout: 0.6 })).toEqual(['Dropout must be a number from 0 to 0.5.']);
    expect(problemsOf({ dropout: Number.NaN })).toEqual(['Dropout must be a number from 0 to 0.5.']);
  });

  it('counts the parameters of every layer of every cell (layer l > 0 reads H inputs)', () => {
    for (const cell of CELLS) {
      for (const layers of [1, 2, 3]) {
        const m: ModelConfig = { cell, vocabSize: 65, embeddingDim: 16, units: 32, layers };
        const sum = Object.values(weightShapes(m)).reduce((a, s) => a + s.reduce((x, y) => x * y, 1), 0);
        expect(parameterCount(m), `${cell} × ${layers}`).toBe(sum);
      }
    }
    // PyTorch's nn.LSTM(16, 32) has 4·32·(16 + 32 + 2) = 6,400 parameters, nn.GRU 4,800, nn.RNN 1,600.
    const recurrent = (cell: CellName) =>
      parameterCount({ cell, vocabSize: 65, embeddingDim: 16, units: 32 }) - 65 * 16 - 65 * 32 - 65;
    expect([recurrent('lstm'), recurrent('gru'), recurrent('rnn')]).toEqual([6400, 4800, 1600]);
  });

  it('refuses a cell it does not know and takes a missing one for a GRU', () => {
    const m = { embeddingDim: 16, units: 32 };
    expect(validateConfig({ ...m, cell: 'lstm' }, PRESETS.tiny.train)).toEqual([]);
    expect(validateConfig({ ...m, cell: 'transformer' as CellName }, PRESETS.tiny.train)).toEqual([
      'Cell must be GRU, LSTM or RNN.',
    ]);
    expect(weightNames({ layers: 1 })[1]).toBe('gru.weight_ih_l0');
  });

  it("names the chosen cell's units when they are out of range", () => {
    const m = { embeddingDim: 16, units: 0 };
    expect(validateConfig({ ...m, cell: 'lstm' }, PRESETS.tiny.train)).toEqual([
      'LSTM units must be a whole number from 1 to 4096.',
    ]);
    expect(validateConfig(m, PRESETS.tiny.train)).toEqual(['GRU units must be a whole number from 1 to 4096.']);
  });

  it('keeps Reference the seed model, adds Deep, and stops every preset early', () => {
    expect(PRESETS.reference.model).toEqual({
      cell: 'gru',
      embeddingDim: 256,
      units: 1024,
      layers: 1,
      dropout: 0,
      embeddingDropout: false,
    });
    expect(PRESETS.deep.model).toMatchObject({ layers: 2, units: 512, embeddingDim: 256, dropout: 0.25 });
    expect(PRESETS.deep.label).toBe('Deep (2 × GRU 512, dropout 0.25)');
    for (const preset of Object.values(PRESETS)) {
      expect(validateConfig(preset.model, preset.train), preset.name).toEqual([]);
      expect(preset.train.earlyStopPatience, preset.name).toBeGreaterThan(0);
    }
  });
});
