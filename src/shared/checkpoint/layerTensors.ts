// The cell layer tensors of a checkpoint against its declared cell and layer count, checked by name before any
// shape: an LSTM's file must hold lstm.* tensors for exactly its layers, and a GRU's nothing but gru.* ones.
import type { ModelConfig } from '../config';
import { CELL_LABELS, CELLS, cellOf } from '../cell';
import { CheckpointFormatError, type StoredTensor } from './types';

const LAYER_TENSOR = new RegExp(
  `^(?:optimizer\\.adam\\.[mv]\\.)?(${CELLS.join('|')})\\.(?:weight|bias)_(?:ih|hh)_l(\\d+)$`,
);

/** Cell layer tensors must be the declared cell's, for the declared layer count: none missing, none beyond it. */
export function checkLayerTensors(tensors: Record<string, StoredTensor>, model: ModelConfig): void {
  const layers = model.layers ?? 1;
  const cell = cellOf(model);
  const label = CELL_LABELS[cell];
  const found = new Set<number>();
  for (const name of Object.keys(tensors)) {
    const match = LAYER_TENSOR.exec(name);
    if (!match) continue;
    if (match[1] !== cell) {
      throw new CheckpointFormatError(
        `The checkpoint declares ${cell === 'gru' ? 'a' : 'an'} ${label} cell, but it holds ${CELL_LABELS[match[1] as typeof cell]} tensors ("${name}").`,
      );
    }
    found.add(Number(match[2]));
  }
  const extra = [...found].filter((l) => l >= layers).sort((a, b) => a - b);
  if (extra.length > 0) {
    throw new CheckpointFormatError(
      `The checkpoint declares ${layers} ${label} layer${layers === 1 ? '' : 's'}, but it holds tensors of layer ${extra[0]} too.`,
    );
  }
  for (let l = 0; l < layers; l++) {
    if (!found.has(l))
      throw new CheckpointFormatError(
        `The checkpoint declares ${layers} ${label} layers, but ${label} layer ${l} is missing.`,
      );
  }
}
