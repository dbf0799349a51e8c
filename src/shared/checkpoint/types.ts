// The content of a folio checkpoint, independent of how it is stored (IndexedDB or an exported file).
import { layerCount, type ModelConfig, type TrainConfig } from '../config';
import { CELL_GATES, cellOf, type CellName } from '../cell';
import type { LossHistory, TrainingSample } from '../training';
import type { CharMap } from '../data/rareCharacters';

export const CHECKPOINT_FORMAT = 'folio-checkpoint';
/**
 * 2 added stacked layers (gru.*_l1, gru.*_l2) and dropout; 3 added the cell (lstm.*, rnn.* beside gru.*).
 * Version-1 and 2 files are GRUs and still load.
 */
export const CHECKPOINT_VERSION = 3;
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3];

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
  /** PyTorch names and layouts: embedding.weight, gru.weight_ih_l0 (lstm.*, rnn.*), ... fc.bias. */
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

/** The four tensors of layer l of a cell, named as nn.GRU, nn.LSTM and nn.RNN name them. */
export function cellLayerNames(cell: CellName, l: number): string[] {
  return [`${cell}.weight_ih_l${l}`, `${cell}.weight_hh_l${l}`, `${cell}.bias_ih_l${l}`, `${cell}.bias_hh_l${l}`];
}

/** The four tensors of GRU layer l (the fused kernels' layers). */
export const gruLayerNames = (l: number): string[] => cellLayerNames('gru', l);

/** Every weight of a model, in a fixed order: embedding, cell layer 0, 1, ..., output layer. */
export function weightNames(m: Pick<ModelConfig, 'layers' | 'cell'>): WeightName[] {
  const cell = cellOf(m);
  const layers = Array.from({ length: layerCount(m) }, (_, l) => cellLayerNames(cell, l)).flat();
  return ['embedding.weight', ...layers, 'fc.weight', 'fc.bias'];
}

/** Shapes of every weight for a model config (PyTorch layout: G·H rows; layer l > 0 reads H inputs, not E). */
export function weightShapes(m: ModelConfig): Record<WeightName, number[]> {
  const { vocabSize: v, embeddingDim: e, units: h } = m;
  const cell = cellOf(m);
  const rows = CELL_GATES[cell] * h;
  const shapes: Record<WeightName, number[]> = { 'embedding.weight': [v, e], 'fc.weight': [v, h], 'fc.bias': [v] };
  for (let l = 0; l < layerCount(m); l++) {
    const [wih, whh, bih, bhh] = cellLayerNames(cell, l);
    Object.assign(shapes, { [wih]: [rows, l === 0 ? e : h], [whh]: [rows, h], [bih]: [rows], [bhh]: [rows] });
  }
  return shapes;
}

/** Raised for a file that is not a usable folio checkpoint; the message is for the user. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}
