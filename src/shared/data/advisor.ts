// The dataset advisor's arithmetic: model size against data size, and time per epoch from measured steps.
import { layerCount, parameterCount, type ModelConfig } from '../config';

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
 * The GRU width h where parameterCount ≈ target: solves 3h² + (3e + 6 + v)h + v(e + 1) + (L − 1)(6h² + 6h) = target
 * (each layer above the first adds two H×3H kernels and two biases).
 */
export function unitsForParameters(target: number, vocabSize: number, embeddingDim: number, layers = 1): number {
  const a = 3 + 6 * (layers - 1);
  const b = 3 * embeddingDim + 6 + vocabSize + 6 * (layers - 1);
  const c = vocabSize * (embeddingDim + 1) - target;
  const h = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return Math.max(1, Math.round(Number.isFinite(h) ? h : 1));
}

export function sizeAdvice(model: ModelConfig, characters: number): SizeAdvice {
  const parameters = parameterCount(model);
  const ratio = parameters / Math.max(1, characters);
  const fitting = unitsForParameters(characters, model.vocabSize, model.embeddingDim, layerCount(model));
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
