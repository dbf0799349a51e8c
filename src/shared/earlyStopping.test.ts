import { describe, expect, it } from 'vitest';
import { earlyStopMessage, judgeValidation } from './earlyStopping';

const points = (...losses: number[]) => losses.map((loss, i) => ({ step: (i + 1) * 10, loss }));

describe('judgeValidation', () => {
  it('has no best and never stops before an evaluation', () => {
    expect(judgeValidation([], 1)).toEqual({
      best: null,
      sinceBest: 0,
      stepsSinceBest: 0,
      improved: false,
      stop: false,
    });
  });

  it('marks an evaluation that beats every earlier one as an improvement', () => {
    expect(judgeValidation(points(3, 2.5), 2)).toMatchObject({
      best: { step: 20, loss: 2.5 },
      sinceBest: 0,
      improved: true,
      stop: false,
    });
  });

  it('counts evaluations since the best and stops when patience is used up', () => {
    expect(judgeValidation(points(3, 2, 2.1), 2)).toMatchObject({ sinceBest: 1, improved: false, stop: false });
    expect(judgeValidation(points(3, 2, 2.1, 2.05), 2)).toMatchObject({ best: { step: 20 }, sinceBest: 2, stop: true });
  });

  it('treats an equal loss as no improvement', () => {
    expect(judgeValidation(points(2, 2), 1)).toMatchObject({
      best: { step: 10 },
      sinceBest: 1,
      improved: false,
      stop: true,
    });
  });

  it('never stops with patience 0', () => {
    expect(judgeValidation(points(1, 2, 3, 4, 5, 6), 0).stop).toBe(false);
  });

  it('starts counting again after a new best', () => {
    expect(judgeValidation(points(3, 2.5, 2.6, 2.4, 2.45), 2)).toMatchObject({
      best: { step: 40 },
      sinceBest: 1,
      stop: false,
    });
  });

  it('ignores non-finite losses when looking for the best', () => {
    expect(judgeValidation(points(Number.NaN, 2), 3)).toMatchObject({ best: { step: 20 }, improved: true });
  });

  it('names the best in its message', () => {
    expect(earlyStopMessage(judgeValidation(points(3, 2, 2.5, 2.6), 2))).toMatch(/2 evaluation.*2\.000 at step 20/);
  });

  it('with a plan, counts steps since the best and waits for the minimum step', () => {
    const rule = { earlyStopPatience: 5, patienceSteps: 30, minSteps: 0 };
    // points at steps 10, 20, …: best at 20
    expect(judgeValidation(points(3, 2, 2.1, 2.2), rule)).toMatchObject({ stepsSinceBest: 20, stop: false });
    expect(judgeValidation(points(3, 2, 2.1, 2.2, 2.3), rule)).toMatchObject({ stepsSinceBest: 30, stop: true });
    expect(judgeValidation(points(3, 2, 2.1, 2.2, 2.3), { ...rule, minSteps: 60 })).toMatchObject({ stop: false });
    expect(judgeValidation(points(3, 2, 2.1, 2.2, 2.3, 2.4), { ...rule, minSteps: 60 })).toMatchObject({ stop: true });
  });

  it('with a plan, a single evaluation more does not stop a run whose steps say wait', () => {
    const rule = { earlyStopPatience: 1, patienceSteps: 1000, minSteps: 0 };
    expect(judgeValidation(points(3, 2, 2.1), rule).stop).toBe(false);
  });

  it('never stops with early stopping off, plan or not', () => {
    expect(judgeValidation(points(3, 2, 2.1, 2.2, 2.3), { earlyStopPatience: 0, patienceSteps: 10 }).stop).toBe(false);
  });
});
