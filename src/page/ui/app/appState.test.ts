import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import type { LossPoint } from '../../../shared/training';
import type { ModelReadyEvent, ProgressEvent, WorkerEvent } from '../../../shared/protocol';
import { appReducer, initialAppState, type AppAction, type AppState } from './appState';
import { availability } from '../run/availability';

const run = (actions: AppAction[], from: AppState = initialAppState) => actions.reduce(appReducer, from);
const pts = (...steps: number[]): LossPoint[] => steps.map((step) => ({ step, loss: 4 - step / 100 }));

const textLoaded: WorkerEvent = {
  type: 'textLoaded',
  name: 'tiny.txt',
  characters: 100_000,
  distinctCharacters: 40,
  preview: 'First Citizen:',
};

function modelReady(history = { train: pts(1, 2), validation: pts(2) }): ModelReadyEvent {
  return {
    type: 'modelReady',
    runId: 'r1',
    model: { vocabSize: 40, ...PRESETS.small.model },
    train: PRESETS.small.train,
    parameters: 1234,
    step: 2,
    history,
    stepsPerEpoch: 40,
    source: 'fresh start',
    textName: 'rhyme.txt',
    hasText: true,
  };
}

function progress(step: number, newTrain: LossPoint[], newValidation: LossPoint[] = []): ProgressEvent {
  return {
    type: 'progress',
    step,
    epoch: 0,
    epochProgress: 0.5,
    trainLoss: 2,
    validationLoss: null,
    charsPerSec: 1000,
    kernels: 'fused',
    skippedSteps: 0,
    etaSeconds: 60,
    backend: 'webgpu',
    newTrain,
    newValidation,
  };
}

describe('appReducer', () => {
  it('appends progress points and never loses or repeats one', () => {
    const s = run([modelReady(), progress(4, pts(3, 4), pts(4)), progress(6, pts(4, 5, 6)), progress(6, [])]);
    expect(s.history.train.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.history.validation.map((p) => p.step)).toEqual([2, 4]);
    expect(s.step).toBe(6);
    expect(s.backend).toBe('webgpu');
    expect(s.progress?.etaSeconds).toBe(60);
  });

  it('replaces the history and fills the form when a model is ready', () => {
    const before = run([modelReady(), progress(9, pts(3, 9))]);
    const after = appReducer(before, modelReady({ train: pts(1), validation: [] }));
    expect(after.history.train.map((p) => p.step)).toEqual([1]);
    expect(after.history.validation).toEqual([]);
    expect(after.form.units).toBe(String(PRESETS.small.model.units));
    expect(after.model?.runId).toBe('r1');
  });

  it('changes run state only on runState events', () => {
    const s1 = run([textLoaded, modelReady()]);
    expect(s1.runState).toBe('idle');
    const s2 = appReducer(s1, { type: 'runState', state: 'training', step: 2 });
    expect(availability(s2)).toMatchObject({ canStart: false, canPause: true, canStop: true, canResume: false });
    const s3 = appReducer(s2, { type: 'runState', state: 'paused', step: 10, message: 'Saved.' });
    expect(s3).toMatchObject({ runState: 'paused', step: 10, runMessage: 'Saved.' });
    expect(availability(s3)).toMatchObject({ canPause: false, canResume: true, canStop: true, canStart: true });
    const s4 = appReducer(s3, { type: 'runState', state: 'stopped', step: 10 });
    expect(availability(s4)).toMatchObject({ canStop: false, canResume: true });
  });

  it('keeps how a run ended while it stays ended, for the coach and the status alike', () => {
    const ending = { outcome: 'earlyStopped' as const, best: { step: 175, loss: 2.29 }, restored: true };
    const s1 = run([textLoaded, modelReady(), { type: 'runState', state: 'training', step: 0 }]);
    expect(s1.runEnding).toBeNull();
    const s2 = appReducer(s1, { type: 'runState', state: 'stopped', step: 175, message: 'Stopped early', ending });
    expect(s2.runEnding).toEqual(ending);
    expect(appReducer(s2, modelReady()).runEnding).toEqual(ending); // Restore best adopts the best step's model
    expect(appReducer(s2, { type: 'runState', state: 'training', step: 175 }).runEnding).toBeNull();
  });

  it('streams generated text and clears it on the next start', () => {
    const s = run([
      modelReady(),
      { type: 'generationStarted', seed: 'RO§', unknownCharacters: ['§'] },
      { type: 'generated', text: 'ROMEO' },
      { type: 'generated', text: ':\nO' },
    ]);
    expect(s.generation).toMatchObject({ status: 'running', text: 'ROMEO:\nO', unknownCharacters: ['§'] });
    expect(availability(s)).toMatchObject({ canGenerate: false, canStopGenerating: true });
    const done = appReducer(s, { type: 'generationDone', reason: 'stopped', charsPerSec: 50 });
    expect(done.generation.status).toBe('done');
    expect(availability(done).canGenerate).toBe(true);
    const again = appReducer(done, { type: 'generationStarted', seed: 'A', unknownCharacters: [] });
    expect(again.generation.text).toBe('');
  });

  it('keeps the previous text when a new one is rejected', () => {
    const s = run([
      textLoaded,
      { type: 'textRequested', name: 'bad.bin', source: 'file' },
      { type: 'textRejected', name: 'bad.bin', message: 'Not text.' },
    ]);
    expect(s.text?.name).toBe('tiny.txt');
    expect(s).toMatchObject({ textPending: null, textError: 'Not text.' });
  });

  it('drops a pasted text’s error once another text is asked for (Tiny Shakespeare, from the cache or the network)', () => {
    const rejected = run([
      { type: 'textRequested', name: 'pasted text', source: 'paste' },
      { type: 'textRejected', name: 'pasted text', message: 'The pasted text is empty.' },
    ]);
    expect(rejected.textError).toBe('The pasted text is empty.');
    expect(appReducer(rejected, { type: 'downloadProgress', loaded: 0, total: null }).textError).toBeNull();
    expect(appReducer(rejected, { type: 'textRequested', name: 'x.txt', source: 'file' }).textError).toBeNull();
  });

  it('blocks Start until a text is loaded and the config and plan are usable', () => {
    expect(availability(initialAppState).startBlockers).toContain('Load a training text first.');
    const loaded = run([textLoaded]);
    expect(availability(loaded).canStart).toBe(true);
    expect(availability(loaded).plan?.stepsPerEpoch).toBeGreaterThan(0);
    const bad = appReducer(loaded, { type: 'configEdited', key: 'batchSize', value: '' });
    expect(availability(bad).canStart).toBe(false);
    expect(availability(bad).configProblems[0]).toMatch(/Batch size/);
    const tooShort = run([{ ...textLoaded, characters: 10 }]);
    expect(availability(tooShort).plan?.errors.length).toBeGreaterThan(0);
    expect(availability(tooShort).canStart).toBe(false);
  });

  it('fills the form from a preset', () => {
    const s = appReducer(initialAppState, { type: 'presetChosen', preset: 'reference' });
    expect(s.form.units).toBe('1024');
    expect(s.form.learningRate).toBe('0.001');
  });

  it('keeps the latest notices, and a crash turns the controls off', () => {
    let s = initialAppState;
    for (let i = 0; i < 10; i++) s = appReducer(s, { type: 'notice', level: 'info', message: `n${i}` });
    expect(s.notices.map((n) => n.message)).toEqual(['n4', 'n5', 'n6', 'n7', 'n8', 'n9']);
    s = appReducer(s, { type: 'noticeDismissed', id: s.notices[0].id });
    expect(s.notices).toHaveLength(5);
    const crashed = run([textLoaded, modelReady(), { type: 'workerCrashed', message: 'boom' }]);
    expect(availability(crashed)).toMatchObject({ canStart: false, canGenerate: false, canSave: false });
  });

  it('shows a checkpoint problem with the checkpoint it offers instead, until the list changes', () => {
    const previous = { id: 'p', name: 'step 40' } as AppState['checkpoints'][number];
    const s = run([{ type: 'checkpointProblem', message: 'Checkpoint “step 60” is damaged', offer: previous }]);
    expect(s).toMatchObject({ checkpointAlert: 'Checkpoint “step 60” is damaged', checkpointOffer: previous });
    expect(appReducer(s, { type: 'checkpointProblem', message: 'Browser storage is full' }).checkpointOffer).toBeNull();
    expect(appReducer(s, { type: 'checkpointsListed', checkpoints: [] })).toMatchObject({
      checkpointAlert: null,
      checkpointOffer: null,
    });
  });
});
