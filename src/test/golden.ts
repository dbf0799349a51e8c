// Reads the PyTorch golden model from ../shared/golden (beside the project, never committed into it).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Golden {
  /** Absent in the GRU files. */
  cell?: 'gru' | 'lstm' | 'rnn';
  sizes: { vocab: number; embedding: number; units: number; layers?: number; batch: number; time: number };
  inputs: number[][]; // [B, T]
  targets: number[][];
  weights: Record<string, number[] | number[][]>;
  gradients: Record<string, number[] | number[][]>;
  gru_outputs: number[][][]; // [B, T, H] of the top layer (the GRU files)
  outputs?: number[][][]; // the same in the other cells' files
  final_state: number[][] | number[][][]; // [B, H], or [L, B, H] in the layered and other cells' files
  final_cell?: number[][][]; // the LSTM's c [L, B, H]
  logits: number[][][];
  loss: number;
  greedy_continuation_of_row0: number[];
}

const GOLDEN_DIR = resolve(process.env.FOLIO_SHARED ?? resolve(__dirname, '../../../shared'), 'golden');
export const GOLDEN_PATH = resolve(GOLDEN_DIR, 'gru_char_model.json');
/** Two stacked layers, dropout off (nn.GRU(num_layers=2)). */
export const GOLDEN2_PATH = resolve(GOLDEN_DIR, 'gru2_char_model.json');

/** nn.LSTM(num_layers=1), nn.LSTM(num_layers=2) and the tanh nn.RNN, in the GRU files' layout. */
export const CELL_GOLDEN_PATHS = {
  lstm: resolve(GOLDEN_DIR, 'lstm_char_model.json'),
  lstm2: resolve(GOLDEN_DIR, 'lstm2_char_model.json'),
  rnn: resolve(GOLDEN_DIR, 'rnn_char_model.json'),
} as const;

/** The golden data, or null when ../shared is absent (then CI, which has it, must not skip). */
export function loadGolden(path = GOLDEN_PATH): Golden | null {
  if (!existsSync(path)) {
    if (process.env.CI) throw new Error(`golden file missing in CI: ${path}`);
    return null;
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Golden;
}

/** Largest violation of |a − b| ≤ rtol·|b| + atol, as a ratio (≤ 1 passes). */
export function worstRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, atol = 1e-7): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (rtol * Math.abs(expected[i]) + atol));
  }
  return worst;
}
