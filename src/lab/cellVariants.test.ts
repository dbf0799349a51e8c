import { describe, expect, it } from 'vitest';
import { parameterCount, type ModelConfig } from '../shared/config';
import { CELLS } from '../shared/cell';
import { cellVariants, parseCells, parseMatch, unitsForEqualParameters } from './cellVariants';

const small: ModelConfig = { vocabSize: 65, embeddingDim: 64, units: 256 };

describe('unitsForEqualParameters', () => {
  it('gives every cell about the base network’s parameter count (within 1%), at one and at two layers', () => {
    for (const layers of [1, 2]) {
      for (const base of [small, { ...small, units: 128 }, { ...small, cell: 'lstm' as const }]) {
        const target = parameterCount({ ...base, layers });
        for (const cell of CELLS) {
          const units = unitsForEqualParameters({ ...base, layers }, cell);
          const got = parameterCount({ ...base, layers, cell, units });
          expect(Math.abs(got - target) / target, `${cell} ${units} × ${layers}`).toBeLessThan(0.01);
        }
      }
    }
  });

  it('makes the LSTM narrower and the RNN wider than the GRU, and leaves the base cell as it is', () => {
    expect(unitsForEqualParameters(small, 'gru')).toBe(256);
    // GRU 256 with embedding 64 and 65 characters: 268,161 parameters; searching every width, LSTM 219 (268,120)
    // and RNN 452 (267,741) come nearest.
    expect(unitsForEqualParameters(small, 'lstm')).toBe(219);
    expect(unitsForEqualParameters(small, 'rnn')).toBe(452);
  });
});

describe('cellVariants', () => {
  it('lists each cell at the same width, then the other cells at equal parameters', () => {
    const variants = cellVariants(small, ['gru', 'lstm', 'rnn'], ['width', 'params']);
    expect(variants.map((v) => `${v.cell} ${v.units} ${v.match}`)).toEqual([
      'gru 256 width',
      'lstm 256 width',
      'rnn 256 width',
      'lstm 219 params',
      'rnn 452 params',
    ]);
    expect(variants[1].parameters).toBe(parameterCount({ ...small, cell: 'lstm' }));
  });

  it('keeps only the base cell when it is the one asked for', () => {
    expect(cellVariants(small, ['gru'], ['width', 'params'])).toHaveLength(1);
  });
});

describe('parsing', () => {
  it('reads a list of cells, any case, without repeats', () => {
    expect(parseCells('GRU, lstm,rnn,gru')).toEqual(['gru', 'lstm', 'rnn']);
    expect(() => parseCells('gru,transformer')).toThrow(/transformer/);
    expect(() => parseCells('')).toThrow();
  });

  it('reads width, params or both', () => {
    expect(parseMatch('both')).toEqual(['width', 'params']);
    expect(parseMatch('params')).toEqual(['params']);
    expect(() => parseMatch('flops')).toThrow(/flops/);
  });
});
