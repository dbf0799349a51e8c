import { describe, expect, it } from 'vitest';
import { coachAdvice, highLoss, HIGH_LOSS, recentTrainLoss } from './coach';
import type { LossHistory } from './training';

/** A history with an evaluation every 10 steps: `train[i]` is the training loss at the steps up to evaluation i. */
function curves(train: number[], validation: number[]): LossHistory {
  return {
    train: train.flatMap((loss, i) => [1, 5, 10].map((d) => ({ step: i * 10 + d, loss }))),
    validation: validation.map((loss, i) => ({ step: (i + 1) * 10, loss })),
  };
}

describe('coachAdvice', () => {
  it('waits for the first evaluation, then names it until there is a trend', () => {
    expect(coachAdvice({ train: [{ step: 1, loss: 4 }], validation: [] }).verdict).toBe('waiting');
    const one = coachAdvice(curves([4], [3.9]));
    expect(one.verdict).toBe('waiting');
    expect(one.text).toMatch(/^First validation loss 3\.90 at step 10/);
  });

  it('says a run whose validation loss keeps falling is going well', () => {
    const advice = coachAdvice(curves([3, 2.6, 2.3, 2.1, 1.9], [3, 2.7, 2.4, 2.2, 2.0]));
    expect(advice.verdict).toBe('improving');
    expect(advice.text).toBe('Going well: validation loss fell from 2.70 to 2.00 over the last 4 evaluations.');
  });

  it('calls overfitting when validation is far above training and rising, and points at the best step', () => {
    const advice = coachAdvice(curves([2, 1.6, 1.3, 1.1, 0.9, 0.7], [2.0, 1.7, 1.6, 1.7, 1.8, 1.9]));
    expect(advice.verdict).toBe('overfitting');
    expect(advice.text).toContain('since step 30');
    expect(advice.text).toMatch(/dropout, a smaller model or more text, and “Restore best”/);
  });

  it('does not call a small rise with no gap overfitting', () => {
    const advice = coachAdvice(curves([1.5, 1.5, 1.5, 1.5], [1.5, 1.45, 1.5, 1.5]));
    expect(advice.verdict).toBe('plateau');
  });

  it('calls both losses high and flat underfitting', () => {
    const advice = coachAdvice(curves([3.1, 3.05, 3.05, 3.04, 3.04], [3.1, 3.08, 3.07, 3.07, 3.06]));
    expect(advice.verdict).toBe('underfitting');
    expect(advice.text).toMatch(/more GRU units, another layer or a higher learning rate/);
    const lstm = coachAdvice(curves([3.1, 3.05, 3.05, 3.04, 3.04], [3.1, 3.08, 3.07, 3.07, 3.06]), {
      cellLabel: 'LSTM',
    });
    expect(lstm.text).toMatch(/more LSTM units, another layer/);
  });

  it('calls a low flat curve a plateau, not underfitting', () => {
    expect(coachAdvice(curves([1.4, 1.4, 1.4, 1.4], [1.45, 1.45, 1.44, 1.44])).verdict).toBe('plateau');
  });

  it('judges "high" against the vocabulary: 1.2 nats is high for four letters', () => {
    const flat = curves([1.2, 1.2, 1.2, 1.2], [1.2, 1.2, 1.2, 1.2]);
    expect(coachAdvice(flat, { vocabSize: 4 }).verdict).toBe('underfitting');
    expect(coachAdvice(flat, { vocabSize: 65 }).verdict).toBe('plateau');
    expect(highLoss(10_000)).toBe(HIGH_LOSS);
  });

  it('says what to lower when the loss is not finite, before anything else', () => {
    const good = curves([3, 2.6, 2.3, 2.1], [3, 2.7, 2.4, 2.2]);
    const skipped = coachAdvice(good, { skippedSteps: 3 });
    expect(skipped.verdict).toBe('diverging');
    expect(skipped.text).toMatch(/3 steps skipped.*Lower the learning rate.*gradient clip/);
    expect(coachAdvice({ train: [], validation: [] }, { latestTrainLoss: Number.NaN }).verdict).toBe('diverging');
  });
});

describe('recentTrainLoss', () => {
  it('averages the training loss since the previous evaluation', () => {
    const train = [1, 2, 3, 4].map((loss, i) => ({ step: i + 1, loss }));
    expect(recentTrainLoss(train, 2, 4)).toBe(3.5);
    expect(recentTrainLoss(train, 4, 4)).toBe(4); // nothing in the window: the latest point before
    expect(recentTrainLoss([], 0, 4)).toBeNull();
  });

  it('agrees with early stopping: a run it stopped is never "going well"', () => {
    // A fall over the last evaluations, but no new best for longer than the patience.
    const validation = [3, 2.4, 2.2, 2.1, 2.3, 2.25, 2.2, 2.15].map((loss, i) => ({ step: (i + 1) * 20, loss }));
    const train = validation.map((p) => ({ step: p.step, loss: p.loss - 0.05 }));
    const rule = { earlyStopPatience: 4, patienceSteps: undefined, minSteps: 0 };
    const advice = coachAdvice({ train, validation }, { earlyStop: rule });
    expect(advice.verdict).toBe('stoppedAtBest');
    expect(advice.text).toMatch(/after step 80 \(2\.10\)/);
    expect(coachAdvice({ train, validation }).verdict).not.toBe('stoppedAtBest');
  });

  it('reads the worker’s ending first: after Restore best the curve ends falling, yet the run stopped early', () => {
    // The restored history ends at the best step, still falling: the curve alone would say "going well".
    const validation = [3, 2.6, 2.45, 2.35, 2.29].map((loss, i) => ({ step: (i + 1) * 35, loss }));
    const train = validation.map((p) => ({ step: p.step, loss: p.loss - 0.1 }));
    expect(coachAdvice({ train, validation }).verdict).toBe('improving');
    const best = validation.at(-1)!;
    const stopped = coachAdvice({ train, validation }, { ending: { outcome: 'earlyStopped', best, restored: true } });
    expect(stopped.verdict).toBe('stoppedAtBest');
    expect(stopped.text).toMatch(
      /after step 175 \(2\.29\), so training stopped, and the model holds that step’s weights/,
    );
    // A finished plan with the curve still falling: the coach says more training would help, not "going well".
    const finished = coachAdvice({ train, validation }, { ending: { outcome: 'finished', best, restored: false } });
    expect(finished.verdict).toBe('improving');
    expect(finished.text).toMatch(/^The run has ended with the validation loss still falling.*Resume trains on/);
  });

  it('after a planned run that used its time, points to a longer run when the time chose the network', () => {
    const validation = [3, 2.2, 2.0, 1.995, 1.99, 1.988, 1.987].map((loss, i) => ({ step: (i + 1) * 50, loss }));
    const train = validation.map((p) => ({ step: p.step, loss: p.loss + 0.01 }));
    const ending = { outcome: 'finished' as const, best: validation.at(-1)!, restored: true };
    const capped = coachAdvice({ train, validation }, { ending, longerRunHelps: true });
    expect(capped.text).toMatch(/^The run is over: best validation loss 1\.99 at step 350.*A longer “Train for”/);
    const byText = coachAdvice({ train, validation }, { ending, longerRunHelps: false });
    expect(byText.text).not.toMatch(/A longer/);
    expect(byText.text).toMatch(/Resume trains on from here/);
  });
});
