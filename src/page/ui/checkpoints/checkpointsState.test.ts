import { describe, expect, it } from 'vitest';
import { checkpointReducer, initialCheckpointSlice } from './checkpointsState';
import { summary } from '../../../test/testCheckpoints';
import type { ModelReadyEvent } from '../../../shared/protocol';
import { PRESETS } from '../../../shared/config';

const ready = (checkpointId?: string): ModelReadyEvent => ({
  type: 'modelReady',
  runId: 'run-a',
  model: { vocabSize: 3, ...PRESETS.tiny.model },
  train: PRESETS.tiny.train,
  parameters: 1,
  step: 0,
  history: { train: [], validation: [] },
  stepsPerEpoch: 10,
  source: 'x',
  textName: 't',
  hasText: false,
  ...(checkpointId ? { checkpointId } : {}),
});

describe('the loaded checkpoint', () => {
  it('is marked when the worker says the model came from it, and stays marked across listings', () => {
    let s = checkpointReducer(initialCheckpointSlice, {
      type: 'checkpointsListed',
      checkpoints: [summary('a'), summary('b')],
    });
    s = checkpointReducer(s, ready('b'));
    expect(s.checkpoints.filter((c) => c.loaded).map((c) => c.id)).toEqual(['b']);
    s = checkpointReducer(s, { type: 'checkpointsListed', checkpoints: [summary('c'), summary('a'), summary('b')] });
    expect(s.checkpoints.filter((c) => c.loaded).map((c) => c.id)).toEqual(['b']);
  });

  it('is unmarked when a new run starts', () => {
    let s = checkpointReducer(initialCheckpointSlice, { type: 'checkpointsListed', checkpoints: [summary('a')] });
    s = checkpointReducer(s, ready('a'));
    s = checkpointReducer(s, ready());
    expect(s.checkpoints.some((c) => c.loaded)).toBe(false);
    expect(s.loadedCheckpointId).toBeNull();
  });

  it('is unmarked once training goes on from it (the weights are no longer the checkpoint’s)', () => {
    let s = checkpointReducer(initialCheckpointSlice, { type: 'checkpointsListed', checkpoints: [summary('a')] });
    s = checkpointReducer(s, ready('a'));
    s = checkpointReducer(s, { type: 'runState', state: 'paused', step: 0 });
    expect(s.loadedCheckpointId).toBe('a');
    s = checkpointReducer(s, { type: 'runState', state: 'training', step: 0 });
    expect(s.checkpoints.some((c) => c.loaded)).toBe(false);
    expect(s.loadedCheckpointId).toBeNull();
  });
});
