// The training loop with steps in flight against the sequential loop (one step read before the next is queued):
// the same model, batches and seed, trained by the app's Trainer.run; every loss, validation loss, weight and
// Adam moment compared bit for bit, the moments and weights read afresh from the GPU. `poisonAt` makes one
// step's loss non-finite (the output bias is NaN while that batch is queued, the good bias is put back for the
// next), so a skipped step in flight and the steps queued after it are exercised too. For e2e/loop.spec.ts.
import * as tf from '../worker/tfjs';
import { Adam } from '../worker/model/adam';
import { CharModel } from '../worker/model/charModel';
import { initialWeights } from '../worker/model/init';
import { Trainer, type StepReport } from '../worker/model/trainer';
import { CharDataset } from '../shared/data/batches';
import { buildVocabulary, encodeText } from '../shared/data/vocabulary';
import { PRESETS, type TrainConfig } from '../shared/config';
import type { DataPosition } from '../shared/checkpoint/types';
import { freshBytes, sha256 } from '../worker/liveState';
import type { FlightCounts } from '../worker/model/stepsInFlight';

const TEXT = 'Now is the winter of our discontent made glorious summer by this sun of York. '.repeat(30);

export interface LoopOptions {
  /** The run's length (applied steps). */
  steps: number;
  /** Steps in flight (1: the sequential loop). */
  depth: number;
  /** Data positions (batch in epoch 0) whose step is made non-finite. */
  poisonAt?: number[];
  layers?: number;
  dropout?: number;
  evalEvery?: number;
  /** A save is asked for when this step is reported (as the page's Save does mid-run); it lands where the loop settles. */
  saveAskedAt?: number;
  /** A save at exactly this step (as an autosave is due). */
  saveAt?: number;
  /** A stop is asked for when this step is reported (as Pause does mid-run). */
  stopAskedAt?: number;
}

export interface LoopRun {
  /** Every report, in order: step, loss, whether applied. */
  reports: Array<Pick<StepReport, 'step' | 'loss' | 'applied' | 'gradNorm'>>;
  validation: Array<{ step: number; loss: number }>;
  outcome: string;
  step: number;
  position: DataPosition;
  skippedSteps: number;
  adamStep: number;
  /** SHA-256 of each weight and moment as the GPU holds it after the run. */
  tensors: Record<string, string>;
  counts: FlightCounts | null;
  /** What the save (saveAskedAt or saveAt) saw: the step, and each tensor's SHA-256 read from the GPU then. */
  saved: { step: number; tensors: Record<string, string> } | null;
  /** Live tensors after the run, relative to before the model existed. */
  tensorsHeld: number;
}

/** Makes the step at the batches in `poisonAt` non-finite, through the dataset the trainer reads batches from. */
function poisonBatches(trainer: Trainer, model: CharModel, poisonAt: number[]): () => void {
  const data = trainer.data;
  const original = data.trainBatch.bind(data);
  const bias = model.weights['fc.bias'];
  let good: tf.Tensor | null = null;
  let poisoned = false;
  data.trainBatch = (pos: DataPosition) => {
    // Queued in order with the steps: the bias a step reads is the one assigned when its batch was taken.
    const at = (p: number) => pos.epoch === 0 && poisonAt.includes(p);
    if (at(pos.batchInEpoch)) {
      if (!poisoned) {
        good?.dispose();
        good = tf.clone(bias); // the weights the skipped steps leave alone
      }
      const nan = tf.fill(bias.shape, Number.NaN);
      bias.assign(nan);
      nan.dispose();
      poisoned = true;
    } else if (good && at(pos.batchInEpoch - 1)) {
      bias.assign(good); // after the poisoned batches (again, when a skipped step's followers are queued again)
      poisoned = false;
    }
    return original(pos);
  };
  return () => good?.dispose();
}

export async function trainLoop(opts: LoopOptions): Promise<LoopRun> {
  const before = tf.memory().numTensors;
  const vocab = buildVocabulary(TEXT);
  const train: TrainConfig = {
    ...PRESETS.tiny.train,
    batchSize: 4,
    windowLength: 12,
    learningRate: 0.01,
    epochs: 1000,
    totalSteps: opts.steps, // the run ends on its own: a stop request lands after the steps in flight
    evalEvery: opts.evalEvery ?? 10,
    validationBatches: 2,
    earlyStopPatience: 0,
  };
  const config = { vocabSize: vocab.chars.length, embeddingDim: 8, units: 24, layers: opts.layers ?? 1 };
  const model = new CharModel({ ...config, dropout: opts.dropout ?? 0 }, initialWeights(config, 11));
  model.useKernels(true);
  const adam = new Adam(model.weights);
  const trainer = new Trainer(model, adam, new CharDataset(encodeText(TEXT, vocab).ids, train), train);
  trainer.stepsInFlight = opts.depth;
  const release = poisonBatches(trainer, model, opts.poisonAt ?? []);
  const reports: LoopRun['reports'] = [];
  let saveAsked = false;
  let stopAsked = false;
  let saved: LoopRun['saved'] = null;
  try {
    const outcome = await trainer.run({
      shouldStop: () => stopAsked,
      onStep: ({ step, loss, applied, gradNorm }) => {
        reports.push({ step, loss, applied, gradNorm });
        if (step === opts.saveAskedAt) saveAsked = true;
        if (step === opts.stopAskedAt) stopAsked = true;
      },
      needsState: (step) => saveAsked || step === opts.saveAt,
      afterStep: async (step, live) => {
        if (!live || !(saveAsked || step === opts.saveAt)) return;
        saveAsked = false;
        saved = { step, tensors: await liveHashes(model, adam) };
      },
    });
    const tensors = await liveHashes(model, adam);
    release();
    model.dispose();
    adam.dispose();
    return {
      reports,
      validation: trainer.history.validation,
      outcome,
      step: trainer.step,
      position: trainer.position,
      skippedSteps: trainer.skippedSteps,
      adamStep: adam.state.step,
      tensors,
      counts: trainer.lastFlight,
      saved,
      tensorsHeld: tf.memory().numTensors - before,
    };
  } catch (e) {
    model.dispose();
    adam.dispose();
    throw e;
  }
}

/** SHA-256 of every weight and Adam moment, read afresh from the GPU. */
async function liveHashes(model: CharModel, adam: Adam<string>): Promise<Record<string, string>> {
  const tensors: Record<string, string> = {};
  const { m, v } = adam.momentTensors(); // GPU copies of the live moments, made in queue order
  try {
    for (const name of model.names) {
      tensors[name] = await sha256(await freshBytes(model.weights[name]));
      tensors[`m.${name}`] = await sha256(await freshBytes(m[name]));
      tensors[`v.${name}`] = await sha256(await freshBytes(v[name]));
    }
  } finally {
    tf.dispose([...Object.values(m), ...Object.values(v)]);
  }
  return tensors;
}
