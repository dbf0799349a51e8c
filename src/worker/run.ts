// A live run: the trainer with what the worker keeps beside it, how it becomes a checkpoint, and how a
// checkpoint becomes a run again.
import type { CheckpointData } from '../shared/checkpoint/types';
import { parameterCount, validateConfig } from '../shared/config';
import { CharDataset } from '../shared/data/batches';
import { planCorpus } from '../shared/data/corpusPlan';
import { defaultRunName } from '../shared/checkpoint/names';
import { encodeForRun, vocabularyWithMap } from '../shared/data/rareCharacters';
import type { Vocabulary } from '../shared/data/vocabulary';
import type { ModelReadyEvent, StartRequest } from '../shared/protocol';
import { Adam } from './model/adam';
import { CharModel } from './model/charModel';
import { initialWeights } from './model/init';
import { Trainer } from './model/trainer';
import { captureCheckpoint, restoreTrainer, type RunIdentity } from './model/snapshot';
import { gpuSizeProblem } from './backend';
import { CELL_KERNELS, windowFloatsPerUnit } from './kernels/gru/cellKernel';
import { cellOf } from '../shared/cell';
import { fitTextToRun, type LoadedText } from './loadedText';
import { RunExtras } from './runExtras';
import { sampleSeedText } from './trainingSamples';

export interface Run {
  trainer: Trainer;
  identity: RunIdentity;
  vocab: Vocabulary;
  /** False after loading a checkpoint until a matching text is there to train on. */
  hasData: boolean;
  /** Samples, the best-validation snapshot and the rare-character map. */
  extras: RunExtras;
  /** Seconds spent training (evaluations and saves included, pauses not): a planned run's clock. */
  trainedSeconds: number;
}

/**
 * Checks a Start request against the text before anything is allocated: a problem in plain words, or a
 * function that builds the new run (model, optimizer, trainer) for the fused or the plain-ops kernels.
 */
export function planNewRun(
  text: LoadedText,
  req: StartRequest,
): { problem: string } | { create: (fused: boolean) => Run } {
  const encoded = encodeForRun(text, req.mergeRareBelow);
  if ('problem' in encoded) return { problem: encoded.problem };
  const problems = validateConfig(req.model, req.train);
  const dataset = new CharDataset(encoded.ids, req.train);
  problems.push(...dataset.plan.errors);
  // The largest GPU buffer of a step: the fused path's saved state or gradient rows, (5 GRU, 6 LSTM, 2 RNN)·T·B·H floats.
  const perUnit = windowFloatsPerUnit(CELL_KERNELS[cellOf(req.model)]);
  const sizeProblem = gpuSizeProblem(perUnit * req.train.windowLength * req.train.batchSize * req.model.units);
  if (sizeProblem) problems.push(sizeProblem);
  if (problems.length > 0) return { problem: problems.join(' ') };
  return {
    create: (fused) => {
      const config = { ...req.model, vocabSize: encoded.vocab.chars.length };
      const model = new CharModel(config, initialWeights(config, req.train.seed));
      model.useKernels(fused);
      const trainer = new Trainer(model, new Adam(model.weights), dataset, req.train);
      const runId = `run-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
      const name = req.runName?.trim() || defaultRunName(req.model, text.name, new Date());
      const identity = {
        runId,
        name,
        textName: text.name,
        textFingerprint: text.fingerprint,
        textCharacters: text.ids.length,
        vocabulary: encoded.vocab.chars,
      };
      const extras = new RunExtras(encoded.charMap, sampleSeedText(text.text));
      return { trainer, identity, vocab: encoded.vocab, hasData: true, extras, trainedSeconds: 0 };
    },
  };
}

/** The run as a checkpoint, under the run's name: every tensor of one moment (see model/tensorSnapshot.ts). */
export async function captureRun(run: Run): Promise<CheckpointData> {
  const data = await captureCheckpoint(run.trainer, run.identity);
  const plan = data.train.plan ? { ...data.train.plan, trainedSeconds: run.trainedSeconds } : undefined;
  return { ...data, ...(plan ? { train: { ...data.train, plan } } : {}), ...run.extras.checkpointExtras() };
}

/** A paused run holding a checkpoint's state, with no text to train on yet; the caller disposes it. */
export function runFromCheckpoint(data: CheckpointData, fused: boolean): Run {
  const vocab = vocabularyWithMap(data.vocabulary, data.charMap ?? null);
  const trainer = restoreTrainer(data, new CharDataset(new Int32Array(0), data.train));
  trainer.model.useKernels(fused);
  const { runId, name, textName, textFingerprint, textCharacters, vocabulary } = data;
  const identity: RunIdentity = { runId, name, textName, textFingerprint, textCharacters, vocabulary };
  const trainedSeconds = data.train.plan?.trainedSeconds ?? 0;
  return { trainer, identity, vocab, hasData: false, extras: RunExtras.fromCheckpoint(data), trainedSeconds };
}

/** Gives a restored run a text to train on, if it suits the run's vocabulary (a warning when it barely does). */
export function attachTextToRun(run: Run, text: LoadedText | null): { problem: string } | { warning?: string } {
  const fit = fitTextToRun(text, { vocab: run.vocab, ...run.identity });
  if ('problem' in fit) return { problem: fit.problem };
  run.trainer.data = new CharDataset(fit.ids, run.trainer.train);
  run.hasData = true;
  run.extras.attachText(text!.text);
  return fit.warning ? { warning: fit.warning } : {};
}

/** Tells the page which model is live now, where it came from, and its history so far. */
export function modelReadyEvent(
  { trainer, identity, hasData }: Run,
  source: string,
  checkpointId?: string,
): ModelReadyEvent {
  return {
    type: 'modelReady',
    runId: identity.runId,
    model: trainer.model.config,
    train: trainer.train,
    parameters: parameterCount(trainer.model.config),
    step: trainer.step,
    history: { train: [...trainer.history.train], validation: [...trainer.history.validation] },
    // Without its text yet, a loaded run's epochs are counted on the length of the text it was trained on.
    stepsPerEpoch: hasData
      ? trainer.data.plan.stepsPerEpoch
      : planCorpus(identity.textCharacters, trainer.train).stepsPerEpoch,
    source,
    ...(checkpointId ? { checkpointId } : {}),
    textName: identity.textName,
    hasText: hasData,
  };
}

export function disposeRun(run: Run): void {
  run.trainer.model.dispose();
  run.trainer.adam.dispose();
}
