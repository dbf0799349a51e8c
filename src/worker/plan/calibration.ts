// Planning a run on this device: time the networks the planner asks about (a few steps each on the backend
// and kernels that will train), then let it choose. Speeds the page kept from earlier runs are not timed
// again. The calibration stops at its time limit; networks not timed by then are not chosen.
import type { ModelConfig, TrainConfig } from '../../shared/config';
import { shapeKey, shapeLabel, shapeModel } from '../../shared/plan/ladder';
import {
  keyFor,
  nextShapeToMeasure,
  planFixedRun,
  planRun,
  speedKeyFor,
  type PlanInput,
  type RunPlan,
  type SpeedTable,
} from '../../shared/plan/planner';
import { calibrationLimitSeconds } from '../../shared/plan/trainFor';
import type { RunBudget, StartRequest } from '../../shared/protocol';
import { quickStepTime } from '../timeEstimate';

export interface CalibrationInput {
  request: StartRequest & { budget: RunBudget };
  characters: number;
  vocabSize: number;
  fused: boolean;
  /** Told which network is being timed. */
  onMeasuring(label: string, elapsedSeconds: number): void;
  now?: () => number;
}

export interface CalibratedPlan extends RunPlan {
  measured: SpeedTable;
  calibrationSeconds: number;
}

/** Times what the plan needs and makes the plan. */
export async function calibrateAndPlan(c: CalibrationInput): Promise<CalibratedPlan> {
  const now = c.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  const { budget } = c.request;
  const limit = calibrationLimitSeconds(budget.trainFor);
  const speeds: Record<string, number> = { ...budget.knownSpeeds };
  const measured: Record<string, number> = {};
  const input = (): PlanInput => ({
    characters: c.characters,
    vocabSize: c.vocabSize,
    cell: c.request.model.cell, // Automatic keeps the cell asked for and sizes the network for it
    trainFor: budget.trainFor,
    speeds,
    spentSeconds: elapsed(),
    validationShare: c.request.train.validationShare,
    seed: c.request.train.seed,
  });
  const time = async (key: string, label: string, model: ModelConfig, train: TrainConfig) => {
    c.onMeasuring(label, elapsed());
    const msPerStep = await quickStepTime(model, train, c.fused, { maxSeconds: Math.max(1, Math.min(3, limit / 4)) });
    speeds[key] = measured[key] = (train.batchSize * train.windowLength * 1000) / msPerStep;
  };

  let plan: RunPlan;
  if (budget.chooseNetwork) {
    for (let shape = nextShapeToMeasure(input()); shape; shape = nextShapeToMeasure(input())) {
      // The smallest network is always timed; others only while the calibration has time left.
      if (Object.keys(speeds).length > 0 && elapsed() >= limit) break;
      const train = {
        ...c.request.train,
        batchSize: shape.batchSize,
        windowLength: shape.windowLength,
        learningRate: shape.learningRate,
      };
      await time(
        keyFor(shape, c.vocabSize),
        `${shapeLabel(shape)} · batch ${shape.batchSize} × ${shape.windowLength}`,
        { ...shapeModel(shape), vocabSize: c.vocabSize },
        train,
      );
    }
    plan = planRun(input());
  } else {
    const { model, train } = c.request;
    const key = speedKeyFor(
      shapeKey({ ...model, batchSize: train.batchSize, windowLength: train.windowLength }),
      c.vocabSize,
    );
    if (!(speeds[key] > 0)) {
      await time(
        key,
        `${shapeLabel(model)} · batch ${train.batchSize} × ${train.windowLength}`,
        { ...model, vocabSize: c.vocabSize },
        train,
      );
    }
    plan = planFixedRun(model, train, input(), speeds[key]);
  }
  return { ...plan, measured, calibrationSeconds: elapsed() };
}
