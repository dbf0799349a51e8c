// The `loop` path of the benchmark: the app's own Trainer.run, as a person's run goes (an evaluation every
// EVAL_EVERY steps, VALIDATION_BATCHES batches each, like a plan's 5% share), with steps in flight against the
// sequential loop (each step read before the next is queued), in alternating rounds on one model shape.
// Per loop: characters per second, readbacks and waits per step (counted), dispatches per step, the worker's
// JavaScript time per step (queueing a step: what no GPU makes smaller), and one evaluation's readbacks.
import { Adam } from '../worker/model/adam';
import { CharModel } from '../worker/model/charModel';
import { initialWeights } from '../worker/model/init';
import { STEPS_IN_FLIGHT, Trainer } from '../worker/model/trainer';
import type { FlightCounts } from '../worker/model/stepsInFlight';
import { CharDataset } from '../shared/data/batches';
import { createRng } from '../shared/data/rng';
import { PRESETS, type TrainConfig } from '../shared/config';
import type { BenchShape } from './benchConfigs';
import { watchPrograms } from './programWatch';
import { GpuStepTimer } from './gpuStepTimer';
import { median } from './median';

export const EVAL_EVERY = 20;
const VALIDATION_BATCHES = 4;

export interface LoopFigures {
  /** Steps in flight (1: the sequential loop). */
  depth: number;
  charsPerSec: number;
  msPerStep: number;
  /** Readbacks of step results per step, and times the worker waited on one (evaluations apart). */
  readbacksPerStep: number;
  readWaitsPerStep: number;
  /** Times per step the worker waited for the GPU to finish a step (a fence, no readback). */
  fenceWaitsPerStep: number;
  /** The worker's JavaScript per step, queueing it. */
  encodeMsPerStep: number;
  /** Programs per step, evaluations and reads included. */
  dispatchesPerStep: number;
}

export interface LoopBench {
  sequential: LoopFigures;
  pipelined: LoopFigures;
  /** Characters per second of steps in flight over the sequential loop's. */
  speedup: number;
  /** Readbacks of one evaluation. */
  readbacksPerEvaluation: number;
  /** Every depth tried (1, 2, 4, 8) when asked for: how deep a queue pays. */
  depths?: LoopFigures[];
  /**
   * The GPU's own time per step (timestamp-query; median of one more round with steps in flight), and the
   * loop's time per step in that round: their ratio is how busy the loop keeps the GPU. Null without the feature.
   */
  gpu: { gpuMsPerStep: number; loopMsPerStep: number; stepsTimed: number } | null;
}

/** A model and its run at the bench shape, on random text (speed does not depend on what it reads). */
function loopSetup(s: BenchShape, steps: number) {
  const rng = createRng(5);
  const ids = Int32Array.from({ length: (steps + 8) * s.batch * s.window * 1.3 }, () => rng.int(s.vocab));
  const train: TrainConfig = {
    ...PRESETS.tiny.train,
    batchSize: s.batch,
    windowLength: s.window,
    learningRate: s.learningRate,
    clipNorm: s.clipNorm,
    validationShare: 0.2,
    evalEvery: EVAL_EVERY,
    validationBatches: VALIDATION_BATCHES,
    checkpointEvery: 0,
    sampleEvery: 0,
    earlyStopPatience: 0,
    epochs: 1000,
  };
  const config = { cell: s.cell, vocabSize: s.vocab, embeddingDim: s.embed, units: s.units };
  const model = new CharModel(config, initialWeights(config, 3));
  model.useKernels(true);
  const adam = new Adam(model.weights);
  const trainer = new Trainer(model, adam, new CharDataset(ids, train), train);
  return { trainer, dispose: () => (model.dispose(), adam.dispose()) };
}

/** `steps` more steps of `trainer` with `depth` in flight, watched. */
async function timeLoop(trainer: Trainer, s: BenchShape, depth: number, steps: number): Promise<LoopFigures> {
  trainer.stepsInFlight = depth;
  trainer.train = { ...trainer.train, totalSteps: trainer.step + steps };
  const started = performance.now();
  const { watch } = await watchPrograms(() => trainer.run({ shouldStop: () => false, onStep: () => {} }));
  const ms = performance.now() - started;
  const c = trainer.lastFlight as FlightCounts;
  return {
    depth,
    charsPerSec: (1000 * steps * s.batch * s.window) / ms,
    msPerStep: ms / steps,
    readbacksPerStep: c.readbacks / steps,
    readWaitsPerStep: c.readWaits / steps,
    fenceWaitsPerStep: c.fenceWaits / steps,
    encodeMsPerStep: c.encodeMs / c.steps,
    dispatchesPerStep: watch.programs / steps,
  };
}

/** One more round with steps in flight, each step's two ends timestamped on the GPU (gpuStepTimer.ts). */
async function timeGpu(trainer: Trainer, s: BenchShape, steps: number): Promise<LoopBench['gpu']> {
  const timer = GpuStepTimer.start(steps);
  if (!timer) return null;
  let figures: LoopFigures;
  let durations: number[] = [];
  try {
    figures = await timeLoop(trainer, s, STEPS_IN_FLIGHT, steps);
  } finally {
    durations = await timer.stop(); // the listener goes even when the round fails
  }
  const gpuMsPerStep = median(durations);
  return gpuMsPerStep === null
    ? null
    : { gpuMsPerStep, loopMsPerStep: figures.msPerStep, stepsTimed: durations.length };
}

/** The median round by speed, its counts from the same round. */
const medianRound = (rounds: LoopFigures[]) =>
  [...rounds].sort((a, b) => a.charsPerSec - b.charsPerSec)[Math.floor(rounds.length / 2)];

/**
 * Sequential and pipelined loops in alternating rounds of `steps` steps each (one untimed warm-up round of
 * each first, which compiles every program), on one model; with `allDepths`, depths 2 and 8 too.
 */
export async function loopBench(s: BenchShape, steps: number, rounds = 3, allDepths = false): Promise<LoopBench> {
  const depths = allDepths ? [1, 2, STEPS_IN_FLIGHT, 8].filter((d, i, a) => a.indexOf(d) === i) : [1, STEPS_IN_FLIGHT];
  const { trainer, dispose } = loopSetup(s, (rounds + 1) * depths.length * steps);
  try {
    const samples = new Map<number, LoopFigures[]>(depths.map((d) => [d, []]));
    for (const d of depths) await timeLoop(trainer, s, d, Math.min(steps, EVAL_EVERY)); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const d of r % 2 ? [...depths].reverse() : depths)
        samples.get(d)!.push(await timeLoop(trainer, s, d, steps));
      console.info(`[bench] ${s.config} loop round ${r + 1}/${rounds}`);
    }
    const gpu = await timeGpu(trainer, s, steps);
    const evaluation = await watchPrograms(() => trainer.evaluate());
    const all = depths.map((d) => medianRound(samples.get(d)!));
    const sequential = all[0];
    const pipelined = all[depths.indexOf(STEPS_IN_FLIGHT)];
    return {
      sequential,
      pipelined,
      speedup: pipelined.charsPerSec / sequential.charsPerSec,
      readbacksPerEvaluation: evaluation.watch.readbacks,
      gpu,
      ...(allDepths ? { depths: all } : {}),
    };
  } finally {
    dispose();
  }
}
