import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATION_SETTINGS as D, filtersFrom, generateRequest, gridRequest } from './generationSettings';

describe('generation settings', () => {
  it('sends plain temperature sampling by default, with no filter switched on', () => {
    expect(generateRequest(D, 65)).toEqual({
      type: 'generate',
      seed: 'ROMEO:',
      length: 1000,
      temperature: 0.8,
      samplingSeed: 1,
      filters: {},
    });
  });
  it('turns filled-in fields into filters, and empty ones off', () => {
    expect(filtersFrom({ ...D, topK: '5', topP: '0.9', repetitionPenalty: '1.3' })).toEqual({
      topK: 5,
      topP: 0.9,
      repetitionPenalty: 1.3,
      penaltyWindow: 64,
    });
    expect(filtersFrom({ ...D, topK: ' ', penaltyWindow: '8' })).toEqual({});
  });
  it('asks for beam search, and replaces the seed when branching', () => {
    const req = generateRequest({ ...D, method: 'beam', beamWidth: '6', length: '200' }, 65, 'ROMEO: I a');
    expect(req).toEqual({
      type: 'generate',
      seed: 'ROMEO: I a',
      length: 200,
      temperature: 0.8,
      samplingSeed: 1,
      beamWidth: 6,
    });
  });
  it('explains what is wrong', () => {
    expect(generateRequest({ ...D, topK: '0', topP: '2' }, 65)).toEqual([
      'Top-k must be a whole number from 1 to 65 (the vocabulary size).',
      'Top-p must be a number above 0 and at most 1.',
    ]);
    expect(generateRequest({ ...D, method: 'beam', beamWidth: '1' }, 65)).toEqual([
      'Beam width must be a whole number from 2 to 16.',
    ]);
    expect(generateRequest({ ...D, length: '0', temperature: '' })).toHaveLength(2);
  });
  it('builds a temperature grid request from the list', () => {
    expect(gridRequest({ ...D, length: '100', topK: '3' })).toEqual({
      type: 'temperatureGrid',
      seed: 'ROMEO:',
      length: 100,
      temperatures: [0.2, 0.5, 0.8, 1, 1.3],
      samplingSeed: 1,
      filters: { topK: 3 },
    });
    expect(gridRequest({ ...D, gridTemperatures: '0.5' })).toEqual(['The temperature grid needs 2 to 8 temperatures.']);
    expect(gridRequest({ ...D, length: '5000' })).toHaveLength(1);
  });
});
