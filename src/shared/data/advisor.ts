// The dataset advisor's arithmetic: model size against data size, and time per epoch from measured steps.
import { parameterCount, type ModelConfig } from '../config';

/** char-rnn's rule of thumb: parameters and characters of the same order. Past these ratios we say so. */
export const TOO_BIG_RATIO = 2;
export const TOO_SMALL_RATIO = 0.1;

export type SizeVerdict = 'balanced' | 'tooBig' | 'tooSmall';

export interface SizeAdvice {
  verdict: SizeVerdict;
  parameters: number;
  characters: number;
  /** parameters / characters. */
  ratio: number;
  /** GRU units that would give about as many parameters as characters (same embedding and vocabulary). */
  suggestedUnits: number;
}

/** The GRU width h where parameterCount ≈ target: solves 3h² + (3e + 6 + v)h + v(e + 1) = target. */
export function unitsForParameters(target: number, vocabSize: number, embeddingDim: number): number {
  const a = 3;
  const b = 3 * embeddingDim + 6 + vocabSize;
  const c = vocabSize * (embeddingDim + 1) - target;
  const h = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return Math.max(1, Math.round(Number.isFinite(h) ? h : 1));
}

export function sizeAdvice(model: ModelConfig, characters: number): SizeAdvice {
  const parameters = parameterCount(model);
  const ratio = parameters / Math.max(1, characters);
  const verdict: SizeVerdict = ratio > TOO_BIG_RATIO ? 'tooBig' : ratio < TOO_SMALL_RATIO ? 'tooSmall' : 'balanced';
  return { verdict, parameters, characters, ratio, suggestedUnits: unitsForParameters(characters, model.vocabSize, model.embeddingDim) };
}

export interface EpochEstimate {
  /** Median of the timed steps, in milliseconds. */
  msPerStep: number;
  stepsPerEpoch: number;
  secondsPerEpoch: number;
}

/** Time per epoch from measured step times: the median (one slow step should not decide) × steps. */
export function epochEstimate(stepTimesMs: readonly number[], stepsPerEpoch: number): EpochEstimate {
  if (stepTimesMs.length === 0) throw new Error('epochEstimate needs at least one timed step');
  const sorted = [...stepTimesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const msPerStep = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { msPerStep, stepsPerEpoch, secondsPerEpoch: (msPerStep * stepsPerEpoch) / 1000 };
}
