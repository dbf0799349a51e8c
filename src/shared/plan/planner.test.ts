import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config';
import { LADDER, shapeParameters } from './ladder';
import {
  candidateShapes,
  chooseShape,
  extendPlan,
  keyFor,
  nextShapeToMeasure,
  planFixedRun,
  planRun,
  planRunForCharacters,
  retimeRun,
  TRAINING_SHARE,
  type PlanInput,
  type SpeedTable,
} from './planner';
import { PRESETS } from '../config';
import { planSummary } from './planWords';
import { fastGpuSpeeds, softwareSpeeds, speedsLike as speedsLikeFor } from './deviceSpeeds';

const SHAKESPEARE = 1_115_394;
const VOCAB = 65;

const FAST_GPU = fastGpuSpeeds(VOCAB);
const SOFTWARE = softwareSpeeds(VOCAB);
const speedsLike = (atUnits: number, charactersPerSecond: number, exponent = 1): SpeedTable =>
  speedsLikeFor(VOCAB, atUnits, charactersPerSecond, exponent);

const input = (over: Partial<PlanInput>): PlanInput => ({
  characters: SHAKESPEARE,
  vocabSize: VOCAB,
  trainFor: 5,
  speeds: {},
  ...over,
});

describe('the network a plan chooses', () => {
  it('is at least GRU 512 for Tiny Shakespeare on a fast GPU', () => {
    const plan = planRun(input({ speeds: FAST_GPU }));
    expect(plan.model.units).toBeGreaterThanOrEqual(512);
    expect(plan.plan.chosenNetwork).toBe(true);
  });

  it('is small on a software GPU', () => {
    const plan = planRun(input({ speeds: SOFTWARE }));
    expect(plan.model.units).toBeLessThanOrEqual(64);
  });

  it('grows with the time given', () => {
    const units = [1, 3, 10, 30].map(
      (m) => planRun(input({ speeds: speedsLike(32, 20_000), trainFor: m })).model.units,
    );
    for (let i = 1; i < units.length; i++) expect(units[i]).toBeGreaterThanOrEqual(units[i - 1]);
    expect(units[3]).toBeGreaterThan(units[0]);
  });

  it('stays small for a short text however fast the device, and says why', () => {
    const { shape, reason } = chooseShape(input({ characters: 4_000, speeds: FAST_GPU, trainFor: 30 }));
    expect(shapeParameters(shape, VOCAB)).toBeLessThanOrEqual(LADDER.map((s) => shapeParameters(s, VOCAB))[1]);
    expect(reason).toMatch(/text/);
  });

  it('is GRU 128 at a budget of one million training characters (measured best, docs/run-planning.md)', () => {
    // Speeds for which every rung trains 1 M characters in the time: the choice then depends on the budget alone.
    const seconds = 300 * TRAINING_SHARE;
    const speeds = Object.fromEntries(LADDER.map((s) => [keyFor(s, VOCAB), 1e6 / seconds]));
    expect(chooseShape(input({ speeds })).shape.units).toBe(128);
  });

  it('asks for the speeds it needs, smallest first, and stops at the first network not worth its size', () => {
    const known: Record<string, number> = {};
    const measured: number[] = [];
    for (
      let shape = nextShapeToMeasure(input({ speeds: known }));
      shape;
      shape = nextShapeToMeasure(input({ speeds: known }))
    ) {
      measured.push(shape.units);
      known[keyFor(shape, VOCAB)] = SOFTWARE[keyFor(shape, VOCAB)];
    }
    expect(measured).toEqual([32, 64, 128].slice(0, measured.length));
    expect(measured.length).toBeLessThanOrEqual(3);
    expect(chooseShape(input({ speeds: known })).shape.units).toBe(planRun(input({ speeds: SOFTWARE })).model.units);
  });

  it('never offers a network whose batch the text cannot fill', () => {
    for (const shape of candidateShapes(input({ characters: 900 }))) {
      expect(shape.batchSize * (shape.windowLength + 1)).toBeLessThanOrEqual(900 * 0.9);
    }
  });
});

describe('the settings a plan writes', () => {
  it('are valid and fill the budget at the measured speed', () => {
    const plan = planRun(input({ speeds: SOFTWARE, trainFor: 5, spentSeconds: 15 }));
    expect(validateConfig(plan.model, plan.train)).toEqual([]);
    const perStep = plan.train.batchSize * plan.train.windowLength;
    const seconds = (plan.steps * perStep) / plan.plan.charactersPerSecond;
    expect(seconds).toBeGreaterThan(0.85 * 285);
    expect(seconds).toBeLessThanOrEqual(285);
    expect(plan.plan.budgetSeconds).toBe(285);
  });

  it('warm up, then decay, and evaluate often enough for a curve', () => {
    const { train, steps } = planRun(input({ speeds: SOFTWARE, trainFor: 1 }));
    expect(train.lrSchedule).toBe('cosine');
    expect(train.warmupSteps).toBeGreaterThan(0);
    expect(steps / train.evalEvery).toBeGreaterThanOrEqual(20);
    expect(train.validationBatches).toBeGreaterThanOrEqual(4);
  });

  it('do not stop early before the model has learned, and judge by steps, not evaluations', () => {
    const { train, steps } = planRun(input({ speeds: SOFTWARE, trainFor: 10 }));
    expect(train.minSteps).toBeGreaterThanOrEqual(0.25 * steps);
    expect(train.patienceSteps).toBeGreaterThanOrEqual(3 * train.evalEvery);
    expect(train.restoreBest).toBe(true);
  });

  it('checkpoint by time: a short run still saves, a long one is not flooded', () => {
    const short = planRun(input({ speeds: SOFTWARE, trainFor: 1 }));
    const long = planRun(input({ speeds: SOFTWARE, trainFor: 30 }));
    expect(short.steps / short.train.checkpointEvery).toBeGreaterThanOrEqual(1);
    expect(long.steps / long.train.checkpointEvery).toBeLessThanOrEqual(10);
  });

  it('time a network chosen by hand to the budget, keeping its own learning rate', () => {
    const preset = PRESETS.small;
    const speed = 10_000;
    const plan = planFixedRun(preset.model, preset.train, input({ trainFor: 3 }), speed);
    expect(plan.model).toEqual(preset.model);
    expect(plan.train.learningRate).toBe(preset.train.learningRate);
    expect(plan.plan.chosenNetwork).toBe(false);
    expect((plan.steps * 32 * 64) / speed).toBeCloseTo(180 * TRAINING_SHARE, -1);
  });
});

describe('a plan on the way', () => {
  it('is re-timed from the run’s own rate at a tenth, half and four fifths of the budget, once each', () => {
    const { train } = planRun(input({ speeds: SOFTWARE, trainFor: 5 }));
    const at = (trainedSeconds: number, retimes = 0) => ({
      ...train,
      plan: { ...train.plan!, trainedSeconds, retimes },
    });
    const budget = train.plan!.budgetSeconds;
    expect(retimeRun(at(0.05 * budget), 100, 1000)).toBeNull();
    // Half the speed measured: the run re-times to about half the steps.
    const slow = retimeRun(at(0.1 * budget), Math.round(0.05 * train.totalSteps!), 1e6)!;
    expect(slow.totalSteps! / train.totalSteps!).toBeCloseTo(0.5, 1);
    expect(slow.plan!.retimes).toBe(1);
    // The plan's pace is now the run's own, so its words say the time the rest will take.
    const pace = (Math.round(0.05 * train.totalSteps!) / (0.1 * budget)) * train.batchSize * train.windowLength;
    expect(slow.plan!.charactersPerSecond).toBe(Math.round(pace));
    expect(planSummary({ model: PRESETS.tiny.model, train: slow, parameters: 1 })).toMatch(/this run’s own pace/);
    expect(slow.minSteps! / slow.totalSteps!).toBeCloseTo(train.minSteps! / train.totalSteps!, 2);
    expect(retimeRun(at(0.2 * budget, 1), 100, 1e6)).toBeNull();
    expect(retimeRun(at(0.5 * budget, 1), 1000, 1e6)!.plan!.retimes).toBe(2);
    expect(retimeRun(at(0.7 * budget, 2), 1000, 1e6)).toBeNull();
    expect(retimeRun(at(0.85 * budget, 2), 1000, 1e6)!.plan!.retimes).toBe(3);
    expect(retimeRun(at(0.9 * budget, 3), 1000, 1e6)).toBeNull();
  });

  it('trains N more minutes from where it stands', () => {
    const { train } = planRun(input({ speeds: SOFTWARE, trainFor: 1 }));
    const done = { ...train, plan: { ...train.plan!, trainedSeconds: 60 } };
    const more = extendPlan(done, 500, 3);
    expect(more.totalSteps).toBeGreaterThan(500 + 3 * 500 * 0.8);
    expect(more.minSteps).toBeGreaterThan(500);
    expect(more.plan!.budgetSeconds).toBe(240);
  });
});

describe('a plan for a budget in characters', () => {
  it('trains about that many characters, whatever the machine', () => {
    const plan = planRunForCharacters({ characters: SHAKESPEARE, vocabSize: VOCAB, budgetCharacters: 1e6 });
    const trained = plan.steps * plan.train.batchSize * plan.train.windowLength;
    expect(trained / 1e6).toBeGreaterThan(0.97);
    expect(trained / 1e6).toBeLessThanOrEqual(1);
    expect(plan.model.units).toBe(128);
  });
});

describe('a plan for a cell', () => {
  it('keeps the GRU for Automatic, and sizes an LSTM with 4 gates: 4/3 of the recurrent parameters at a width', () => {
    expect(planRun(input({ speeds: FAST_GPU })).model.cell).toBe('gru');
    const lstm = planRun(input({ cell: 'lstm', speeds: FAST_GPU }));
    expect(lstm.model.cell).toBe('lstm');
    expect(validateConfig(lstm.model, lstm.train)).toEqual([]);
    const at = (cell: 'gru' | 'lstm', units: number) => {
      const shape = { ...LADDER.find((s) => s.units === units)!, cell };
      return shapeParameters(shape, VOCAB) - (VOCAB * shape.embeddingDim + VOCAB * units + VOCAB); // the cell's own
    };
    for (const units of [128, 512]) expect(at('lstm', units) / at('gru', units)).toBeCloseTo(4 / 3, 10);
    expect(lstm.parameters).toBe(
      shapeParameters({ ...LADDER.find((s) => s.units === lstm.model.units)!, cell: 'lstm' }, VOCAB),
    );
    expect(planSummary(lstm)).toMatch(/^LSTM \d+ × 1 layer/);
  });

  it('asks for the LSTM speeds under their own keys, and at a text limit picks no larger LSTM than GRU', () => {
    const first = nextShapeToMeasure(input({ cell: 'lstm' }));
    expect(first?.cell).toBe('lstm');
    expect(keyFor(first!, VOCAB)).toMatch(/^lstm32x1-/);
    expect(keyFor(LADDER[0], VOCAB)).toMatch(/^gru32x1-/); // GRU speeds kept from earlier runs still apply
    const short = { characters: 60_000, speeds: FAST_GPU };
    const gru = chooseShape(input(short)).shape.units;
    expect(chooseShape(input({ ...short, cell: 'lstm' })).shape.units).toBeLessThanOrEqual(gru);
    expect(chooseShape(input({ ...short, cell: 'rnn' })).shape.units).toBeGreaterThanOrEqual(gru);
  });
});
