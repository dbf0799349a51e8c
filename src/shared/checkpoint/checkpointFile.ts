// A folio checkpoint as one self-describing safetensors file: PyTorch-named weights (load_state_dict works),
// Adam moments under optimizer.adam.{m,v}.*, and config, vocabulary and run state in the header metadata.
import {
  LIMITS,
  TRAIN_DEFAULTS,
  validateConfig,
  withModelDefaults,
  type ModelConfig,
  type TrainConfig,
} from '../config';
import type { CheckpointReason, CheckpointSummary } from './summary';
import type { LossHistory, TrainingSample } from '../training';
import { charMapProblem, type CharMap } from '../data/rareCharacters';
import { encodeSafetensors, parseSafetensors } from './safetensors';
import { checkLayerTensors } from './layerTensors';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointFormatError,
  READABLE_VERSIONS,
  weightNames,
  weightShapes,
  type CheckpointData,
  type StoredTensor,
} from './types';

const M_PREFIX = 'optimizer.adam.m.';
const V_PREFIX = 'optimizer.adam.v.';

/** Files larger than this are refused before they are read. */
export const MAX_CHECKPOINT_BYTES = 1024 * 1024 * 1024;

export function encodeCheckpoint(c: CheckpointData): Uint8Array {
  const tensors: Record<string, StoredTensor> = {};
  const names = weightNames(c.model);
  for (const name of names) tensors[name] = c.weights[name];
  for (const name of names) tensors[M_PREFIX + name] = c.moments.m[name];
  for (const name of names) tensors[V_PREFIX + name] = c.moments.v[name];
  const state = {
    runId: c.runId,
    name: c.name,
    createdAt: c.createdAt,
    textName: c.textName,
    textFingerprint: c.textFingerprint,
    textCharacters: c.textCharacters,
    step: c.step,
    position: c.position,
    adam: c.adam,
  };
  return encodeSafetensors({
    metadata: {
      format: CHECKPOINT_FORMAT,
      version: String(CHECKPOINT_VERSION),
      model: JSON.stringify(withModelDefaults(c.model)), // cell, layers and dropout always written out
      train: JSON.stringify(c.train),
      vocabulary: JSON.stringify(c.vocabulary),
      state: JSON.stringify(state),
      history: JSON.stringify(c.history),
      ...(c.sample ? { sample: JSON.stringify(c.sample) } : {}),
      ...(c.charMap ? { charMap: JSON.stringify(c.charMap) } : {}),
    },
    tensors,
  });
}

/** The one way in for stored and imported checkpoints: every check happens before anything is used. */
export function parseCheckpoint(bytes: Uint8Array): CheckpointData {
  if (bytes.length > MAX_CHECKPOINT_BYTES) {
    throw new CheckpointFormatError(
      `The file is ${(bytes.length / 2 ** 20).toFixed(0)} MB, over the 1024 MB limit for checkpoints.`,
    );
  }
  const { metadata: meta, tensors } = parseSafetensors(bytes);
  if (meta.format !== CHECKPOINT_FORMAT)
    throw new CheckpointFormatError(
      'This file holds model weights, but it is not a folio checkpoint (it lacks folio’s format tag).',
    );
  if (!READABLE_VERSIONS.map(String).includes(meta.version)) {
    throw new CheckpointFormatError(
      `This checkpoint has format version ${meta.version}; this folio reads versions ${READABLE_VERSIONS[0]} to ${READABLE_VERSIONS.at(-1)}.`,
    );
  }
  const model = withDefaultsIfObject(readJson<ModelConfig>(meta, 'model'));
  const train = withTrainDefaults(readJson<TrainConfig>(meta, 'train'));
  const vocabulary = readJson<unknown>(meta, 'vocabulary');
  const state = readJson<Record<string, unknown>>(meta, 'state');
  const history = readJson<LossHistory>(meta, 'history');
  checkModel(model, train, vocabulary);
  const shapes = weightShapes(model);
  const expected = new Set<string>();
  const take = (name: string, shape: number[]): StoredTensor => {
    expected.add(name);
    const t = tensors[name];
    if (!t) throw new CheckpointFormatError(`The tensor "${name}" is missing.`);
    if (t.shape.join(',') !== shape.join(',')) {
      throw new CheckpointFormatError(`The tensor "${name}" has shape [${t.shape}], but the model needs [${shape}].`);
    }
    if (!t.data.every(Number.isFinite))
      throw new CheckpointFormatError(`The tensor "${name}" holds NaN or infinite values.`);
    return t;
  };
  const weights = {} as CheckpointData['weights'];
  const moments = { m: {}, v: {} } as CheckpointData['moments'];
  checkLayerTensors(tensors, model);
  for (const name of weightNames(model)) {
    weights[name] = take(name, shapes[name]);
    moments.m[name] = take(M_PREFIX + name, shapes[name]);
    moments.v[name] = take(V_PREFIX + name, shapes[name]);
  }
  const extra = Object.keys(tensors).filter((n) => !expected.has(n));
  if (extra.length > 0)
    throw new CheckpointFormatError(`The file has tensors folio does not know: ${extra.slice(0, 3).join(', ')}.`);
  return {
    runId: str(state.runId, 'runId'),
    name: str(state.name, 'name'),
    createdAt: str(state.createdAt, 'createdAt'),
    textName: str(state.textName, 'textName'),
    textFingerprint: str(state.textFingerprint, 'textFingerprint'),
    textCharacters: int(state.textCharacters, 'textCharacters'),
    step: int(state.step, 'step'),
    position: checkPosition(state.position),
    adam: checkAdam(state.adam),
    model,
    train,
    vocabulary: vocabulary as string[],
    history: checkHistory(history),
    weights,
    moments,
    ...readExtras(meta, vocabulary as string[]),
  };
}

/** Model settings added after a checkpoint was written (cell, layers, dropout) take their defaults: one GRU layer. */
function withDefaultsIfObject(model: ModelConfig): ModelConfig {
  return typeof model === 'object' && model !== null ? withModelDefaults(model) : model;
}

/** Settings added after a checkpoint was written take their defaults: it trains as it did. */
function withTrainDefaults(train: TrainConfig): TrainConfig {
  return typeof train === 'object' && train !== null ? { ...TRAIN_DEFAULTS, ...train } : train;
}

/** The optional entries: the latest training sample and the rare-character map. */
function readExtras(
  meta: Record<string, string>,
  vocabulary: string[],
): { sample?: TrainingSample; charMap?: CharMap } {
  const extras: { sample?: TrainingSample; charMap?: CharMap } = {};
  if (meta.sample !== undefined) {
    const s = readJson<TrainingSample>(meta, 'sample');
    if (!Number.isSafeInteger(s?.step) || typeof s.seed !== 'string' || typeof s.text !== 'string') {
      throw new CheckpointFormatError('The checkpoint\'s "sample" entry is malformed.');
    }
    extras.sample = { step: s.step, seed: s.seed, text: s.text };
  }
  if (meta.charMap !== undefined) {
    const map = readJson<CharMap>(meta, 'charMap');
    const problem = charMapProblem(map, vocabulary);
    if (problem) throw new CheckpointFormatError(`The checkpoint's character map does not fit: ${problem}`);
    extras.charMap = { symbol: map.symbol, below: map.below, merged: [...map.merged] };
  }
  return extras;
}

export function checkpointSummary(
  c: CheckpointData,
  id: string,
  sizeBytes: number,
  reason: CheckpointReason,
): CheckpointSummary {
  const lastTrain = c.history.train.at(-1);
  const lastVal = c.history.validation.at(-1);
  return {
    id,
    name: c.name,
    runId: c.runId,
    reason,
    step: c.step,
    trainLoss: lastTrain?.loss ?? null,
    validationLoss: lastVal?.loss ?? null,
    createdAt: c.createdAt,
    sizeBytes,
    model: c.model,
    textName: c.textName,
    ...(c.sample ? { sample: c.sample } : {}),
  };
}

function readJson<T>(meta: Record<string, string>, key: string): T {
  if (meta[key] === undefined)
    throw new CheckpointFormatError(`The checkpoint is incomplete: it has no “${key}” entry.`);
  try {
    return JSON.parse(meta[key]) as T;
  } catch {
    throw new CheckpointFormatError(`The checkpoint is damaged: its “${key}” entry cannot be read.`);
  }
}

function checkModel(model: ModelConfig, train: TrainConfig, vocabulary: unknown): void {
  if (typeof model !== 'object' || model === null || typeof train !== 'object' || train === null) {
    throw new CheckpointFormatError('The checkpoint has no model or training settings.');
  }
  const [lo, hi] = LIMITS.vocabSize;
  if (!Number.isInteger(model.vocabSize) || model.vocabSize < lo || model.vocabSize > hi) {
    throw new CheckpointFormatError(
      `The checkpoint declares ${model.vocabSize} characters; folio supports ${lo} to ${hi}.`,
    );
  }
  const problems = validateConfig(model, train);
  if (problems.length > 0)
    throw new CheckpointFormatError(`The checkpoint's settings are out of range: ${problems[0]}`);
  if (!Array.isArray(vocabulary) || vocabulary.length !== model.vocabSize) {
    throw new CheckpointFormatError("The vocabulary does not match the model's output layer.");
  }
  const seen = new Set<string>();
  for (const ch of vocabulary) {
    if (typeof ch !== 'string' || [...ch].length !== 1)
      throw new CheckpointFormatError('The vocabulary holds an entry that is not one character.');
    if (seen.has(ch)) throw new CheckpointFormatError('The vocabulary lists a character twice.');
    seen.add(ch);
  }
}

function checkHistory(h: LossHistory): LossHistory {
  const ok = (a: unknown) =>
    Array.isArray(a) && a.every((p) => typeof p?.step === 'number' && typeof p?.loss === 'number');
  if (!h || !ok(h.train) || !ok(h.validation))
    throw new CheckpointFormatError("The checkpoint's loss history is malformed.");
  return h;
}

function checkPosition(p: unknown): CheckpointData['position'] {
  const pos = p as CheckpointData['position'];
  if (
    !pos ||
    !Number.isSafeInteger(pos.epoch) ||
    !Number.isSafeInteger(pos.batchInEpoch) ||
    pos.epoch < 0 ||
    pos.batchInEpoch < 0
  ) {
    throw new CheckpointFormatError("The checkpoint's data position is malformed.");
  }
  return { epoch: pos.epoch, batchInEpoch: pos.batchInEpoch };
}

function checkAdam(a: unknown): CheckpointData['adam'] {
  const adam = a as CheckpointData['adam'];
  const unit = (x: number) => Number.isFinite(x) && x >= 0 && x < 1;
  if (
    !adam ||
    !Number.isSafeInteger(adam.step) ||
    adam.step < 0 ||
    !unit(adam.beta1) ||
    !unit(adam.beta2) ||
    !(adam.epsilon > 0)
  ) {
    throw new CheckpointFormatError("The checkpoint's optimizer state is malformed.");
  }
  return { step: adam.step, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon };
}

function str(v: unknown, key: string): string {
  if (typeof v !== 'string') throw new CheckpointFormatError(`The checkpoint's "${key}" is missing.`);
  return v;
}

function int(v: unknown, key: string): number {
  if (!Number.isSafeInteger(v) || (v as number) < 0)
    throw new CheckpointFormatError(`The checkpoint's "${key}" is not a count.`);
  return v as number;
}
