// The dataset advisor's arithmetic: model size against data size, and time per epoch from measured steps.
import { layerCount, parameterCount, type ModelConfig } from '../config';
import { CELL_GATES, cellOf } from '../cell';

/** char-rnn's rule of thumb: parameters and characters of the same order. Past these ratios we say so. */
export const TOO_BIG_RATIO = 2;
export const TOO_SMALL_RATIO = 0.1;

/** The smallest GRU the advisor suggests: below this a model cannot learn much of anything. */
export const MIN_SUGGESTED_UNITS = 8;

/** tooShort: even a GRU of MIN_SUGGESTED_UNITS would far outnumber the text's characters. */
export type SizeVerdict = 'balanced' | 'tooBig' | 'tooSmall' | 'tooShort';

export interface SizeAdvice {
  verdict: SizeVerdict;
  parameters: number;
  characters: number;
  /** parameters / characters. */
  ratio: number;
  /** GRU units that would give about as many parameters as characters (same embedding and vocabulary), at least MIN_SUGGESTED_UNITS. */
  suggestedUnits: number;
}

/**
 * The width h where parameterCount ≈ target for a cell of G gates (3 GRU, 4 LSTM, 1 RNN): solves
 * Gh² + (Ge + 2G + v)h + v(e + 1) + (L − 1)(2Gh² + 2Gh) = target (each layer above the first adds two H×GH
 * kernels and two biases).
 */
export function unitsForParameters(
  target: number,
  vocabSize: number,
  embeddingDim: number,
  layers = 1,
  gates = CELL_GATES.gru,
): number {
  const a = gates + 2 * gates * (layers - 1);
  const b = gates * embeddingDim + 2 * gates + vocabSize + 2 * gates * (layers - 1);
  const c = vocabSize * (embeddingDim + 1) - target;
  const h = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return Math.max(1, Math.round(Number.isFinite(h) ? h : 1));
}

export function sizeAdvice(model: ModelConfig, characters: number): SizeAdvice {
  const parameters = parameterCount(model);
  const ratio = parameters / Math.max(1, characters);
  const gates = CELL_GATES[cellOf(model)];
  const fitting = unitsForParameters(characters, model.vocabSize, model.embeddingDim, layerCount(model), gates);
  const smallest = parameterCount({ ...model, units: MIN_SUGGESTED_UNITS });
  let verdict: SizeVerdict = ratio > TOO_BIG_RATIO ? 'tooBig' : ratio < TOO_SMALL_RATIO ? 'tooSmall' : 'balanced';
  if (verdict === 'tooBig' && smallest / Math.max(1, characters) > TOO_BIG_RATIO) verdict = 'tooShort';
  return { verdict, parameters, characters, ratio, suggestedUnits: Math.max(MIN_SUGGESTED_UNITS, fitting) };
}

export interface EpochEstimate {
  /** Smoothed time of a training step, in milliseconds, measured as a run measures itself. */
  msPerStep: number;
  stepsPerEpoch: number;
  secondsPerEpoch: number;
}

/** Time per epoch from a measured step time. */
export function epochEstimate(msPerStep: number, stepsPerEpoch: number): EpochEstimate {
  if (!(msPerStep >= 0)) throw new Error('epochEstimate needs a measured step time');
  return { msPerStep, stepsPerEpoch, secondsPerEpoch: (msPerStep * stepsPerEpoch) / 1000 };
}
