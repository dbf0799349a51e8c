// The content of a folio checkpoint, independent of how it is stored (IndexedDB or an exported file).
import type { ModelConfig, TrainConfig } from '../config';
import type { LossHistory, TrainingSample } from '../training';
import type { CharMap } from '../data/rareCharacters';

export const CHECKPOINT_FORMAT = 'folio-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A float32 tensor in row-major order. */
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

/** Where the data pipeline stands, so a resumed run sees the same windows in the same order. */
export interface DataPosition {
  epoch: number;
  /** Batches of the current epoch already used. */
  batchInEpoch: number;
}

export interface AdamState {
  /** Updates applied so far (Adam's t). */
  step: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface CheckpointData {
  runId: string;
  name: string;
  createdAt: string;
  textName: string;
  /** FNV-1a hash of the training text, to tell whether a resume uses the same text. */
  textFingerprint: string;
  textCharacters: number;
  model: ModelConfig;
  train: TrainConfig;
  /** id -> character (one Unicode code point each). */
  vocabulary: string[];
  step: number;
  position: DataPosition;
  adam: AdamState;
  history: LossHistory;
  /** PyTorch names and layouts: embedding.weight, gru.weight_ih_l0, ... fc.bias. */
  weights: Record<string, StoredTensor>;
  /** Adam moments, keyed by weight name. */
  moments: { m: Record<string, StoredTensor>; v: Record<string, StoredTensor> };
  /** The run's most recent sample during training, when samples were on. */
  sample?: TrainingSample;
  /** Rare characters merged into one symbol of the vocabulary, when the run was started so. */
  charMap?: CharMap;
}

export const WEIGHT_NAMES = [
  'embedding.weight',
  'gru.weight_ih_l0',
  'gru.weight_hh_l0',
  'gru.bias_ih_l0',
  'gru.bias_hh_l0',
  'fc.weight',
  'fc.bias',
] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];

/** Shapes of every weight for a model config (PyTorch layout). */
export function weightShapes(m: ModelConfig): Record<WeightName, number[]> {
  const { vocabSize: v, embeddingDim: e, units: h } = m;
  return {
    'embedding.weight': [v, e],
    'gru.weight_ih_l0': [3 * h, e],
    'gru.weight_hh_l0': [3 * h, h],
    'gru.bias_ih_l0': [3 * h],
    'gru.bias_hh_l0': [3 * h],
    'fc.weight': [v, h],
    'fc.bias': [v],
  };
}

/** Raised for a file that is not a usable folio checkpoint; the message is for the user. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}
