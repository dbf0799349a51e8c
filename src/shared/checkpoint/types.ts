// The content of a folio checkpoint, independent of how it is stored (IndexedDB or an exported file).
import { layerCount, type ModelConfig, type TrainConfig } from '../config';
import type { LossHistory, TrainingSample } from '../training';
import type { CharMap } from '../data/rareCharacters';

export const CHECKPOINT_FORMAT = 'folio-checkpoint';
/** 2 added stacked layers (gru.*_l1, gru.*_l2) and dropout; version-1 files hold one layer and still load. */
export const CHECKPOINT_VERSION = 2;
export const READABLE_VERSIONS: readonly number[] = [1, 2];

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

/** A weight's PyTorch state_dict name: embedding.weight, gru.weight_ih_l0, ... fc.bias. */
export type WeightName = string;

/** The four tensors of GRU layer l, named as nn.GRU names them. */
export function gruLayerNames(l: number): string[] {
  return [`gru.weight_ih_l${l}`, `gru.weight_hh_l${l}`, `gru.bias_ih_l${l}`, `gru.bias_hh_l${l}`];
}

/** Every weight of a model, in a fixed order: embedding, GRU layer 0, 1, ..., output layer. */
export function weightNames(m: Pick<ModelConfig, 'layers'>): WeightName[] {
  const gru = Array.from({ length: layerCount(m) }, (_, l) => gruLayerNames(l)).flat();
  return ['embedding.weight', ...gru, 'fc.weight', 'fc.bias'];
}

/** Shapes of every weight for a model config (PyTorch layout; layer l > 0 reads H inputs, not E). */
export function weightShapes(m: ModelConfig): Record<WeightName, number[]> {
  const { vocabSize: v, embeddingDim: e, units: h } = m;
  const shapes: Record<WeightName, number[]> = { 'embedding.weight': [v, e], 'fc.weight': [v, h], 'fc.bias': [v] };
  for (let l = 0; l < layerCount(m); l++) {
    const [wih, whh, bih, bhh] = gruLayerNames(l);
    Object.assign(shapes, { [wih]: [3 * h, l === 0 ? e : h], [whh]: [3 * h, h], [bih]: [3 * h], [bhh]: [3 * h] });
  }
  return shapes;
}

/** Raised for a file that is not a usable folio checkpoint; the message is for the user. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}
