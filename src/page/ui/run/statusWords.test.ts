import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import type { ModelInfo, ProgressInfo } from './runState';
import { epochWords, runProgressWords, runSteps, speedWords, timeLeftWords } from './statusWords';

const model: ModelInfo = {
  runId: 'r',
  model: { vocabSize: 65, ...PRESETS.tiny.model },
  train: { ...PRESETS.tiny.train, epochs: 2 },
  parameters: 1,
  stepsPerEpoch: 100,
  source: 'new run',
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
    expect(timeLeftWords({ runState: 'training', step: 50, progress, model })).toBe('1 min 30 s');
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

  it("use the run's real length", () => {
    expect(runSteps(model)).toBe(200);
    expect(runProgressWords({ runState: 'training', step: 50, progress, model })).toBe('50 of 200 steps (25%)');
    expect(runProgressWords({ runState: 'idle', step: 0, progress: null, model: null })).toBeNull();
  });
});
