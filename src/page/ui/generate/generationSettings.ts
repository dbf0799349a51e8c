// The Generate panel's fields as typed (strings), and the requests they make, or the problems that keep
// them from being sent. Empty optional fields switch a filter off.
import {
  GENERATION_LIMITS,
  DEFAULT_GRID_TEMPERATURES,
  DEFAULT_PENALTY_WINDOW,
  parseTemperatureList,
  validateGenerationChoice,
  validateGrid,
  type SamplingFilters,
} from '../../../shared/generationConfig';
import type { GenerateRequest, TemperatureGridRequest } from '../../../shared/protocol';
import { formatCount } from '../common/format';

export type DecodingMethod = 'sample' | 'beam';

export interface GenerationSettings {
  seed: string;
  length: string;
  temperature: string;
  samplingSeed: string;
  /** Keep the sampling seed from one Generate to the next (repeat a text); off: a fresh seed each time. */
  pinSeed: boolean;
  method: DecodingMethod;
  topK: string;
  topP: string;
  repetitionPenalty: string;
  penaltyWindow: string;
  beamWidth: string;
  gridTemperatures: string;
}

/** The fields typed as text (every one but the keep-the-seed box). */
export type GenerationField = Exclude<keyof GenerationSettings, 'pinSeed'>;

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = {
  seed: 'ROMEO:',
  length: '1000',
  temperature: '0.8',
  samplingSeed: '1',
  pinSeed: false,
  method: 'sample',
  topK: '',
  topP: '',
  repetitionPenalty: '',
  penaltyWindow: String(DEFAULT_PENALTY_WINDOW),
  beamWidth: '4',
  gridTemperatures: DEFAULT_GRID_TEMPERATURES.join(', '),
};

export const MAX_LENGTH = 100_000;

/** A new sampling seed for a Generate press (0 to 2^31 - 1, as the field takes). */
export function freshSamplingSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] % 2 ** 31;
}

/** Whether the text depends on the sampling seed: sampling above temperature 0 (not greedy, not beam search). */
export function usesSamplingSeed(s: GenerationSettings): boolean {
  return s.method === 'sample' && Number(s.temperature) > 0;
}

/** '' -> undefined (off); anything else as a number (NaN when it is not one, for the checks to report). */
function optionalNumber(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

function baseProblems(s: GenerationSettings): {
  length: number;
  temperature: number;
  samplingSeed: number;
  problems: string[];
} {
  const length = Number(s.length);
  const temperature = Number(s.temperature);
  const samplingSeed = Number(s.samplingSeed);
  const problems: string[] = [];
  if (s.length.trim() === '' || !Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
    problems.push(`Length must be a whole number from 1 to ${formatCount(MAX_LENGTH)}.`);
  }
  if (
    s.temperature.trim() === '' ||
    !Number.isFinite(temperature) ||
    temperature < 0 ||
    temperature > GENERATION_LIMITS.maxTemperature
  ) {
    problems.push('Temperature must be a number from 0 to 10.');
  }
  if (
    s.samplingSeed.trim() === '' ||
    !Number.isInteger(samplingSeed) ||
    samplingSeed < 0 ||
    samplingSeed > 2 ** 31 - 1
  ) {
    problems.push('Sampling seed must be a whole number from 0 to 2147483647.');
  }
  return { length, temperature, samplingSeed, problems };
}

/** The filters the fields ask for; penalty and window only when a penalty is set. */
export function filtersFrom(s: GenerationSettings): SamplingFilters {
  const filters: SamplingFilters = {};
  const topK = optionalNumber(s.topK);
  const topP = optionalNumber(s.topP);
  const penalty = optionalNumber(s.repetitionPenalty);
  if (topK !== undefined) filters.topK = topK;
  if (topP !== undefined) filters.topP = topP;
  if (penalty !== undefined) {
    filters.repetitionPenalty = penalty;
    filters.penaltyWindow = optionalNumber(s.penaltyWindow) ?? DEFAULT_PENALTY_WINDOW;
  }
  return filters;
}

/** The generate request (seed replaced when branching), or why it cannot be sent. */
export function generateRequest(s: GenerationSettings, vocabSize?: number, seed = s.seed): GenerateRequest | string[] {
  const { length, temperature, samplingSeed, problems } = baseProblems(s);
  const decoding = s.method === 'beam' ? { beamWidth: Number(s.beamWidth) } : { filters: filtersFrom(s) };
  problems.push(...validateGenerationChoice(decoding, length, vocabSize));
  if (problems.length > 0) return problems;
  return { type: 'generate', seed, length, temperature, samplingSeed, ...decoding };
}

/** The temperature grid request (same seed, length, sampling seed and filters), or why it cannot be sent. */
export function gridRequest(s: GenerationSettings, vocabSize?: number): TemperatureGridRequest | string[] {
  const { length, samplingSeed, problems } = baseProblems({ ...s, temperature: '1' });
  const temperatures = parseTemperatureList(s.gridTemperatures);
  const filters = s.method === 'sample' ? filtersFrom(s) : {};
  problems.push(...validateGrid(temperatures, length), ...validateGenerationChoice({ filters }, length, vocabSize));
  if (problems.length > 0) return [...new Set(problems)];
  return { type: 'temperatureGrid', seed: s.seed, length, temperatures, samplingSeed, filters };
}
