import { describe, expect, it } from 'vitest';
import { initialConfigSlice, configReducer } from '../model/configState';
import { initialPlanSlice, planReducer } from './planState';
import { moreMinutes, nextStartWords, runPlanLines } from './runPlanWords';
import { PRESETS } from '../../../shared/config';
import type { ModelInfo } from './runState';

const tiny = PRESETS.tiny;
const plannedModel: ModelInfo = {
  runId: 'r1',
  model: { ...tiny.model, vocabSize: 40 },
  train: {
    ...tiny.train,
    totalSteps: 900,
    plan: {
      trainFor: 1,
      budgetSeconds: 54,
      charactersPerSecond: 2400,
      chosenNetwork: true,
      reason: 'the largest network this text supports',
      trainedSeconds: 0,
    },
  },
  parameters: 7900,
  stepsPerEpoch: 30,
  source: 'new run',
  sourceStep: 0,
  textName: 'letter.txt',
};

describe('the run settings', () => {
  it('start on Automatic for 5 minutes; a setting typed by hand makes them Custom', () => {
    expect(initialConfigSlice).toMatchObject({ preset: 'auto', trainFor: 5 });
    const edited = configReducer(initialConfigSlice, { type: 'configEdited', key: 'units', value: '64' });
    expect(edited.preset).toBe('custom');
    const named = configReducer(
      { ...initialConfigSlice, preset: 'small' },
      { type: 'configEdited', key: 'units', value: '64' },
    );
    expect(named.preset).toBe('small');
  });

  it('take the time of a loaded planned run', () => {
    const event = {
      type: 'modelReady',
      ...plannedModel,
      history: { train: [], validation: [] },
      step: 120,
    } as unknown as Parameters<typeof configReducer>[1];
    expect(configReducer(initialConfigSlice, event).trainFor).toBe(1);
  });
});

describe('the run plan', () => {
  it('says what Start will do before a run', () => {
    expect(nextStartWords({ preset: 'auto', trainFor: 5, epochs: '1' })).toMatch(
      /times a few networks.*up to 20 s.*in 5 minutes/,
    );
    expect(nextStartWords({ preset: 'tiny', trainFor: 1, epochs: '1' })).toMatch(/network in the settings.*1 minute/);
    expect(nextStartWords({ preset: 'tiny', trainFor: 'epochs', epochs: '3' })).toMatch(/No plan.*3 epochs/);
  });

  it('shows the network being timed, then the plan', () => {
    const measuring = planReducer(initialPlanSlice, {
      type: 'planning',
      measuring: 'GRU 64 · batch 16 × 32',
      elapsedSeconds: 3,
    });
    const facts = { ...measuring, preset: 'auto' as const, trainFor: 1 as const, model: null, epochs: '1' };
    expect(runPlanLines(facts)[0]).toMatch(/Measuring this device’s speed.*GRU 64.*3 s so far/);
    const failed = planReducer(measuring, { type: 'notice', level: 'error', message: 'no' });
    expect(failed.measuring).toBeNull();
    const lines = runPlanLines({ ...facts, measuring: null, calibrationSeconds: 4, model: plannedModel });
    expect(lines[0]).toMatch(/^GRU 32 × 1 layer \(7,900 parameters\): about 900 steps/);
    expect(lines[1]).toMatch(/^Train for 1 minute: chosen as the largest network this text supports/);
    expect(lines[2]).toBe('Timing this device took 4 s.');
  });

  it('offers more minutes only to a planned run', () => {
    expect(moreMinutes({ model: null, trainFor: 5 })).toBeNull();
    expect(moreMinutes({ model: plannedModel, trainFor: 10 })).toBe(10);
    expect(moreMinutes({ model: plannedModel, trainFor: 'epochs' })).toBe(1);
  });
});
