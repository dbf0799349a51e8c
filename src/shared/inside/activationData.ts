// What the neuron explorer receives from the worker: per character of a text, the hidden state h and the
// cell's own gates (shared/cell.ts CELL_SIGNALS) of every unit of every layer, and the model's likeliest next
// characters there.
import type { CellSignal } from '../cell';

/** The longest text the explorer reads in one pass (characters). */
export const INSPECT_MAX_LENGTH = 10_000;

export interface ActivationData {
  /** The text as read: characters outside the vocabulary are left out (and listed in unknownCharacters). */
  text: string;
  unknownCharacters: string[];
  steps: number;
  units: number;
  /** The signals the model's cell has, in the order the explorer lists them. */
  signals: CellSignal[];
  /** Per signal, per layer, bottom first, each [steps, units] row-major: the value after reading each character. */
  values: Partial<Record<CellSignal, Float32Array[]>>;
  /** After each character, the k likeliest next characters, best first, as vocabulary ids and probabilities [steps, k]. */
  topIds: Int32Array;
  topProbabilities: Float32Array;
  k: number;
  vocabulary: string[];
}

/** Where a copied span of a generated text occurs in the training text, for the memorisation meter. */
export interface CopiedPassage {
  /** In the generated text, in characters (code points). */
  start: number;
  length: number;
  /** In the training text: character offset, 1-based line and column, and the passage with a little after it. */
  offset: number;
  line: number;
  column: number;
  context: string;
}
