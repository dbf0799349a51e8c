// "Estimate time": a few timed training steps on a throwaway model of the chosen size, on the backend in
// use, measured as training measures itself (stepSpeed.ts: warm-up steps not timed, then smoothed).
// Everything is disposed afterwards.
import { CharModel } from './model/charModel';
import { Adam } from './model/adam';
import { initialWeights } from './model/init';
import { trainStep } from './model/trainStep';
import { validateConfig, type KernelPath, type ModelConfig, type TrainConfig } from '../shared/config';
import { CharDataset, type Batch } from '../shared/data/batches';
import { Trainer } from './model/trainer';
import { createRng } from '../shared/data/rng';
import { planCorpus } from '../shared/data/corpusPlan';
import { encodeForRun, type EncodedText } from '../shared/data/rareCharacters';
import { epochEstimate } from '../shared/data/advisor';
import type { BackendName } from '../shared/config';
import type { EstimateTimeRequest, TimeEstimateEvent } from '../shared/protocol';
import { errorText } from '../shared/errors';
import type { LoadedText } from './loadedText';
import { MIN_TIMED_STEPS, StepSpeed, WARMUP_STEPS } from './stepSpeed';

/** Steps timed after the warm-up ones: enough for StepSpeed to give a figure. */
export const TIMED_STEPS = MIN_TIMED_STEPS + 3;

/** Random ids of the right shape: step time does not depend on what the characters are. */
function randomBatch(vocabSize: number, time: number, batch: number, seed: number): Batch {
  const rng = createRng(seed);
  const ids = () => Int32Array.from({ length: time * batch }, () => rng.int(vocabSize));
  return { inputs: ids(), targets: ids(), time, batch };
}

/** Smoothed milliseconds per step (each step ends in a loss readback, so the GPU work is done). */
export async function timeTrainingSteps(
  config: ModelConfig,
  train: TrainConfig,
  fused: boolean,
  steps = TIMED_STEPS,
): Promise<{ msPerStep: number; kernels: KernelPath }> {
  const model = new CharModel(config, initialWeights(config, train.seed));
  const adam = new Adam(model.weights);
  try {
    const kernels = model.useKernels(fused);
    const speed = new StepSpeed();
    for (let i = 0; i < WARMUP_STEPS + Math.max(steps, MIN_TIMED_STEPS); i++) {
      const batch = randomBatch(config.vocabSize, train.windowLength, train.batchSize, i);
      const t0 = performance.now();
      await trainStep(model, adam, batch, train);
      speed.add(performance.now() - t0);
    }
    return { msPerStep: speed.msPerStep!, kernels };
  } finally {
    model.dispose();
    adam.dispose();
  }
}

/**
 * A quick timing for the run planner, of the loop a run trains in (Trainer.run, steps in flight): one untimed
 * step (pipeline compilation), one timed alone for a first figure, then as many more as fit half of
 * `maxSeconds` (2 to `loopSteps`) through the loop; milliseconds per step in the loop, its last drain included.
 */
export async function quickStepTime(
  config: ModelConfig,
  train: TrainConfig,
  fused: boolean,
  { maxSeconds = 3, loopSteps = 16 }: { maxSeconds?: number; loopSteps?: number } = {},
): Promise<number> {
  const model = new CharModel(config, initialWeights(config, train.seed));
  const adam = new Adam(model.weights);
  try {
    model.useKernels(fused);
    const timing: TrainConfig = { ...train, evalEvery: 1e9, checkpointEvery: 0, sampleEvery: 0, earlyStopPatience: 0 };
    const trainer = new Trainer(model, adam, randomDataset(config.vocabSize, timing, loopSteps + 2), timing);
    await trainer.trainOnce();
    const t0 = performance.now();
    await trainer.trainOnce();
    const alone = performance.now() - t0;
    const steps = Math.max(2, Math.min(loopSteps, Math.floor((maxSeconds * 500) / Math.max(alone, 1e-3))));
    trainer.train = { ...timing, totalSteps: trainer.step + steps };
    const t1 = performance.now();
    await trainer.run({ shouldStop: () => false, onStep: () => {} });
    return (performance.now() - t1) / steps;
  } finally {
    model.dispose();
    adam.dispose();
  }
}

/** Random text for `steps` training batches of `train`'s shape (and a validation part none of them reads). */
function randomDataset(vocabSize: number, train: TrainConfig, steps: number): CharDataset {
  const rng = createRng(train.seed);
  const length = Math.ceil((steps + 2) * train.batchSize * (train.windowLength + 1) * 1.5);
  return new CharDataset(
    Int32Array.from({ length }, () => rng.int(vocabSize)),
    train,
  );
}

export interface EstimateInput {
  text: EncodedText;
  request: EstimateTimeRequest;
  backend: BackendName;
  fused: boolean;
}

/** The answer to an estimateTime request: an estimate, or why there is none. */
export async function estimateEpochTime({ text, request, backend, fused }: EstimateInput): Promise<TimeEstimateEvent> {
  const refuse = (message: string): TimeEstimateEvent => ({ type: 'timeEstimate', estimate: null, message });
  const encoded = encodeForRun(text, request.mergeRareBelow);
  if ('problem' in encoded) return refuse(encoded.problem);
  const problems = validateConfig(request.model, request.train);
  const plan = planCorpus(encoded.ids.length, request.train);
  problems.push(...plan.errors);
  if (problems.length > 0) return refuse(problems.join(' '));
  const model: ModelConfig = { ...request.model, vocabSize: encoded.vocab.chars.length };
  try {
    const { msPerStep, kernels } = await timeTrainingSteps(model, request.train, fused);
    const { batchSize, windowLength } = request.train;
    return {
      type: 'timeEstimate',
      estimate: { ...epochEstimate(msPerStep, plan.stepsPerEpoch), backend, kernels, model, batchSize, windowLength },
    };
  } catch (e) {
    return refuse(`The timed steps failed: ${errorText(e)}`);
  }
}

/** The answer to an estimateTime request: refused while training (it would skew both) or without a text. */
export async function timeEstimateFor(
  training: boolean,
  text: LoadedText | null,
  request: EstimateTimeRequest,
  backend: BackendName,
  fused: boolean,
): Promise<TimeEstimateEvent> {
  const refuse = (message: string): TimeEstimateEvent => ({ type: 'timeEstimate', estimate: null, message });
  if (training) return refuse('Pause training first: the timed steps would slow the run and skew the measurement.');
  if (!text) return refuse('Choose a training text first.');
  return estimateEpochTime({ text, request, backend, fused });
}
