// The recurrent cell as data, as PyTorch's RNNBase describes it: a mode and a gate multiplier decide the weight
// shapes (W_ih [G·H, E], W_hh [G·H, H], b_ih and b_hh [G·H]); the state planes are what each layer carries from
// one character to the next. The gate math lives with the model (worker/model/cells.ts).

/** PyTorch's module names, which are also the checkpoint's weight prefixes (gru.*, lstm.*, rnn.*). */
export type CellName = 'gru' | 'lstm' | 'rnn';
export const CELLS: readonly CellName[] = ['gru', 'lstm', 'rnn'];

/** Gate blocks of H rows in W_ih and W_hh: GRU r, z, n; LSTM i, f, g, o; the tanh RNN one. */
export const CELL_GATES: Record<CellName, number> = { gru: 3, lstm: 4, rnn: 1 };

/** State planes of H units per layer: h, and the LSTM's c after it. */
export const CELL_PLANES: Record<CellName, number> = { gru: 1, lstm: 2, rnn: 1 };

/**
 * What the neuron explorer can show of each unit, per character: h for every cell, and the cell's own gates
 * (GRU z update, r reset; LSTM i input, f forget, o output, g the candidate, c the cell state).
 */
export type CellSignal = 'h' | 'z' | 'r' | 'i' | 'f' | 'o' | 'g' | 'c';
export const CELL_SIGNALS: Record<CellName, readonly CellSignal[]> = {
  gru: ['h', 'z', 'r'],
  lstm: ['i', 'f', 'o', 'g', 'c', 'h'],
  rnn: ['h'],
};

/** The cell in words, as the settings and labels show it. */
export const CELL_LABELS: Record<CellName, string> = { gru: 'GRU', lstm: 'LSTM', rnn: 'RNN' };

/** The cell of a config; configs and checkpoints from before cells existed are GRUs. */
export const cellOf = (m: { cell?: CellName }): CellName => m.cell ?? 'gru';

export const isCellName = (x: unknown): x is CellName => CELLS.includes(x as CellName);
