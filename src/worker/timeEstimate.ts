// "Estimate time": a few timed training steps on a throwaway model of the chosen size, on the backend in
// use, measured as training measures itself (stepSpeed.ts: warm-up steps not timed, then smoothed).
// Everything is disposed afterwards.
import { CharModel } from './model/charModel';
import { Adam } from './model/adam';
import { initialWeights } from './model/init';
import { trainStep } from './model/trainStep';
import { validateConfig, type KernelPath, type ModelConfig, type TrainConfig } from '../shared/config';
import type { Batch } from '../shared/data/batches';
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
 * A quick timing for the run planner: one untimed step (pipeline compilation), then steps until `steps` are
 * timed or `maxSeconds` have passed (at least one); the median step, in milliseconds.
 */
export async function quickStepTime(
  config: ModelConfig,
  train: TrainConfig,
  fused: boolean,
  { steps = 4, maxSeconds = 3 }: { steps?: number; maxSeconds?: number } = {},
): Promise<number> {
  const model = new CharModel(config, initialWeights(config, train.seed));
  const adam = new Adam(model.weights);
  try {
    model.useKernels(fused);
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; times.length < steps; i++) {
      const batch = randomBatch(config.vocabSize, train.windowLength, train.batchSize, i);
      const t0 = performance.now();
      await trainStep(model, adam, batch, train);
      if (i > 0) times.push(performance.now() - t0);
      if (times.length > 0 && performance.now() - started > maxSeconds * 1000) break;
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    model.dispose();
    adam.dispose();
  }
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
