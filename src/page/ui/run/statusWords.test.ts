import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import type { ModelInfo, ProgressInfo } from './runState';
import { epochWords, modelOriginWords, runProgressWords, runSteps, speedWords, timeLeftWords } from './statusWords';

const model: ModelInfo = {
  runId: 'r',
  model: { vocabSize: 65, ...PRESETS.tiny.model },
  train: { ...PRESETS.tiny.train, epochs: 2 },
  parameters: 1,
  stepsPerEpoch: 100,
  source: 'new run',
  sourceStep: 0,
  textName: 'Tiny Shakespeare',
};
const progress: ProgressInfo = {
  epoch: 0,
  epochProgress: 0.5,
  trainLoss: 2,
  validationLoss: null,
  charsPerSec: 1234,
  etaSeconds: 90,
  skippedSteps: 0,
};

describe('speed and time left', () => {
  it('show the measured values while training', () => {
    expect(speedWords({ runState: 'training', step: 50, progress, model })).toBe('1,234 characters/s');
    expect(timeLeftWords({ runState: 'training', step: 50, progress, model })).toBe('about 1 min 30 s');
  });

  it('say "measuring…" until the worker has a speed', () => {
    const early = { ...progress, charsPerSec: 0, etaSeconds: null };
    expect(speedWords({ runState: 'training', step: 2, progress: early, model })).toBe('measuring…');
    expect(timeLeftWords({ runState: 'training', step: 2, progress: early, model })).toBe('measuring…');
  });

  it('show nothing stale while paused or stopped', () => {
    expect(speedWords({ runState: 'paused', step: 50, progress, model })).toBe('paused');
    expect(timeLeftWords({ runState: 'paused', step: 50, progress, model })).toBe('paused');
    expect(timeLeftWords({ runState: 'stopped', step: 50, progress, model })).toBe('—');
    expect(speedWords({ runState: 'idle', step: 0, progress: null, model: null })).toBe('—');
  });
});

describe('epoch and progress', () => {
  it('count the epoch from the step after a load (no progress event yet)', () => {
    expect(epochWords({ runState: 'paused', step: 150, progress: null, model })).toBe('2 of 2 (50% of epoch)');
    expect(epochWords({ runState: 'paused', step: 200, progress: null, model })).toBe('2 of 2 (done)');
    expect(epochWords({ runState: 'idle', step: 0, progress: null, model: null })).toBe('—');
  });

  it('round down like the run’s progress, and say how far through the text a plan is', () => {
    const oneEpoch = { ...model, train: { ...model.train, epochs: 1 } };
    const at = { ...progress, epoch: 0, epochProgress: 0.107 };
    expect(epochWords({ runState: 'training', step: 10, progress: at, model: oneEpoch })).toBe('1 of 1 (10% of epoch)');
    const plan = {
      trainFor: 5,
      budgetSeconds: 290,
      charactersPerSecond: 1,
      chosenNetwork: true,
      reason: '',
      trainedSeconds: 0,
    };
    const planned = { ...model, train: { ...model.train, epochs: 1, totalSteps: 509, plan } };
    expect(
      epochWords({ runState: 'training', step: 26, progress: { ...at, epochProgress: 0.26 }, model: planned }),
    ).toBe('1 (26% through the text)');
  });

  it("use the run's real length", () => {
    expect(runSteps(model)).toBe(200);
    expect(runProgressWords({ runState: 'training', step: 50, progress, model })).toBe('50 of 200 steps (25%)');
    expect(runProgressWords({ runState: 'idle', step: 0, progress: null, model: null })).toBeNull();
  });
});

describe('where the live weights came from', () => {
  it('names the source while the model is as it came, and the training since once it trained on', () => {
    const best = { source: 'best of the run (step 460)', sourceStep: 460 };
    expect(modelOriginWords(best, 460)).toBe('best of the run (step 460)');
    expect(modelOriginWords(best, 3333)).toBe('best of the run (step 460), then trained to step 3,333');
    expect(modelOriginWords({ source: 'new run', sourceStep: 0 }, 83)).toBe('new run');
  });
});
