import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../shared/config';
import type { ModelReadyEvent, WorkerEvent } from '../../../shared/protocol';
import type { TrainingSample } from '../../../shared/training';
import {
  initialTrainingInfoState,
  trainingInfoReducer,
  mergeRareBelow,
  type TrainingInfoState,
} from './trainingInfoState';
import type { AppAction } from '../app/actions';

const run = (actions: AppAction[], from: TrainingInfoState = initialTrainingInfoState) =>
  actions.reduce(trainingInfoReducer, from);
const sample = (step: number): TrainingSample => ({ step, seed: 'A:', text: `text at ${step}` });
const sampled = (step: number, runId = 'r1'): WorkerEvent => ({ type: 'trainingSample', runId, sample: sample(step) });

function ready(runId: string, step: number): ModelReadyEvent {
  return {
    type: 'modelReady',
    runId,
    model: { vocabSize: 40, ...PRESETS.tiny.model },
    train: PRESETS.tiny.train,
    parameters: 1,
    step,
    history: { train: [], validation: [] },
    stepsPerEpoch: 10,
    source: 'new run',
    textName: 'rhyme.txt',
    hasText: true,
  };
}

describe('trainingInfoReducer', () => {
  it("collects a run's samples in step order and starts again for another run", () => {
    const s = run([ready('r1', 0), sampled(10), sampled(20)]);
    expect(s.samples.map((x) => x.step)).toEqual([10, 20]);
    expect(run([ready('r2', 0)], s).samples).toEqual([]);
    expect(run([sampled(5, 'r3')], s).samples.map((x) => x.step)).toEqual([5]);
  });

  it('drops samples after the step a checkpoint of the same run goes back to', () => {
    const s = run([ready('r1', 0), sampled(10), sampled(20), sampled(30), ready('r1', 20)]);
    expect(s.samples.map((x) => x.step)).toEqual([10, 20]);
    expect(run([sampled(30)], s).samples.map((x) => x.step)).toEqual([10, 20, 30]);
  });

  it('keeps the histogram of the loaded text and forgets an estimate for another text', () => {
    const histogram = [{ char: 'a', count: 3 }];
    const withEstimate = { ...initialTrainingInfoState, estimate: { msPerStep: 1 } as TrainingInfoState['estimate'] };
    const s = run(
      [{ type: 'textLoaded', name: 't', characters: 3, distinctCharacters: 1, preview: 'aaa', histogram }],
      withEstimate,
    );
    expect(s).toMatchObject({ histogram, estimate: null });
  });

  it('shows an estimate is running until the worker answers, with an estimate or a reason', () => {
    const s = run([{ type: 'estimateRequested' }]);
    expect(s.estimating).toBe(true);
    const refused = run([{ type: 'timeEstimate', estimate: null, message: 'Pause training first.' }], s);
    expect(refused).toMatchObject({ estimating: false, estimateMessage: 'Pause training first.' });
  });

  it('follows the learning rate and keeps its identity for events it does not use', () => {
    expect(
      run([
        {
          type: 'progress',
          step: 1,
          epoch: 0,
          epochProgress: 0,
          trainLoss: 1,
          validationLoss: null,
          charsPerSec: 1,
          etaSeconds: null,
          backend: 'cpu',
          kernels: 'reference',
          newTrain: [],
          newValidation: [],
          skippedSteps: 0,
          learningRate: 0.5,
        },
      ]).learningRate,
    ).toBe(0.5);
    const s = run([{ type: 'notice', level: 'info', message: 'hi' }]);
    expect(s).toBe(initialTrainingInfoState);
  });

  it('sends the merge threshold only when merging is on', () => {
    expect(mergeRareBelow(initialTrainingInfoState)).toBeUndefined();
    expect(
      mergeRareBelow(
        run([
          { type: 'mergeRareChosen', merge: true },
          { type: 'rareBelowEdited', value: '3' },
        ]),
      ),
    ).toBe(3);
    expect(
      mergeRareBelow(
        run([
          { type: 'mergeRareChosen', merge: true },
          { type: 'rareBelowEdited', value: ' ' },
        ]),
      ),
    ).toBeNaN();
  });
});
